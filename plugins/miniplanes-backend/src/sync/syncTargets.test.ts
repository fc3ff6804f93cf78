import {
  evaluatePlacement,
  FederatedService,
  PlacementDecision,
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

/** What the sync writes of the spec's version, nothing pending release. */
function targetOf(
  spec: FederatedService,
  version: Omit<SyncVersion, 'spec'>,
  input: Pick<VersionTargetInput, 'clusters' | 'fleet'> &
    Partial<Pick<VersionTargetInput, 'inventory' | 'portal'>>,
) {
  return versionTarget({
    entityRef: spec.metadata.entityRef,
    version: { ...version, spec },
    inventory: [],
    releases: [],
    installation: 'installation-a',
    ...input,
  });
}

/**
 * Version 2's target while the inventory still holds the service's mongodb
 * `kind` on `kept.cluster` from before (the rest of `kept` says how).
 */
function targetKeepingMongodb(
  spec: FederatedService,
  decision: PlacementDecision,
  input: Pick<VersionTargetInput, 'clusters' | 'fleet'>,
  kept: { cluster: string; kind: 'StatefulSet' | 'Service' } & Parameters<
    typeof inventoryEntry
  >[2],
) {
  const { cluster, kind, ...record } = kept;
  const mongodb = {
    apiVersion: kind === 'Service' ? 'v1' : 'apps/v1',
    kind,
    namespace: 'miniplanes',
    name: 'mongodb',
  };
  return targetOf(
    spec,
    { specVersion: 2, decision },
    {
      ...input,
      inventory: [
        inventoryEntry(
          { cluster, entityRef: spec.metadata.entityRef },
          mongodb,
          record,
        ),
      ],
    },
  );
}

/** How the target refuses the mongodb StatefulSet, which holds data, in a cluster of that jurisdiction outside the US. */
const refusedMongodbIn = (jurisdiction: string) =>
  expect.objectContaining({
    kind: 'StatefulSet',
    state: 'Error',
    message: expect.stringMatching(
      new RegExp(
        `^refused to write StatefulSet miniplanes/mongodb: it holds data, and jurisdiction ${jurisdiction} not in residency \\[US\\]`,
      ),
    ),
  });

/**
 * storage's target where us-east was relabelled into France after the
 * decision was made: its data is refused there, its compute stays.
 */
function storageWithUsEastInFrance(
  input: Partial<Pick<VersionTargetInput, 'portal'>> = {},
) {
  const spec = exampleService('storage');
  const fleet = gatewayDefaultFleet();
  const decision = evaluatePlacement({ service: spec, fleet });
  const relabelled = {
    ...fleet,
    clusters: fleet.clusters.map(c =>
      c.name === 'us-east'
        ? { ...c, labels: { ...c.labels, jurisdiction: 'FR' } }
        : c,
    ),
  };
  return targetOf(
    spec,
    { specVersion: 1, decision },
    { clusters: ['us-east', 'us-pet'], fleet: relabelled, ...input },
  );
}

describe('versionTarget', () => {
  it('never renders data for a cluster outside its jurisdictions, whatever the decision says', () => {
    const result = storageWithUsEastInFrance();
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
      refusedMongodbIn('FR'),
      expect.objectContaining({ kind: 'Service', state: 'Error' }),
      // The replicated ledger is data too.
      expect.objectContaining({
        kind: 'Cluster',
        name: 'ledger',
        state: 'Error',
      }),
    ]);
  });

  it('names the installation, and its portal when known, on every object it renders, connections too', () => {
    // Compute in us-east reaches the data in us-pet: access objects too.
    const result = storageWithUsEastInFrance();
    if (!result.ok) throw new Error(result.reason);
    const rendered = [...result.target.desired.values()].flat();
    expect(new Set(rendered.map(d => d.role))).toContain('access');
    expect(
      rendered.filter(
        d =>
          d.manifest.metadata.labels?.['miniplanes.io/installation'] !==
          'installation-a',
      ),
    ).toEqual([]);
    // No portal known: none named.
    expect(
      rendered.filter(
        d => d.manifest.metadata.annotations?.['miniplanes.io/portal'],
      ),
    ).toEqual([]);
    const named = storageWithUsEastInFrance({
      portal: 'https://portal.example.com',
    });
    if (!named.ok) throw new Error(named.reason);
    expect(
      new Set(
        [...named.target.desired.values()]
          .flat()
          .map(d => d.manifest.metadata.annotations?.['miniplanes.io/portal']),
      ),
    ).toEqual(new Set(['https://portal.example.com']));
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
    const result = targetKeepingMongodb(
      spec,
      decision,
      { clusters: ['eu-west', 'us-east'], fleet },
      {
        cluster: 'eu-west',
        kind: 'StatefulSet',
        uid: 'u-1',
        role: 'data',
        state: 'applied',
        specVersion: 1,
      },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kinds = (cluster: string) =>
      result.target.desired.get(cluster)!.map(d => d.manifest.kind);
    expect(kinds('eu-west')).not.toContain('StatefulSet');
    expect(kinds('us-east')).toContain('StatefulSet');
    expect(result.target.refused?.get('eu-west')).toEqual([
      refusedMongodbIn('IE'),
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
    // The data Service left on us-east is retained there.
    const result = targetKeepingMongodb(
      spec,
      decision,
      { clusters: ['us-east', 'us-pet'], fleet },
      { cluster: 'us-east', kind: 'Service', role: 'data', state: 'retained' },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(
      result.target.desired
        .get('us-east')!
        .map(d => `${d.role} ${d.manifest.kind}`),
    ).toEqual(['config ConfigMap', 'compute Deployment']);
  });
});
