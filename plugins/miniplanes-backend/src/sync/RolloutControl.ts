import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  actOnRollout,
  planRollout,
  RolloutAction,
  RolloutState,
  RolloutView,
} from '@miniplanes/plugin-miniplanes-common';
import { ChangeListeners } from '../lib/ChangeListeners';
import { MiniplanesStore, StoredService } from '../store/MiniplanesStore';
import { RolloutStore } from '../store/RolloutStore';

/**
 * What people do to a staged rollout: an approver opens a stage's gate
 * (never the person who asked for the version, as with requests), pauses,
 * resumes or aborts it (rolling every changed cluster back). Each action is
 * recorded in the service's history; the sync carries it out (it listens to
 * `onChange`).
 */
export class RolloutControl {
  private readonly changes = new ChangeListeners();

  constructor(
    private readonly options: {
      store: MiniplanesStore;
      rollouts: RolloutStore;
      now?: () => Date;
    },
  ) {}

  onChange(listener: (entityRef: string) => void): () => void {
    return this.changes.add(listener);
  }

  /**
   * The rollout of the service's current version, when it has
   * `spec.rollout`: its plan, and its progress when it rolls out. Takes the
   * service its caller already read.
   */
  async view(service: StoredService): Promise<RolloutView | undefined> {
    const { entityRef } = service;
    if (!service.decision || !service.spec.spec.rollout) return undefined;
    const state = (await this.options.rollouts.list([entityRef])).get(
      entityRef,
    );
    return {
      plan: planRollout(service.spec.spec.rollout, service.decision),
      ...(state?.specVersion === service.specVersion ? { state } : {}),
    };
  }

  async act(input: {
    entityRef: string;
    action: RolloutAction;
    actor: string;
    stage?: string;
    comment?: string;
  }): Promise<RolloutState> {
    const { store, rollouts } = this.options;
    const { entityRef, action, actor } = input;
    const service = await store.getService(entityRef);
    if (!service) {
      throw new NotFoundError(`${entityRef} is not a federated service`);
    }
    // The sync may advance the rollout meanwhile: the action is taken again
    // on what it wrote, never over it.
    let next: RolloutState | undefined;
    let state: RolloutState | undefined;
    for (let attempt = 0; attempt < 5 && !next; attempt += 1) {
      state = (await rollouts.list([entityRef])).get(entityRef);
      const acted = await this.actOn(service, state, input);
      if (await rollouts.put(entityRef, acted, state)) next = acted;
    }
    if (!next || !state) {
      throw new ConflictError(
        'the rollout kept changing while your action was recorded; try again',
      );
    }
    await store.addEvent({
      entityRef,
      type: `rollout.${action}`,
      actor,
      message: `${
        action === 'approveStage'
          ? `stage ${input.stage} approved`
          : `rollout ${action === 'abort' ? 'aborted' : `${action}d`}`
      } for spec version ${state.specVersion}${
        input.comment ? `: ${input.comment}` : ''
      }`,
    });
    this.changes.notify(entityRef);
    return next;
  }

  /** The rollout after the action, or why the action cannot be taken. */
  private async actOn(
    service: { specVersion: number },
    state: RolloutState | undefined,
    input: {
      entityRef: string;
      action: RolloutAction;
      actor: string;
      stage?: string;
    },
  ): Promise<RolloutState> {
    const { entityRef, action, actor } = input;
    if (!state || state.specVersion !== service.specVersion) {
      throw new NotFoundError(
        `${entityRef} has no staged rollout of its current version`,
      );
    }
    if (state.phase === 'Completed' || state.phase === 'RolledBack') {
      throw new ConflictError(
        `the rollout is ${state.phase}: nothing to ${action}`,
      );
    }
    if (action === 'approveStage') {
      const stage = state.stages.find(s => s.name === input.stage);
      if (!stage) {
        throw new NotFoundError(
          `no stage ${input.stage ?? '(none given)'}; stages: ${state.stages
            .map(s => s.name)
            .join(', ')}`,
        );
      }
      if (await this.requestedBy(entityRef, state.specVersion, actor)) {
        throw new NotAllowedError(
          'you asked for this version; another approver must open its gates',
        );
      }
    }
    return actOnRollout(
      state,
      action === 'approveStage'
        ? { type: action, stage: input.stage!, actor }
        : { type: action, actor },
      this.options.now?.() ?? new Date(),
    );
  }

  /** Whether the actor filed the request that became this version. */
  private async requestedBy(entityRef: string, version: number, actor: string) {
    const { store } = this.options;
    for (const request of await store.listRequests({ entityRef })) {
      if (request.requestedBy !== actor) continue;
      if ((await store.specVersionOfRequest(request.id)) === version)
        return true;
    }
    return false;
  }
}
