import { test, expect, APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Backstage's own Kubernetes plugin against the embedded kube-sim fleet,
 * through the backend's /api/kubernetes routes: the entity's workloads per
 * cluster with no errors, and an outage reported for that cluster only.
 */
const backend = 'http://localhost:7007';
const kubeconfigPath = resolve(__dirname, '../../../.miniplanes/kubeconfig');

async function guestToken(request: APIRequestContext) {
  const response = await request.get(`${backend}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  return (await response.json()).backstageIdentity.token as string;
}

async function workloadsOf(
  request: APIRequestContext,
  token: string,
  name: string,
) {
  const headers = { Authorization: `Bearer ${token}` };
  const entity = await (
    await request.get(
      `${backend}/api/catalog/entities/by-name/component/default/${name}`,
      { headers },
    )
  ).json();
  const response = await request.post(
    `${backend}/api/kubernetes/services/${name}`,
    {
      headers,
      data: { entity },
    },
  );
  // Right after start-up the catalog may not hold the entity yet: no items then.
  if (response.status() !== 200) return [];
  return (await response.json()).items as {
    cluster: { name: string };
    errors: { errorType: string }[];
    resources: { type: string; resources: any[] }[];
  }[];
}

/** Switches a simulated cluster off through kube-sim's admin API, for a while. */
function outage(cluster: string, seconds: number) {
  const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8'));
  const server = kubeconfig.clusters.find(
    (c: any) => c.name === cluster,
  ).cluster;
  const token = kubeconfig.users.find((u: any) => u.name === `${cluster}-admin`)
    .user.token;
  const body = JSON.stringify({
    outage: { mode: 'refuse', durationSeconds: seconds },
  });
  return new Promise<number>((done, fail) => {
    const req = httpsRequest(
      `${server.server}/_sim/faults`,
      {
        method: 'POST',
        ca: Buffer.from(server['certificate-authority-data'], 'base64'),
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
      },
      res => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

test('the Kubernetes plugin shows the pods miniplanes synced, and an outage for that cluster only', async ({
  request,
}) => {
  const token = await guestToken(request);
  let items: Awaited<ReturnType<typeof workloadsOf>> = [];
  await expect
    .poll(
      async () => {
        items = await workloadsOf(request, token, 'ui');
        return items.filter(i =>
          i.resources.some(r => r.type === 'pods' && r.resources.length > 0),
        ).length;
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThanOrEqual(2);
  for (const item of items) {
    expect(item.errors).toEqual([]);
    const of = (type: string) =>
      item.resources.find(r => r.type === type)?.resources ?? [];
    for (const pod of of('pods')) {
      const replicaSet = of('replicasets').find(
        rs => rs.metadata.uid === pod.metadata.ownerReferences[0].uid,
      );
      const deployment = of('deployments').find(
        d => d.metadata.uid === replicaSet.metadata.ownerReferences[0].uid,
      );
      expect(deployment.metadata.labels['backstage.io/kubernetes-id']).toBe(
        'ui',
      );
    }
  }

  const down = items[0].cluster.name;
  expect(await outage(down, 8)).toBe(200);
  const during = await workloadsOf(request, token, 'ui');
  for (const item of during) {
    if (item.cluster.name === down) {
      expect(item.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ errorType: 'FETCH_ERROR' }),
        ]),
      );
    } else {
      expect(item.errors).toEqual([]);
    }
  }
  expect(during.map(i => i.cluster.name)).toContain(down);
});
