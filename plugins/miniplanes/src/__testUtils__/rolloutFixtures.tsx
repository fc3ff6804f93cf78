import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { RolloutView } from '@miniplanes/plugin-miniplanes-common';
import { RolloutCard } from '../components/EntityPlacementContent/RolloutCard';
import { serviceUrl } from './apiHandlers';
import { renderWithMiniplanes } from './testApp';

/** Where the storage service's rollout takes its commands. */
export const rolloutUrl = `${serviceUrl('storage')}/rollout`;

/** A rollout whose canary stage is done and whose gated stage waits for an approver. */
export const waitingRollout: RolloutView = {
  plan: {
    stages: [
      {
        name: 'canary',
        clusters: ['us-east'],
        maxConcurrency: 1,
        minHealthyTimeMs: 0,
        approval: false,
      },
      {
        name: 'rest',
        clusters: ['us-pet'],
        maxConcurrency: 1,
        minHealthyTimeMs: 0,
        approval: true,
      },
    ],
    progressDeadlineMs: 600_000,
    onFailure: 'Rollback',
  },
  state: {
    specVersion: 3,
    phase: 'WaitingApproval',
    stages: [
      { name: 'canary', state: 'Completed' },
      { name: 'rest', state: 'WaitingApproval' },
    ],
    clusters: {
      'us-east': {
        stage: 'canary',
        state: 'Updated',
        since: '2026-12-02T10:00:00Z',
      },
      'us-pet': {
        stage: 'rest',
        state: 'Pending',
        since: '2026-12-02T10:00:00Z',
      },
    },
  },
};

/** Renders the storage service's rollout card, the permission framework answering `allow`. */
export function renderRolloutCard(
  rollout: RolloutView,
  allow: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  onChanged = jest.fn(),
) {
  return renderWithMiniplanes(
    <RolloutCard
      entityRef="component:default/storage"
      rollout={rollout}
      onChanged={onChanged}
    />,
    {
      apis: [[permissionApiRef, mockApis.permission({ authorize: allow })]],
    },
  );
}
