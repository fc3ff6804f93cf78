import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import {
  FederatedServiceView,
  FleetCluster,
  FleetGovernance,
  PlacementRequestView,
  SovereigntyChange,
} from '../api';
import { apiBase } from './testFixtures';

/** An error answer as Backstage's error handler sends it from the backend. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json({ error: { name, message } }, { status });
}

/** Where GET serves the service of the component `name` (default namespace). */
export function serviceUrl(name: string) {
  return `${apiBase}/services/default/component/${name}`;
}

/** Serves `view` as the service of its component, from then on. */
export function serveService(server: SetupServer, view: FederatedServiceView) {
  const name = view.entityRef.split('/')[1];
  server.use(http.get(serviceUrl(name), () => HttpResponse.json(view)));
}

/** What GET answers, as `{ items }`, on each of the API's list routes. */
interface Lists {
  clusters: FleetCluster[];
  requests: PlacementRequestView[];
  'sovereignty-changes': SovereigntyChange[];
}

/** Serves `items` as the list GET /`list` answers, from then on. */
export function serveList<L extends keyof Lists>(
  server: SetupServer,
  list: L,
  items: Lists[L],
) {
  server.use(
    http.get(`${apiBase}/${list}`, () => HttpResponse.json({ items })),
  );
}

/** Serves `governance` as GET /governance answers, from then on. */
export function serveGovernance(
  server: SetupServer,
  governance: FleetGovernance,
) {
  server.use(
    http.get(`${apiBase}/governance`, () => HttpResponse.json(governance)),
  );
}
