import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  podRequirements,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { SimulatedFleet } from '@miniplanes/kube-sim';
import { resolve } from 'node:path';
import request from 'supertest';
import { miniplanesExtensionPoint } from '../extensionPoints';
import { miniplanesPlugin } from '../plugin';
import { simulatedClustersModule } from '../__testUtils__/simulatedClusters';
import { startDemoFleet } from '../__testUtils__/syncHarness';

jest.setTimeout(60_000);

const examples = resolve(__dirname, '../../../../examples');

/** One replica of a RayCluster is one worker pod. */
const rayInterpreter: ResourceInterpreter = {
  name: 'ray.io/RayCluster',
  matches: ({ apiVersion, kind }) =>
    apiVersion === 'ray.io/v1' && kind === 'RayCluster',
  replicaRequirements: manifest =>
    podRequirements(manifest.spec?.workerGroupSpecs?.[0]?.template?.spec),
};

/** A module that teaches miniplanes the RayCluster kind. */
const rayModule = createBackendModule({
  pluginId: 'miniplanes',
  moduleId: 'test-ray',
  register(reg) {
    reg.registerInit({
      deps: { miniplanes: miniplanesExtensionPoint },
      async init({ miniplanes }) {
        miniplanes.addResourceInterpreter(rayInterpreter);
      },
    });
  },
});

/** A RayCluster whose workers need two GPUs each. */
const trainer = {
  apiVersion: 'miniplanes.io/v1alpha1',
  kind: 'FederatedService',
  metadata: { name: 'trainer', entityRef: 'component:default/trainer' },
  spec: {
    placement: { replicas: { total: 1, mode: 'Duplicated' } },
    resources: [
      {
        role: 'compute',
        manifest: {
          apiVersion: 'ray.io/v1',
          kind: 'RayCluster',
          metadata: { name: 'trainer' },
          spec: {
            workerGroupSpecs: [
              {
                replicas: 1,
                template: {
                  spec: {
                    containers: [
                      {
                        name: 'worker',
                        resources: { requests: { 'nvidia.com/gpu': '2' } },
                      },
                    ],
                  },
                },
              },
            ],
          },
        },
      },
    ],
  },
};

let sim: SimulatedFleet;
beforeAll(async () => {
  sim = await startDemoFleet();
});
afterAll(async () => {
  await sim.stop();
});

describe('resource interpreters added by a module', () => {
  it('size a custom kind’s replicas in every placement the backend evaluates', async () => {
    const { server } = await startTestBackend({
      features: [
        miniplanesPlugin,
        rayModule,
        simulatedClustersModule(sim),
        mockServices.rootConfig.factory({
          data: {
            miniplanes: {
              fleet: { file: resolve(examples, 'fleet/demo-fleet.yaml') },
            },
          },
        }),
      ],
    });
    const preview = (body: object) =>
      request(server)
        .post('/api/miniplanes/preview')
        .set({
          Authorization: mockCredentials.user.header('user:default/amy'),
        })
        .send(body);

    // Against the live fleet: only ap-gpu has GPUs for it.
    const live = await preview({ service: trainer });
    expect(live.status).toBe(200);
    const reasons = (name: string) =>
      live.body.clusters.find((c: any) => c.name === name).reasons;
    expect(reasons('us-east')).toContainEqual({
      code: 'Capacity',
      message: 'insufficient capacity: no GPUs (needs 2 per replica)',
    });
    // ap-gpu has the GPUs, but discovery says it serves no RayCluster.
    expect(reasons('ap-gpu')).toEqual([
      {
        code: 'ResourceNotServed',
        message: 'does not serve ray.io/v1 RayCluster',
      },
    ]);
    // A service that ships the CRD itself gets it installed there first.
    const withCrd = await preview({
      service: {
        ...trainer,
        spec: {
          ...trainer.spec,
          resources: [
            {
              role: 'config',
              manifest: {
                apiVersion: 'apiextensions.k8s.io/v1',
                kind: 'CustomResourceDefinition',
                metadata: { name: 'rayclusters.ray.io' },
                spec: {
                  group: 'ray.io',
                  scope: 'Namespaced',
                  names: { kind: 'RayCluster', plural: 'rayclusters' },
                  versions: [{ name: 'v1', served: true, storage: true }],
                },
              },
            },
            ...trainer.spec.resources,
          ],
        },
      },
    });
    expect(
      withCrd.body.clusters
        .find((c: any) => c.name === 'ap-gpu')
        .reasons.map((r: { code: string }) => r.code),
    ).toEqual(['Selected', 'Selected']); // its compute and the CRD (config)

    // Against a fleet document.
    const given = await preview({
      service: trainer,
      fleet: {
        clusters: [
          { name: 'cpu-only', nodes: { count: 1, cpu: '8', memory: '16Gi' } },
          {
            name: 'gpus',
            nodes: { count: 1, cpu: '8', memory: '16Gi', gpu: 2 },
          },
        ],
      },
    });
    expect(given.status).toBe(200);
    expect(given.body.summary).toEqual([
      { role: 'compute', clusters: ['gpus'], replicas: 1 },
    ]);
  });
});
