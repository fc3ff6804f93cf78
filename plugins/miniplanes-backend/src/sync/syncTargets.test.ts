import {
  evaluatePlacement,
  FederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { exampleService } from '../__testUtils__/syncHarness';
import { demoFleet } from '../__testUtils__/sync/demoFleet';
import { inventoryEntry } from '../__testUtils__/sync/inventoryEntry';
import { SyncVersion, versionTarget, VersionTargetInput } from './syncTargets';

/**
 * The demo fleet without its connection settings: every cluster on the
 * gateway default, whose Service in the compute cluster takes the data
 * Service's name, so it is the one that could take over data.
 */
function gatewayDefaultFleet() {
  const fleet = demoFleet();
  return {
    ...fleet,
    clusters: fleet.clusters.map(({ connections: _ignored, ...c }) => c),
  };
}

const mongodb = (kind: 'StatefulSet' | 'Service') => ({
  apiVersion: kind === 'Service' ? 'v1' : 'apps/v1',
  kind,
  namespace: 'miniplanes',
  name: 'mongodb',
});

/** What the sync writes of the spec's version, nothing pending release. */
function targetOf(
  spec: FederatedService,
  version: Omit<SyncVersion, 'spec'>,
  input: Pick<VersionTargetInput, 'clusters' | 'fleet'> &
    Partial<Pick<VersionTargetInput, 'inventory'>>,
) {
  return versionTarget({
    entityRef: spec.metadata.entityRef,
    version: { ...version, spec },
    inventory: [],
    releases: [],
    ...input,
  });
}

describe('versionTarget', () => {
  it('never renders data for a cluster outside its jurisdictions, whatever the decision says', () => {
    const spec = exampleService('storage');
    const fleet = gatewayDefaultFleet();
    const decision = evaluatePlacement({ service: spec, fleet });
    // The cluster was relabelled after the decision was made.
    const relabelled = {
      ...fleet,
      clusters: fleet.clusters.map(c =>
        c.name === 'us-east'
          ? { ...c, labels: { ...c.labels, jurisdiction: 'FR' } }
          : c,
      ),
    };
    const result = targetOf(
      spec,
      { specVersion: 1, decision },
      { clusters: ['us-east', 'us-pet'], fleet: relabelled },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kinds = (cluster: string) =>
      result.target.desired
        .get(cluster)!
        .map(d => `${d.role} ${d.manifest.kind}`);
    expect(kinds('us-east')).toEqual([
      'config ConfigMap',
      'compute Deployment',
      // Velero's objects are no data: they back up what the cluster holds to the US bucket.
      'config BackupStorageLocation',
      'config Schedule',
      // Compute there reaches the data in us-pet.
      'access Service',
      'access EndpointSlice',
    ]);
    expect(kinds('us-pet')).toContain('data StatefulSet');
    expect(result.target.refused?.get('us-east')).toEqual([
      expect.objectContaining({
        kind: 'StatefulSet',
        state: 'Error',
        message: expect.stringMatching(
          /^refused to write StatefulSet miniplanes\/mongodb: it holds data, and jurisdiction FR not in residency \[US\]/,
        ),
      }),
      expect.objectContaining({ kind: 'Service', state: 'Error' }),
      // The replicated ledger is data too.
      expect.objectContaining({
        kind: 'Cluster',
        name: 'ledger',
        state: 'Error',
      }),
    ]);
  });

  it('never writes an object that held data to a cluster outside the residency, even once a version calls it compute', () => {
    // An approved version turned the EU-only ledger into compute and moved
    // the residency to the US; the ledger in eu-west held data.
    const spec = exampleService('storage');
    spec.spec.data = { ...spec.spec.data!, residency: ['US'] };
    spec.spec.placement = {
      ...spec.spec.placement,
      requires: [],
      computeOutsideResidency: true,
      replicas: { total: 1, mode: 'Duplicated' },
    };
    spec.spec.resources = spec.spec.resources
      .filter(r => r.manifest.kind === 'StatefulSet')
      .map(r => ({ ...r, role: 'compute' as const }));
    const fleet = gatewayDefaultFleet();
    const decision = evaluatePlacement({ service: spec, fleet });
    expect(decision.clusters.find(c => c.name === 'eu-west')?.selected).toBe(
      true,
    );
    const result = targetOf(
      spec,
      { specVersion: 2, decision },
      {
        clusters: ['eu-west', 'us-east'],
        fleet,
        inventory: [
          inventoryEntry(
            { cluster: 'eu-west', entityRef: spec.metadata.entityRef },
            mongodb('StatefulSet'),
            { uid: 'u-1', role: 'data', state: 'applied', specVersion: 1 },
          ),
        ],
      },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kinds = (cluster: string) =>
      result.target.desired.get(cluster)!.map(d => d.manifest.kind);
    expect(kinds('eu-west')).not.toContain('StatefulSet');
    expect(kinds('us-east')).toContain('StatefulSet');
    expect(result.target.refused?.get('eu-west')).toEqual([
      expect.objectContaining({
        kind: 'StatefulSet',
        state: 'Error',
        message: expect.stringMatching(
          /^refused to write StatefulSet miniplanes\/mongodb: it holds data, and jurisdiction IE not in residency \[US\]/,
        ),
      }),
    ]);
  });

  it('routes compute to the data without taking over a data object kept in the cluster', () => {
    const spec = exampleService('storage');
    const fleet = gatewayDefaultFleet();
    const decision = evaluatePlacement({
      service: spec,
      fleet,
      pinnedData: ['us-pet'],
    });
    const result = targetOf(
      spec,
      { specVersion: 2, decision },
      {
        clusters: ['us-east', 'us-pet'],
        fleet,
        // The data Service left on us-east is retained there.
        inventory: [
          inventoryEntry(
            { cluster: 'us-east', entityRef: spec.metadata.entityRef },
            mongodb('Service'),
            { role: 'data', state: 'retained' },
          ),
        ],
      },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(
      result.target.desired
        .get('us-east')!
        .map(d => `${d.role} ${d.manifest.kind}`),
    ).toEqual(['config ConfigMap', 'compute Deployment']);
  });
});
