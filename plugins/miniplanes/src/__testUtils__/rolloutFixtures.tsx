import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  RolloutAction,
  RolloutState,
  RolloutView,
} from '@miniplanes/plugin-miniplanes-common';
import { http } from 'msw';
import { RolloutCard } from '../components/EntityPlacementContent/RolloutCard';
import { serviceUrl } from './apiHandlers';
import { renderWithMiniplanes, setupMiniplanesServer } from './testApp';

/** Where the storage service's rollout takes its commands. */
const rolloutUrl = `${serviceUrl('storage')}/rollout`;

/** A rollout whose canary stage is done and whose gated stage waits for an approver. */
const waitingRollout: RolloutView = {
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

/**
 * One file's RolloutCard tests: a msw server for the storage service's
 * rollout, answering the card's commands as the test tells it, and the card
 * rendered with the waiting rollout or a state changed from it.
 */
export function setupRolloutCard() {
  const server = setupMiniplanesServer();
  /** The waiting rollout's state with `change` made to it. */
  const state = (change: Partial<RolloutState> = {}): RolloutState => ({
    ...waitingRollout.state!,
    ...change,
  });
  return {
    state,
    /**
     * Answers the card's POST of `action` with what `respond` gives, from then
     * on, and gives back the bodies the card posts, in order.
     */
    answer(action: RolloutAction, respond: () => Response): unknown[] {
      const posted: unknown[] = [];
      server.use(
        http.post(`${rolloutUrl}/${action}`, async ({ request }) => {
          posted.push(await request.json());
          return respond();
        }),
      );
      return posted;
    },
    /**
     * Renders the storage service's rollout card, the permission framework
     * answering `allow`, the rollout waiting unless `state` changes it.
     */
    render(options: {
      allow: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      state?: Partial<RolloutState>;
      onChanged?: () => void;
    }) {
      return renderWithMiniplanes(
        <RolloutCard
          entityRef="component:default/storage"
          rollout={{ ...waitingRollout, state: state(options.state) }}
          onChanged={options.onChanged ?? jest.fn()}
        />,
        {
          apis: [
            [
              permissionApiRef,
              mockApis.permission({ authorize: options.allow }),
            ],
          ],
        },
      );
    },
  };
}
