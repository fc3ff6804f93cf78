import {
  evaluatePlacement,
  fleetFromFile,
  parseFleetFile,
} from '@miniplanes/plugin-miniplanes-common';
import { demoFleetText, exampleService } from '../__testUtils__/syncHarness';
import { versionTarget } from './syncTargets';

/**
 * The demo fleet without its connection settings: every cluster on the
 * gateway default, whose Service in the compute cluster takes the data
 * Service's name, so it is the one that could take over data.
 */
function demoFleet() {
  const parsed = parseFleetFile(demoFleetText());
  if (!parsed.ok) throw new Error('demo fleet is invalid');
  const fleet = fleetFromFile(parsed.value);
  return {
    ...fleet,
    clusters: fleet.clusters.map(({ connections: _ignored, ...c }) => c),
  };
}

describe('versionTarget', () => {
  it('never renders data for a cluster outside its jurisdictions, whatever the decision says', () => {
    const spec = exampleService('storage');
    const fleet = demoFleet();
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
    const result = versionTarget({
      entityRef: spec.metadata.entityRef,
      version: { specVersion: 1, spec, decision },
      clusters: ['us-east', 'us-pet'],
      fleet: relabelled,
      inventory: [],
      releases: [],
    });
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
    const fleet = demoFleet();
    const decision = evaluatePlacement({ service: spec, fleet });
    expect(decision.clusters.find(c => c.name === 'eu-west')?.selected).toBe(
      true,
    );
    const result = versionTarget({
      entityRef: spec.metadata.entityRef,
      version: { specVersion: 2, spec, decision },
      clusters: ['eu-west', 'us-east'],
      fleet,
      inventory: [
        {
          cluster: 'eu-west',
          objectKey: 'apps/StatefulSet/miniplanes/mongodb',
          entityRef: spec.metadata.entityRef,
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          namespace: 'miniplanes',
          name: 'mongodb',
          uid: 'u-1',
          role: 'data',
          data: true,
          state: 'applied',
          specVersion: 1,
        },
      ],
      releases: [],
    });
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
    const fleet = demoFleet();
    const decision = evaluatePlacement({
      service: spec,
      fleet,
      pinnedData: ['us-pet'],
    });
    const result = versionTarget({
      entityRef: spec.metadata.entityRef,
      version: { specVersion: 2, spec, decision },
      clusters: ['us-east', 'us-pet'],
      fleet,
      // The data Service left on us-east is retained there.
      inventory: [
        {
          cluster: 'us-east',
          objectKey: '/Service/miniplanes/mongodb',
          entityRef: spec.metadata.entityRef,
          apiVersion: 'v1',
          kind: 'Service',
          namespace: 'miniplanes',
          name: 'mongodb',
          role: 'data',
          data: true,
          state: 'retained',
        },
      ],
      releases: [],
    });
    if (!result.ok) throw new Error(result.reason);
    expect(
      result.target.desired
        .get('us-east')!
        .map(d => `${d.role} ${d.manifest.kind}`),
    ).toEqual(['config ConfigMap', 'compute Deployment']);
  });
});
