import { PlacementRequest } from '@miniplanes/plugin-miniplanes-common';
import { computeOnlyService } from './storeDatabases';

/**
 * amy's pending request for three replicas of ui, filed against its version 1,
 * with an empty decision and no checks; `overrides` set what a test is about.
 */
export function uiRequest(
  id: string,
  overrides: Partial<PlacementRequest> = {},
): PlacementRequest {
  return {
    id,
    entityRef: 'component:default/ui',
    status: 'pending',
    requestedBy: 'user:default/amy',
    reason: 'more replicas for the sale',
    spec: computeOnlyService('ui', 3),
    decision: { satisfiable: true, clusters: [], unsatisfied: [], summary: [] },
    diff: { changes: [], dataMoves: [], unchanged: true },
    checks: [],
    baseSpecVersion: 1,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}
