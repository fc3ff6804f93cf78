// What the bench's client processes share: the Deployments they apply and the
// timed loop that keeps a number of applies in flight.

/** The `i`th distinct Deployment, named `${prefix}-${i}`. */
export const deployment = (prefix, i) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: `${prefix}-${i}`,
    namespace: 'default',
    labels: { 'backstage.io/kubernetes-id': `${prefix}-${i % 100}` },
  },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: `${prefix}-${i}` } },
    template: {
      metadata: { labels: { app: `${prefix}-${i}` } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    },
  },
});

/** Runs `apply(0)`…`apply(count - 1)`, `inFlight` at a time; its wall and CPU seconds. */
export async function timeApplies(apply, count, inFlight) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await apply(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
