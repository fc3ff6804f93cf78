/* eslint-disable no-console */
import { execFile, execFileSync } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { Agent, request } from 'node:https';
import { SYSTEM_CONTEXT } from '../operations/options';
import { SimulatedCluster } from '../SimulatedCluster';

/**
 * kube-sim's figures: memory of a 20-cluster fleet holding 100k objects;
 * server-side applies per second in process, over HTTPS from a keep-alive
 * client in this process, from a keep-alive client process, from a client
 * process over one HTTP/2 connection and from client-node 2 in its own
 * process (a TLS connection per request); list latency at 10k objects.
 * Run: yarn workspace @miniplanes/kube-sim run bench [memory|apply|https|https-process|h2-process|client-node|list…]
 */
const APPLIES = Number(process.env.BENCH_APPLIES ?? 20_000);
const LIST_OBJECTS = Number(process.env.BENCH_LIST_OBJECTS ?? 10_000);
const FLEET_CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 20);
const FLEET_OBJECTS = Number(process.env.BENCH_FLEET_OBJECTS ?? 100_000);

/** TCP connections the cluster servers accepted (keep-alive reuses them). */
let acceptedConnections = 0;
subscribe('net.server.socket', () => {
  acceptedConnections++;
});

const deployment = (i: number, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: `svc-${i}`,
    namespace: 'default',
    labels: {
      'app.kubernetes.io/managed-by': 'miniplanes',
      'backstage.io/kubernetes-id': `svc-${i % 100}`,
    },
  },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: `svc-${i}` } },
    template: {
      metadata: { labels: { app: `svc-${i}` } },
      spec: {
        containers: [
          {
            name: 'main',
            image,
            ports: [{ containerPort: 8080 }],
            env: [{ name: 'MODE', value: 'bench' }],
          },
        ],
      },
    },
  },
});

const configMap = (i: number) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: `cm-${i}`,
    namespace: 'default',
    labels: { group: `g${i % 10}` },
  },
  data: { index: String(i), payload: 'x'.repeat(200) },
});

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

