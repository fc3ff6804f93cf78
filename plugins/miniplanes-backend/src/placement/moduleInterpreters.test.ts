import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  demoFleetForFile,
  startDemoBackend,
} from '../__testUtils__/demoBackend';
import { rayInterpreter, rayTrainer } from '../__testUtils__/rayCluster';
import { miniplanesModule } from '../__testUtils__/miniplanesModule';

jest.setTimeout(60_000);

/** A module that teaches miniplanes the RayCluster kind. */
const rayModule = miniplanesModule('test-ray', miniplanes =>
  miniplanes.addResourceInterpreter(rayInterpreter),
);

const fleet = demoFleetForFile();

describe('resource interpreters added by a module', () => {
  it('size a custom kind’s replicas in every placement the backend evaluates', async () => {
    const server = await startDemoBackend({
      sim: fleet(),
      seed: false,
      features: [rayModule],
    });
    const preview = (body: object) =>
      request(server)
        .post('/api/miniplanes/preview')
        .set({
          Authorization: mockCredentials.user.header('user:default/amy'),
        })
        .send(body);

    // Against the live fleet: only ap-gpu has GPUs for it.
    const live = await preview({ service: rayTrainer });
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
        ...rayTrainer,
        spec: {
          ...rayTrainer.spec,
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
            ...rayTrainer.spec.resources,
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
      service: rayTrainer,
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
