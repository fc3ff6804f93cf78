import { RequestActions } from './requestActions';
import { ClusterShape, Scenario, ServiceShape } from './scenario';
import { ScenarioModel } from './ScenarioModel';
import { ScenarioWorld } from './ScenarioWorld';
import { WriteLogChecker } from './WriteLogChecker';

/** A service with one data StatefulSet and one compute Deployment, the checker tests' subject. */
export const storeService: ServiceShape = {
  name: 's0',
  namespace: 'apps',
  classification: 'airline-data',
  replicas: { mode: 'Duplicated', total: 1 },
  resources: [
    { kind: 'StatefulSet', role: 'data', name: 's0-db' },
    { kind: 'Deployment', role: 'compute', name: 's0-api' },
  ],
  overrides: [],
  release: [],
  imageTag: 'v1',
};

/** A located cluster of one 8-CPU node in the blue group, without capabilities or spot taint. */
export function blueCluster(
  name: string,
  jurisdiction: string,
  region: string,
): ClusterShape {
  return {
    name,
    jurisdiction,
    region,
    group: 'blue',
    capabilities: [],
    spotTaint: false,
    nodes: { count: 1, cpu: 8 },
    located: true,
  };
}

/**
 * The store service on two blue clusters, c0 in the US and c1 in the given
 * jurisdiction, where its airline data may live only in the US.
 */
export function storeOnTwoClusters(secondJurisdiction: string): Scenario {
  return {
    clusters: [
      blueCluster('c0', 'US', 'r1'),
      blueCluster('c1', secondJurisdiction, 'r2'),
    ],
    jurisdictions: {},
    governance: [
      { classification: 'airline-data', allowedJurisdictions: ['US'] },
    ],
    services: [storeService],
    foreign: [],
    steps: [],
    replicas: 1,
  };
}

/**
 * A world for the scenario with its first service approved and synced, and a
 * checker that found nothing wrong in it (else the set-up throws).
 */
export async function approvedAndSynced(scenario: Scenario) {
  const world = await ScenarioWorld.start(scenario, {});
  const model = new ScenarioModel(scenario);
  const checker = new WriteLogChecker(world, model);
  const actions = new RequestActions(world, model);
  const check = () => checker.check(1, [model.snapshot(world.labels)]);
  const backend = world.backends[0];
  await actions.file(backend, scenario.services[0], [], 'approve', 0);
  await backend.sync.syncAll();
  const violations = await check();
  if (violations.length > 0)
    throw new Error(`the sync itself broke: ${JSON.stringify(violations)}`);
  return { world, model, checker, actions, check };
}
