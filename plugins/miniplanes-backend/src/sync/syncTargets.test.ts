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
