import { dataClustersOf } from '@miniplanes/plugin-miniplanes-common';
import { holdsData } from '../../store/inventoryEntries';
import { BackendInstance } from './backendInstance';

/**
 * miniplanes' own view of each service over the steps: the spec version it
 * holds, where its decision puts data, and which data objects its inventory
 * keeps as retained. Never used to judge (the checker judges by the
 * clusters' write logs and the scenario's model); attached to a report of
 * data deleted or placed, so the report can be explained without a replay.
 */
export class PlacementTimeline {
  private readonly lines = new Map<string, string[]>();
  private readonly last = new Map<string, string>();

  async record(step: number, backend: BackendInstance, entityRefs: string[]) {
    const entries = await backend.inventory.list({ entityRefs });
    for (const entityRef of entityRefs) {
      const service = await backend.store.getService(entityRef);
      if (!service) continue;
      const data = service.decision
        ? dataClustersOf(service.decision).sort().join(',')
        : 'no decision';
      const retained = entries
        .filter(
          e =>
            e.entityRef === entityRef && e.state === 'retained' && holdsData(e),
        )
        .map(e => `${e.cluster}:${e.kind}/${e.name}`)
        .sort()
        .join(',');
      const view = `v${service.specVersion} data on [${data}], retained [${retained}]`;
      if (this.last.get(entityRef) === view) continue;
      this.last.set(entityRef, view);
      const list = this.lines.get(entityRef) ?? [];
      list.push(`step ${step}: ${view}`);
      this.lines.set(entityRef, list);
    }
  }

  /** The service's lines, for a report. */
  of(entityRef: string): string {
    const lines = this.lines.get(entityRef);
    return lines?.length
      ? ` (miniplanes' own view of it: ${lines.join('; ')})`
      : '';
  }
}
