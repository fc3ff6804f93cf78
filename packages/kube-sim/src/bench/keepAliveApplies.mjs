// A client process applying Deployments (server-side apply, distinct objects)
// over HTTPS with a keep-alive agent, as a long-lived client that reuses its
// connections does; the bench starts it with the cluster in KS_URL, KS_CA
// (base64), KS_TOKEN and prints its timing.
import { Agent, request } from 'node:https';

const { KS_URL, KS_CA, KS_TOKEN } = process.env;
const COUNT = Number(process.env.KS_COUNT ?? 10000);
const IN_FLIGHT = Number(process.env.KS_IN_FLIGHT ?? 16);
const ca = Buffer.from(KS_CA, 'base64');
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT, ca });

const deployment = i => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: `ka-${i}`,
    namespace: 'default',
    labels: { 'backstage.io/kubernetes-id': `ka-${i % 100}` },
  },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: `ka-${i}` } },
    template: {
      metadata: { labels: { app: `ka-${i}` } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    },
  },
});

const apply = i =>
  new Promise((resolve, reject) => {
    const body = JSON.stringify(deployment(i));
    const req = request(
      `${KS_URL}/apis/apps/v1/namespaces/default/deployments/ka-${i}?fieldManager=miniplanes&force=true`,
      {
        method: 'PATCH',
        agent,
        headers: {
          authorization: `Bearer ${KS_TOKEN}`,
          'content-type': 'application/apply-patch+yaml',
          'content-length': Buffer.byteLength(body),
        },
      },
      res => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 201
            ? resolve()
            : reject(new Error(`apply answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });

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
agent.destroy();
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }),
);