function call(
  cluster: SimulatedCluster,
  agent: Agent,
  method: string,
  path: string,
  body?: string,
  contentType?: string,
) {
  return new Promise<number>((resolve, reject) => {
    const url = new URL(path, cluster.url);
    const req = request(
      url,
      {
        method,
        agent,
        ca: cluster.caPem,
        headers: {
          authorization: `Bearer ${cluster.adminToken}`,
          ...(body
            ? {
                'content-type': contentType ?? 'application/json',
                'content-length': Buffer.byteLength(body),
              }
            : {}),
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function appliesInProcess() {
  const cluster = await SimulatedCluster.start({
    name: 'bench-apply',
    recordEvents: false,
  });
  const type = cluster.registry.find('apps', 'v1', 'deployments')!;
  const ctx = { ...SYSTEM_CONTEXT, fieldManager: 'miniplanes', user: 'bench' };
  const applyAll = (image: string) => {
    for (let i = 0; i < APPLIES; i++) {
      const body = JSON.stringify(deployment(i, image));
      cluster.ops.patch(type, 'default', `svc-${i}`, 'apply', body, ctx, {
        force: true,
      });
    }
  };
  const start = process.hrtime.bigint();
  applyAll('nginx:1.27');
  const applyOnly = Number(process.hrtime.bigint() - start) / 1e9;
  // The controllers' reaction (ReplicaSets, statuses) is part of an apply's cost.
  await cluster.controllers.idle();
  const created = Number(process.hrtime.bigint() - start) / 1e9;
  const again = process.hrtime.bigint();
  applyAll('nginx:1.28');
  await cluster.controllers.idle();
  const updated = Number(process.hrtime.bigint() - again) / 1e9;
  await cluster.stop();
  const rate = (seconds: number) => (APPLIES / seconds).toFixed(0);
  console.log(
    `SSA in process, one core: API server alone ${rate(
      applyOnly,
    )} applies/s; ` +
      `with the controllers' reaction ${rate(created)} creates/s, ` +
      `${rate(updated)} template updates/s (each rolls a new ReplicaSet)`,
  );
}

async function appliesOverHttps() {
  const cluster = await SimulatedCluster.start({
    name: 'bench-https',
    recordEvents: false,
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const total = Math.min(APPLIES, 10_000);
  const connectionsBefore = acceptedConnections;
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < total) {
        const i = next++;
        const status = await call(
          cluster,
          agent,
          'PATCH',
          `/apis/apps/v1/namespaces/default/deployments/svc-${i}?fieldManager=miniplanes&force=true`,
          JSON.stringify(deployment(i)),
          'application/apply-patch+yaml',
        );
        if (status !== 201) throw new Error(`apply answered ${status}`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  await cluster.stop();
  console.log(
    `SSA over HTTPS (keep-alive agent, client and server in one process, 16 in flight): ${(
      total / seconds
    ).toFixed(0)}/s, ${
      acceptedConnections - connectionsBefore
    } TLS connections for ${total} requests`,
  );
}

/**
 * Applies from a client in its own process, as clients of the served
 * clusters are; server-side applies of distinct Deployments, 16 in flight.
 * `keepAliveApplies.mjs` reuses connections (an https keep-alive agent);
 * `clientNodeApplies.mjs` is @kubernetes/client-node 2, the backend's client,
 * which builds a new undici dispatcher per request: a TLS connection per apply.
 */
async function appliesFromClientProcess(script: string, count: number) {
  const cluster = await SimulatedCluster.start({
    name: 'bench-client',
    recordEvents: false,
  });
  const connectionsBefore = acceptedConnections;
  const serverCpuBefore = process.cpuUsage();
  const output = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [require.resolve(`./${script}`)],
      {
        env: {
          ...process.env,
          KS_URL: cluster.url,
          KS_CA: cluster.caData,
          KS_TOKEN: cluster.adminToken,
          KS_COUNT: String(count),
          KS_IN_FLIGHT: '16',
        },
      },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
  const { seconds, cpuSeconds } = JSON.parse(output) as {
    seconds: number;
    cpuSeconds: number;
  };
  const serverCpu = process.cpuUsage(serverCpuBefore);
  // The cluster's own CPU per apply (controllers included): what the machine's load does not change.
  const serverMicros = (serverCpu.user + serverCpu.system) / count;
  const connections = acceptedConnections - connectionsBefore;
  await cluster.stop();
  return `${(count / seconds).toFixed(
    0,
  )}/s, ${connections} TLS connections; server CPU ${serverMicros.toFixed(
    0,
  )} µs per apply (${(1e6 / serverMicros).toFixed(
    0,
  )} applies per CPU-second, ${(
    (100 * serverCpu.system) /
    (serverCpu.user + serverCpu.system)
  ).toFixed(0)}% of it in the kernel), client process busy ${(
    (100 * cpuSeconds) /
    seconds
  ).toFixed(0)}% of a core`;
}

async function appliesFromKeepAliveProcess() {
  const count = Math.min(APPLIES, 10_000);
  console.log(
    `SSA over HTTPS from a keep-alive client process (16 in flight, ${count} applies): ${await appliesFromClientProcess(
      'keepAliveApplies.mjs',
      count,
    )}`,
  );
}

async function appliesFromHttp2Process() {
  const count = Math.min(APPLIES, 10_000);
  console.log(
    `SSA over HTTP/2 from a client process (one connection, 16 streams in flight, ${count} applies): ${await appliesFromClientProcess(
      'http2Applies.mjs',
      count,
    )}`,
  );
}

async function appliesFromClientNode() {
  const count = Math.min(APPLIES, 4_000);
  console.log(
    `SSA from client-node 2 in its own process (16 in flight, ${count} applies + 1 for discovery): ${await appliesFromClientProcess(
      'clientNodeApplies.mjs',
      count,
    )}`,
  );
}

async function listLatency() {
  const cluster = await SimulatedCluster.start({
    name: 'bench-list',
    recordEvents: false,
  });
  const type = cluster.registry.find('', 'v1', 'configmaps')!;
  for (let i = 0; i < LIST_OBJECTS; i++)
    cluster.ops.create(type, 'default', configMap(i), SYSTEM_CONTEXT);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const measure = async (path: string) => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = process.hrtime.bigint();
      await call(cluster, agent, 'GET', path);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    return `p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(
      times,
      99,
    ).toFixed(1)} ms`;
  };
  console.log(
    `list ${LIST_OBJECTS} ConfigMaps (full): ${await measure(
      '/api/v1/namespaces/default/configmaps',
    )}`,
  );
  console.log(
    `list by label (1/10 match): ${await measure(
      '/api/v1/configmaps?labelSelector=group%3Dg3',
    )}`,
  );
  console.log(
    `list page limit=500: ${await measure('/api/v1/configmaps?limit=500')}`,
  );
  agent.destroy();
  await cluster.stop();
}

async function fleetMemory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const clusters = await Promise.all(
    Array.from({ length: FLEET_CLUSTERS }, (_, i) =>
      SimulatedCluster.start({
        name: `mem-${i}`,
        recordEvents: false,
        nodes: { count: 3, cpu: '16', memory: '64Gi' },
      }),
    ),
  );
  // Each Deployment brings its (0-replica) ReplicaSet: two objects.
  const perCluster = Math.ceil(FLEET_OBJECTS / 2 / FLEET_CLUSTERS);
  const deployments = clusters[0].registry.find('apps', 'v1', 'deployments')!;
  const ctx = { ...SYSTEM_CONTEXT, fieldManager: 'miniplanes' };
  for (const cluster of clusters) {
    for (let i = 0; i < perCluster; i++) {
      cluster.ops.patch(
        deployments,
        'default',
        `svc-${i}`,
        'apply',
        JSON.stringify(deployment(i)),
        ctx,
        { force: true },
      );
    }
  }
  await Promise.all(clusters.map(c => c.controllers.idle()));
  gc?.();
  const after = process.memoryUsage();
  const objects = clusters.reduce((n, c) => n + c.store.count(), 0);
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    `fleet of ${FLEET_CLUSTERS} clusters holding ${objects} objects (Deployments and their ReplicaSets, with managedFields): heap +${mb(
      after.heapUsed - before.heapUsed,
    )}, rss ${mb(after.rss)}${
      gc ? '' : ' (run with --expose-gc for settled figures)'
    }`,
  );
  await Promise.all(clusters.map(c => c.stop()));
}

const PARTS: Record<string, () => Promise<void>> = {
  memory: fleetMemory,
  apply: appliesInProcess,
  https: appliesOverHttps,
  'https-process': appliesFromKeepAliveProcess,
  'h2-process': appliesFromHttp2Process,
  'client-node': appliesFromClientNode,
  list: listLatency,
};

/** `bench [part…]` runs the parts named in this process (to profile one). */
async function main() {
  const names = process.argv.slice(2);
  if (!names.length) {
    // The young generation changes the figures by about a tenth: say which.
    const youngGeneration = [
      ...process.execArgv,
      ...(process.env.NODE_OPTIONS ?? '').split(/\s+/),
    ].find(flag => flag.startsWith('--max-semi-space-size'));
    console.log(
      `Node ${process.version}, young generation: ${
        youngGeneration ?? "Node's default"
      }`,
    );
    // Each part in a fresh process: the heap a part leaves (the fleet's 100k
    // objects) would weigh on the next one's figures, and stay in its RSS.
    for (const name of Object.keys(PARTS)) {
      execFileSync(
        process.execPath,
        [...process.execArgv, process.argv[1], name],
        { stdio: 'inherit' },
      );
    }
    return;
  }
  for (const name of names) {
    const part = PARTS[name];
    if (!part) throw new Error(`no bench part ${name}: ${Object.keys(PARTS)}`);
    await part();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
