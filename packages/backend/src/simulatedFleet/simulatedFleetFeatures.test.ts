import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { SimulatedFleet } from '@miniplanes/kube-sim';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatedFleetFeatures } from './simulatedFleetFeatures';
import { simulatedFleetServiceRef } from './simulatedFleetService';

jest.setTimeout(60_000);

const FLEET = `
clusters:
  - name: us-east
    labels: { jurisdiction: US }
`;

/** A plugin that only hands out the simulated fleet, when there is one. */
function fleetProbe(onFleet: (fleet: SimulatedFleet) => void) {
  return createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: { fleet: simulatedFleetServiceRef },
        async init({ fleet }) {
          onFleet(fleet);
        },
      });
    },
  });
}

/** A call to the cluster's API as kubectl would make it, with the kubeconfig's CA and token. */
function kube(
  kubeconfig: { server: string; ca: string; token: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${kubeconfig.server}${path}`,
      {
        method,
        ca: kubeconfig.ca,
        headers: {
          Authorization: `Bearer ${kubeconfig.token}`,
          'Content-Type': 'application/json',
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('simulatedFleetFeatures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplanes-simulated-fleet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'fleet.yaml'), FLEET);

  async function startDemoBackend(simulator: Record<string, unknown>) {
    let fleet: SimulatedFleet | undefined;
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            miniplanes: {
              fleet: { file: join(dir, 'fleet.yaml') },
              simulator: { kubeconfig: join(dir, 'kubeconfig'), ...simulator },
            },
          },
        }),
        simulatedFleetFeatures,
        fleetProbe(started => (fleet = started)),
      ],
    });
    return { backend, fleet };
  }

  /** The cluster as the kubeconfig the demo wrote names it. */
  function fromKubeconfig() {
    const text = readFileSync(join(dir, 'kubeconfig'), 'utf8');
    const field = (name: string) =>
      text.match(new RegExp(`${name}: (\\S+)`))![1];
    return {
      server: field('server'),
      ca: Buffer.from(field('certificate-authority-data'), 'base64').toString(),
      token: field('token'),
    };
  }

  it('installs nothing when the simulator is off', async () => {
    await expect(startDemoBackend({ enabled: false })).rejects.toThrow(
      "Service or extension point dependencies of plugin 'probe' are missing for the following ref(s): serviceRef{miniplanes.simulated-fleet}",
    );
  });

  it("keeps the clusters' objects, and the kubeconfig valid, across restarts", async () => {
    const simulator = {
      enabled: true,
      stateDirectory: join(dir, 'kube-sim'),
      podStartupMs: 5,
    };
    const first = await startDemoBackend(simulator);
    expect(first.fleet?.clusters.map(c => c.name)).toEqual(['us-east']);
    const created = await kube(
      fromKubeconfig(),
      'POST',
      '/api/v1/namespaces/default/configmaps',
      { metadata: { name: 'kept' }, data: { answer: '42' } },
    );
    expect(created.status).toBe(201);
    await first.backend.stop();

    const second = await startDemoBackend(simulator);
    try {
      const read = await kube(
        fromKubeconfig(),
        'GET',
        '/api/v1/namespaces/default/configmaps/kept',
      );
      expect({ status: read.status, data: read.body.data }).toEqual({
        status: 200,
        data: { answer: '42' },
      });
    } finally {
      await second.backend.stop();
    }
  });
});
