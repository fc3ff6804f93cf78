import { stringify } from 'yaml';
import { SimulatedCluster } from '../SimulatedCluster';
import { deployment } from '../__testUtils__/deployment';
import { Kubectl, startKubectlCluster } from '../__testUtils__/kubectl';
import { placementCrd } from '../__testUtils__/placementCrd';
import { NODE_COUNT, run, writeManifest } from '../__testUtils__/testFleet';

/**
 * kube-sim.md's acceptance checklist, run with the machine's kubectl 1.32
 * (through the gcloud dispatcher, as users run it) against a fresh cluster.
 */
jest.setTimeout(120_000);

/** The Deployment `web` the checklist applies, as a manifest for kubectl. */
const deployYamlOf = (image: string, replicas: number) =>
  stringify(
    deployment('web', {
      replicas,
      image,
      requests: { cpu: '100m', memory: '64Mi' },
    }),
  );

describe('kubectl against kube-sim', () => {
  let cluster: SimulatedCluster;
  let dir: string;
  let cacheDir: string;
  let k: Kubectl;
  let deployYaml: string;
  let deploy2Yaml: string;

  beforeAll(async () => {
    const which = await run('which', ['kubectl']);
    if (which.code !== 0)
      throw new Error(
        'kubectl is not on PATH: the acceptance suite needs kubectl 1.32 (see kube-sim.md)',
      );
    ({ cluster, dir, cacheDir, kubectl: k } = await startKubectlCluster());
    deployYaml = await writeManifest(
      dir,
      'deploy.yaml',
      deployYamlOf('nginx:1.25', 2),
    );
    deploy2Yaml = await writeManifest(
      dir,
      'deploy2.yaml',
      deployYamlOf('nginx:1.27', 3),
    );
  });

  afterAll(() => cluster?.stop());

  it('serves version 1.32 so the dispatcher picks kubectl 1.32', async () => {
    const result = await k('version', '-o', 'json');
    expect(result.code).toBe(0);
    const version = JSON.parse(result.stdout);
    expect(version.serverVersion.minor).toBe('32');
    expect(version.clientVersion.gitVersion).toMatch(/^v1\.32\./);
  });

  it('lists api-resources from discovery', async () => {
    const result = await k('api-resources');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod/m);
    expect(result.stdout).toMatch(
      /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/m,
    );
    expect(result.stdout).toMatch(/^nodes\s+no\s+v1\s+false\s+Node/m);
    expect(result.stdout).toMatch(/^customresourcedefinitions\s+crd,crds/m);
    const raw = await k('get', '--raw', '/apis/apps/v1');
    const names = JSON.parse(raw.stdout).resources.map(
      (r: { name: string }) => r.name,
    );
    expect(names).toEqual(
      expect.arrayContaining(['deployments/status', 'deployments/scale']),
    );
  });

  it('refuses an unknown CA, a wrong token, and writes with the read-only token', async () => {
    const noCa = await run('kubectl', [
      `--cache-dir=${cacheDir}`,
      `--server=${cluster.url}`,
      `--token=${cluster.adminToken}`,
      'get',
      'ns',
    ]);
    expect(noCa.code).toBe(1);
    expect(noCa.stderr).toContain(
      'x509: certificate signed by unknown authority',
    );
    const wrong = await k('--token=wrong', 'get', 'ns');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('You must be logged in to the server');
    const readOnly = await k(
      `--token=${cluster.readOnlyToken}`,
      'create',
      '-f',
      deployYaml,
    );
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toContain('Error from server (Forbidden)');
    const reads = await k(`--token=${cluster.readOnlyToken}`, 'get', 'ns');
    expect(reads.code).toBe(0);
  });

  it('shows the seeded nodes Ready with their region', async () => {
    const result = await k(
      'get',
      'nodes',
      '-L',
      'topology.kubernetes.io/region',
      '--no-headers',
    );
    const rows = result.stdout.trim().split('\n');
    expect(rows).toHaveLength(NODE_COUNT);
    for (const row of rows) expect(row).toMatch(/\sReady\s.*eu-west-1$/);
  });

  it('dry-runs a create on the server without persisting it', async () => {
    const dry = await k(
      'create',
      '-f',
      deployYaml,
      '--dry-run=server',
      '-o',
      'name',
    );
    expect(dry.stdout.trim()).toBe('deployment.apps/web');
    const get = await k('get', 'deploy', 'web');
    expect(get.stderr).toContain('NotFound');
  });

  it('applies, re-applies unchanged, configures and bumps generation', async () => {
    const before = cluster.writeLog.length;
    expect((await k('apply', '-f', deployYaml)).stdout).toContain(
      'deployment.apps/web created',
    );
    expect(
      cluster.writeLog
        .slice(before)
        .some(w => w.fieldManager === 'kubectl-client-side-apply'),
    ).toBe(true);
    expect((await k('apply', '-f', deployYaml)).stdout).toContain(
      'deployment.apps/web unchanged',
    );
    expect((await k('apply', '-f', deploy2Yaml)).stdout).toContain(
      'deployment.apps/web configured',
    );
    expect(
      (await k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}'))
        .stdout,
    ).toBe('2');
  });

  it('reports server-side apply conflicts and takes ownership with --force-conflicts', async () => {
    const conflict = await k('apply', '--server-side', '-f', deployYaml);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('Apply failed with 2 conflicts');
    expect(conflict.stderr).toContain(
      'conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    const forced = await k(
      'apply',
      '--server-side',
      '--force-conflicts',
      '-f',
      deployYaml,
    );
    expect(forced.stdout).toContain('deployment.apps/web serverside-applied');
    const object = JSON.parse(
      (await k('get', 'deploy', 'web', '-o', 'json', '--show-managed-fields'))
        .stdout,
    );
    expect(object.metadata.managedFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ manager: 'kubectl', operation: 'Apply' }),
      ]),
    );
    expect(object.spec.replicas).toBe(2);
  });

  it('keeps generation on label, bumps it on spec patches', async () => {
    const generation = async () =>
      Number(
        (
          await k(
            'get',
            'deploy',
            'web',
            '-o',
            'jsonpath={.metadata.generation}',
          )
        ).stdout,
      );
    const start = await generation();
    expect((await k('label', 'deploy', 'web', 'x=y')).code).toBe(0);
    expect(await generation()).toBe(start);
    expect(
      (
        await k(
          'patch',
          'deploy',
          'web',
          '--type',
          'merge',
          '-p',
          '{"spec":{"replicas":3}}',
        )
      ).code,
    ).toBe(0);
    expect(await generation()).toBe(start + 1);
    const json = await k(
      'patch',
      'deploy',
      'web',
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/replicas","value":2}]',
    );
    expect(json.stdout).toContain('patched');
  });

  it('answers AlreadyExists, NotFound and a missing namespace like a real server', async () => {
    expect((await k('create', '-f', deployYaml)).stderr).toContain(
      'Error from server (AlreadyExists)',
    );
    expect((await k('get', 'deploy', 'nope')).stderr).toContain(
      'Error from server (NotFound): deployments.apps "nope" not found',
    );
    const cm = await writeManifest(
      dir,
      'cm.yaml',
      stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'nope' },
        data: { a: 'b' },
      }),
    );
    expect((await k('apply', '-f', cm)).stderr).toContain(
      'namespaces "nope" not found',
    );
  });

  it('rolls out: pods Running, owned through the ReplicaSet, condition Available', async () => {
    const status = await k('rollout', 'status', 'deploy/web', '--timeout=30s');
    const state =
      status.code === 0
        ? ''
        : (await k('get', 'deploy,rs,pods', '-o', 'yaml')).stdout;
    expect(`${status.stdout}${state}`).toContain(
      'deployment "web" successfully rolled out',
    );
    expect(
      (
        await k(
          'wait',
          '--for=condition=Available',
          'deploy/web',
          '--timeout=60s',
        )
      ).stdout,
    ).toContain('condition met');
    const pods = await k('get', 'pods', '-l', 'app=web', '--no-headers');
    const rows = pods.stdout.trim().split('\n');
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/1\/1\s+Running/);
    const podList = JSON.parse(
      (await k('get', 'pods', '-l', 'app=web', '-o', 'json')).stdout,
    );
    const rsList = JSON.parse(
      (await k('get', 'rs', '-l', 'app=web', '-o', 'json')).stdout,
    );
    const deploy = JSON.parse(
      (await k('get', 'deploy', 'web', '-o', 'json', '--show-managed-fields'))
        .stdout,
    );
    const ownerRs = rsList.items.find(
      (rs: any) =>
        rs.metadata.uid === podList.items[0].metadata.ownerReferences[0].uid,
    );
    expect(ownerRs.metadata.ownerReferences[0].uid).toBe(deploy.metadata.uid);
  });

  it('scales through /scale with a merge patch and watches the change', async () => {
    const watch = k(
      'get',
      'deploy',
      '-w',
      '--output-watch-events',
      '--request-timeout=6s',
    );
    await new Promise(r => setTimeout(r, 1500));
    const before = cluster.writeLog.length;
    expect((await k('scale', 'deploy', 'web', '--replicas=5')).code).toBe(0);
    const scaleWrite = cluster.writeLog
      .slice(before)
      .find(w => w.kind === 'Deployment' && w.user === 'kube-sim-admin');
    expect(scaleWrite).toMatchObject({ verb: 'patch', subresource: 'scale' });
    await k('rollout', 'status', 'deploy/web', '--timeout=60s');
    const running = await k(
      'get',
      'pods',
      '-l',
      'app=web',
      '--field-selector',
      'status.phase=Running',
      '--no-headers',
    );
    expect(running.stdout.trim().split('\n')).toHaveLength(5);
    const watched = await watch;
    expect(watched.stdout).toMatch(/MODIFIED\s+web/);
  });

  it('pages lists and rejects unknown field selectors', async () => {
    const page = JSON.parse(
      (await k('get', '--raw', '/api/v1/namespaces/default/pods?limit=1'))
        .stdout,
    );
    expect(page.items).toHaveLength(1);
    expect(page.metadata.continue).toBeTruthy();
    const rest = JSON.parse(
      (
        await k(
          'get',
          '--raw',
          `/api/v1/namespaces/default/pods?continue=${encodeURIComponent(
            page.metadata.continue,
          )}`,
        )
      ).stdout,
    );
    expect(rest.items).toHaveLength(4);
    const bad = await k('get', 'pods', '--field-selector', 'spec.foo=x');
    expect(bad.stderr).toContain('Error from server (BadRequest)');
  });

  it('serves the metrics API for kubectl top', async () => {
    const top = await k('top', 'pods');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/web-\S+\s+\d+m\s+\d+Mi/);
  });

  it('garbage-collects ReplicaSets and pods when the Deployment goes', async () => {
    expect((await k('delete', 'deploy', 'web')).code).toBe(0);
    const deadline = Date.now() + 10_000;
    let left = '';
    do {
      await new Promise(r => setTimeout(r, 200));
      left = (
        await k('get', 'rs,pods', '-l', 'app=web', '-o', 'name')
      ).stdout.trim();
    } while (left && Date.now() < deadline);
    expect(left).toBe('');
  });

  it('serves a CRD once Established, with its status subresource and printer columns', async () => {
    const crd = await writeManifest(dir, 'crd.yaml', stringify(placementCrd));
    const cr = await writeManifest(
      dir,
      'cr.yaml',
      stringify({
        apiVersion: 'fleet.example.com/v1',
        kind: 'Placement',
        metadata: { name: 'p1' },
        spec: { clusters: ['us-east'] },
      }),
    );
    expect((await k('apply', '-f', crd)).code).toBe(0);
    expect(
      (
        await k(
          'wait',
          '--for=condition=Established',
          'crd/placements.fleet.example.com',
          '--timeout=30s',
        )
      ).code,
    ).toBe(0);
    expect((await k('apply', '-f', cr)).code).toBe(0);
    expect((await k('get', 'plc')).stdout).toMatch(/^p1\s/m);
    const patched = await k(
      'patch',
      'plc',
      'p1',
      '--subresource=status',
      '--type',
      'merge',
      '-p',
      '{"status":{"phase":"Placed"}}',
    );
    expect(patched.code).toBe(0);
    expect(
      (
        await k(
          'get',
          'plc',
          'p1',
          '-o',
          'jsonpath={.status.phase} {.metadata.generation}',
        )
      ).stdout,
    ).toBe('Placed 1');
    // A CRD's printer columns are all the API server prints (AGE only when it
    // lists none); a list prints as JSON.
    expect((await k('get', 'plc')).stdout).toBe(
      'NAME   CLUSTERS      PHASE\np1     ["us-east"]   Placed\n',
    );
  });

  it('decodes the protobuf bodies of kubectl create', async () => {
    expect((await k('create', 'namespace', 'team-a')).stdout).toContain(
      'namespace/team-a created',
    );
    expect(
      (
        await k(
          'create',
          'configmap',
          'settings',
          '-n',
          'team-a',
          '--from-literal=mode=fast',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await k(
          'get',
          'cm',
          'settings',
          '-n',
          'team-a',
          '-o',
          'jsonpath={.data.mode}',
        )
      ).stdout,
    ).toBe('fast');
    expect(
      (
        await k(
          'create',
          'secret',
          'generic',
          'token',
          '-n',
          'team-a',
          '--from-literal=t=s3cret',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await k(
          'get',
          'secret',
          'token',
          '-n',
          'team-a',
          '-o',
          'jsonpath={.data.t}',
        )
      ).stdout,
    ).toBe(Buffer.from('s3cret').toString('base64'));
    expect(
      (
        await k(
          'create',
          'deployment',
          'api',
          '-n',
          'team-a',
          '--image=nginx:1.27',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await k(
          'rollout',
          'status',
          'deploy/api',
          '-n',
          'team-a',
          '--timeout=60s',
        )
      ).stdout,
    ).toContain('successfully rolled out');
  });

  it('retries injected 429s with Retry-After and fails on a 503 without it', async () => {
    cluster.injectError({
      status: 429,
      retryAfterSeconds: 1,
      verb: 'list',
      resource: 'pods',
      count: 2,
    });
    const started = Date.now();
    const ok = await k('get', 'pods', '-A');
    expect(ok.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    cluster.injectError({
      status: 503,
      verb: 'list',
      resource: 'pods',
      count: 1,
    });
    const failed = await k('get', 'pods', '-A');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Error from server');
  });

  it('refuses connections during an outage and serves again after', async () => {
    cluster.setOutage('refuse');
    const down = await k('get', 'ns', '--request-timeout=5s');
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/refused/);
    cluster.setOutage(undefined);
    await new Promise(r => setTimeout(r, 100));
    expect((await k('get', 'ns')).code).toBe(0);
  });
});
