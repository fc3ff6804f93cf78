import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { SimulatedCluster } from '../SimulatedCluster';
import { run, startAcceptanceCluster } from '../__testUtils__/testFleet';

/** Checklist item 37: Debian's python3-kubernetes 22.6 (for /usr/bin/python3) against kube-sim. */
jest.setTimeout(60_000);

const PYTHON = '/usr/bin/python3';

describe('python3-kubernetes against kube-sim', () => {
  let cluster: SimulatedCluster;
  let kubeconfig: string;

  beforeAll(async () => {
    if (!existsSync('/usr/lib/python3/dist-packages/kubernetes/__init__.py')) {
      throw new Error(
        'python3-kubernetes is missing: npm test installs it (scripts/system-deps.mjs)',
      );
    }
    ({ cluster, kubeconfig } = await startAcceptanceCluster('python'));
  });

  afterAll(() => cluster?.stop());

  it('passes every check of the python client script', async () => {
    const result = await run(PYTHON, [
      join(__dirname, 'python_client.py'),
      kubeconfig,
    ]);
    expect(result.stdout.split('\n').filter(l => l.startsWith('FAIL'))).toEqual(
      [],
    );
    expect(result.stdout.match(/^PASS /gm)).toHaveLength(8);
    expect(result.code).toBe(0);
  });
});
