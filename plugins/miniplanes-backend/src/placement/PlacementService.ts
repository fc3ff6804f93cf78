import { LoggerService } from '@backstage/backend-plugin-api';
import {
  createPlacementEvaluator,
  diffDecisions,
  evaluatePlacement,
  FederatedService,
  formatValidationIssues,
  parseFederatedService,
  PlacementDecision,
  PlacementPlugin,
} from '@miniplanes/plugin-miniplanes-common';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FleetService } from '../fleet/FleetService';
import { describeFailover } from './describeFailover';
import { MiniplanesStore, StoredService } from '../store/types';
import { ChangeListeners } from '../lib/ChangeListeners';

/**
 * Keeps each federated service's decision current: evaluates new specs, and
 * re-evaluates every service when the fleet changes, preferring where things
 * already run (the engine's stability rule).
 */
export class PlacementService {
  private readonly changes = new ChangeListeners();

  constructor(
    private readonly store: MiniplanesStore,
    private readonly fleet: FleetService,
    private readonly logger: LoggerService,
    private readonly plugins?: PlacementPlugin[],
  ) {}

  /** Calls the listener whenever a service's spec or decision changes (the sync reacts to it). */
  onChange(listener: (entityRef: string) => void): () => void {
    return this.changes.add(listener);
  }

  evaluate(
    spec: FederatedService,
    previous?: PlacementDecision,
  ): PlacementDecision {
    return evaluatePlacement({
      service: spec,
      fleet: this.fleet.getFleet(),
      previous,
      ...(this.plugins ? { plugins: this.plugins } : {}),
    });
  }

  /** Stores a new spec version and its decision. */
  async putSpec(input: {
    spec: FederatedService;
    source: StoredService['source'];
    actor?: string;
    requestId?: string;
  }): Promise<StoredService> {
    const entityRef = input.spec.metadata.entityRef;
    const before = await this.store.getService(entityRef);
    const stored = await this.store.putSpec({ entityRef, ...input });
    const decision = this.evaluate(input.spec, before?.decision);
    await this.store.setDecision(entityRef, decision);
    await this.store.addEvent({
      entityRef,
      requestId: input.requestId,
      type: 'spec.changed',
      actor: input.actor,
      message: `spec version ${stored.specVersion} from ${input.source}`,
      details: { diff: diffDecisions(before?.decision, decision) },
    });
    this.changes.notify(entityRef);
    return { ...stored, decision };
  }

  /** Re-evaluates every service against the current fleet; records what moved and why. */
  async reevaluateAll(): Promise<number> {
    let changed = 0;
    // The bulk path: services with the same policy share one evaluation.
    const evaluator = createPlacementEvaluator({
      fleet: this.fleet.getFleet(),
      ...(this.plugins ? { plugins: this.plugins } : {}),
    });
    for (const service of await this.store.listServices()) {
      const decision = evaluator
        .evaluate(service.spec, service.decision)
        .toPlacementDecision();
      if (JSON.stringify(decision) === JSON.stringify(service.decision))
        continue;
      changed += 1;
      const diff = diffDecisions(service.decision, decision);
      await this.store.setDecision(service.entityRef, decision);
      if (!diff.unchanged) {
        const failover = describeFailover(diff, decision);
        await this.store.addEvent({
          entityRef: service.entityRef,
          type: failover ? 'placement.failover' : 'decision.changed',
          message: failover
            ? `failover: ${failover}`
            : `placement changed after a fleet change: ${diff.changes
                .map(c => `${c.role} on ${c.cluster} ${c.before}→${c.after}`)
                .join(', ')}`,
          details: { diff },
        });
      }
      this.changes.notify(service.entityRef);
    }
    return changed;
  }

  /**
   * Loads the FederatedService documents of a directory (the demo's seed),
   * for services not stored yet. Invalid files are logged with every problem
   * and skipped.
   */
  async loadSeedDirectory(directory: string): Promise<number> {
    const dir = resolve(directory);
    let loaded = 0;
    const files = (await readdir(dir))
      .filter(f => /\.(ya?ml|json)$/.test(f))
      .sort();
    for (const file of files) {
      const result = parseFederatedService(
        await readFile(join(dir, file), 'utf8'),
      );
      if (!result.ok) {
        this.logger.error(
          `Seed ${file} is invalid:\n${formatValidationIssues(result.issues)}`,
        );
        continue;
      }
      if (await this.store.getService(result.value.metadata.entityRef))
        continue;
      await this.putSpec({ spec: result.value, source: 'seed' });
      loaded += 1;
    }
    this.logger.info(`Loaded ${loaded} federated service(s) from ${dir}`);
    return loaded;
  }
}
