import { useApi } from '@backstage/frontend-plugin-api';
import {
  ClusterProfile,
  DecisionChange,
  diffDecisions,
  evaluatePlacement,
  FederatedService,
  FleetGovernance,
  PlacementDecision,
} from '@miniplanes/plugin-miniplanes-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { miniplanesApiRef } from '../../api';
import { browserFleet, localEvaluationBlocker } from './localEvaluation';

interface ServerAnswer {
  service: FederatedService;
  decision?: PlacementDecision;
  error?: Error;
}

/** How long typing must pause before the server is asked. */
export const SERVER_PREVIEW_DELAY_MS = 400;

export interface PlacementPreview {
  /** The decision to show: the server's once it answered for this very draft, else the browser's. */
  decision?: PlacementDecision;
  source?: 'browser' | 'server';
  /** Why the browser could not evaluate the draft itself. */
  browserBlocker?: string;
  /** The server has not answered for the current draft yet. */
  serverPending: boolean;
  serverError?: Error;
  /** Where the server's answer differs from the browser's, for the same draft. */
  serverDiffers?: { changes: DecisionChange[]; satisfiable: boolean };
}

/**
 * The decision a draft would get. The shared engine answers at once in the
 * browser when it has everything the draft depends on; POST /preview,
 * debounced, is the source of truth and is shown when it disagrees.
 */
export function usePlacementPreview(input: {
  service?: FederatedService;
  clusters?: ClusterProfile[];
  /** The fleet's data rules; undefined until read, or when they cannot be. */
  governance?: FleetGovernance;
  current?: PlacementDecision;
}): PlacementPreview {
  const { service, clusters, governance, current } = input;
  const api = useApi(miniplanesApiRef);

  const browser = useMemo(() => {
    if (!service) return undefined;
    if (!clusters) return { blocker: 'the fleet is not loaded' };
    const blocker = localEvaluationBlocker(service, clusters, governance);
    if (blocker) return { blocker };
    return {
      decision: evaluatePlacement({
        service,
        fleet: browserFleet(clusters, governance),
        // As the server does: prefer where the service runs today.
        previous: current,
      }),
    };
  }, [service, clusters, governance, current]);

  const [asked, setAsked] = useState(service);
  useDebounce(() => setAsked(service), SERVER_PREVIEW_DELAY_MS, [service]);
  // Each answer names the draft it is for: a stale one is never shown as current.
  const { value: answer } = useAsync(async (): Promise<
    ServerAnswer | undefined
  > => {
    if (!asked) return undefined;
    try {
      return { service: asked, decision: await api.preview(asked) };
    } catch (error) {
      return { service: asked, error: error as Error };
    }
  }, [api, asked]);
  const answered = answer?.service === service ? answer : undefined;
  const serverCurrent = answered?.decision;

  const serverDiffers = useMemo(() => {
    if (!serverCurrent || !browser?.decision) return undefined;
    const diff = diffDecisions(browser.decision, serverCurrent);
    const satisfiable = serverCurrent.satisfiable;
    return diff.unchanged && satisfiable === browser.decision.satisfiable
      ? undefined
      : { changes: diff.changes, satisfiable };
  }, [browser, serverCurrent]);

  const decision = serverCurrent ?? browser?.decision;
  return {
    decision,
    source: serverCurrent ? 'server' : decision && 'browser',
    browserBlocker: browser?.blocker,
    serverPending: Boolean(service) && !answered,
    serverError: answered?.error,
    serverDiffers,
  };
}
