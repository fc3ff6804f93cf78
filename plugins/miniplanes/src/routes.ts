import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Fleet page. Shared by both frontend systems (see legacy/plugin.ts). */
export const fleetRouteRef = createRouteRef();

/** The Placement requests page, which the request dialog links to. */
export const requestsRouteRef = createRouteRef();

/** The printable evidence for auditors of one service (`?entity=`), linked from the Placement tab. */
export const evidenceRouteRef = createRouteRef();
