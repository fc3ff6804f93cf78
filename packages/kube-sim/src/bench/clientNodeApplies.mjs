/* eslint-disable @backstage/no-undeclared-imports -- benchmarks are not shipped: they run on devDependencies */
// A client-node 2 process applying Deployments (server-side apply, distinct
// objects) to kube-sim, as miniplanes' backend does; the bench starts it with
// the cluster in KS_URL, KS_CA (base64), KS_TOKEN and prints its timing.
import * as k8s from '@kubernetes/client-node';

const { KS_URL, KS_CA, KS_TOKEN } = process.env;
const COUNT = Number(process.env.KS_COUNT ?? 2000);
const IN_FLIGHT = Number(process.env.KS_IN_FLIGHT ?? 16);

const kc = new k8s.KubeConfig();
kc.loadFromOptions({
  clusters: [{ name: 'sim', server: KS_URL, caData: KS_CA }],
  users: [{ name: 'admin', token: KS_TOKEN }],
  contexts: [{ name: 'sim', cluster: 'sim', user: 'admin' }],
  currentContext: 'sim',
});
const api = k8s.KubernetesObjectApi.makeApiClient(kc);

const deployment = i => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: `cn-${i}`,
    namespace: 'default',
    labels: { 'backstage.io/kubernetes-id': `cn-${i % 100}` },
  },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: `cn-${i}` } },
    template: {
      metadata: { labels: { app: `cn-${i}` } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    },
  },
});
const apply = i =>
  api.patch(
    deployment(i),
    undefined,
    undefined,
    'miniplanes',
    true,
    k8s.PatchStrategy.ServerSideApply,
  );

await apply(-1); // discovery, cached by the client from here on
let next = 0;
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < COUNT) await apply(next++);
  }),
);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({ seconds, cpuSeconds }));
