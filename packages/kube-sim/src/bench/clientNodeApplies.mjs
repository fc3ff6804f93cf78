/* eslint-disable @backstage/no-undeclared-imports -- benchmarks are not shipped: they run on devDependencies */
// A client-node 2 process applying Deployments (server-side apply, distinct
// objects) to kube-sim, as miniplanes' backend does; the bench starts it with
// the cluster in KS_URL, KS_CA (base64), KS_TOKEN and prints its timing.
import * as k8s from '@kubernetes/client-node';
import { deployment, timeApplies } from './clientProcess.mjs';

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

const apply = i =>
  api.patch(
    deployment('cn', i),
    undefined,
    undefined,
    'miniplanes',
    true,
    k8s.PatchStrategy.ServerSideApply,
  );

await apply(-1); // discovery, cached by the client from here on
process.stdout.write(
  JSON.stringify(await timeApplies(apply, COUNT, IN_FLIGHT)),
);
