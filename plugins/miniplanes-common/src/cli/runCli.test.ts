import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli } from './runCli';

function cli(args: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, {
    readFile: path => {
      if (path in files) return files[path];
      return readFileSync(resolve(__dirname, '../../../../', path), 'utf8');
    },
    stdout: t => out.push(t),
    stderr: t => err.push(t),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('miniplanes CLI', () => {
  it('prints the decision as a table, and as JSON on request', () => {
    const table = cli([
      'evaluate',
      '--fleet',
      'examples/fleet/demo-fleet.yaml',
      '--service',
      'examples/services/storage.yaml',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^CLUSTER\s+JURISDICTION\s+REGION\s+SELECTED\s+DATA\s+COMPUTE\s+REASONS\n/,
    );
    expect(table.stdout).toContain('satisfiable: data on us-east, us-pet');

    const json = cli([
      'evaluate',
      '--fleet',
      'examples/fleet/demo-fleet.yaml',
      '--service',
      'examples/services/ui.yaml',
      '--output',
      'json',
    ]);
    const decision = JSON.parse(json.stdout);
    expect(decision.satisfiable).toBe(true);
    expect(decision.clusters).toHaveLength(5);
    expect(decision.clusters[0]).toEqual(
      expect.objectContaining({
        name: 'ap-gpu',
        selected: true,
        replicas: { data: 0, compute: 2, config: 0 },
      }),
    );
  });

  it('exits 0 for an unsatisfiable policy: that is a result', () => {
    const service = readFileSync(
      resolve(__dirname, '../../../../examples/services/fare-model.yaml'),
      'utf8',
    ).replace('requires: [gpu]', 'requires: [gpu, quantum]');
    const result = cli(
      [
        'evaluate',
        '--fleet',
        'examples/fleet/demo-fleet.yaml',
        '--service',
        'svc.yaml',
      ],
      { 'svc.yaml': service },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('NOT satisfiable');
  });

  it('exits 2 with path-precise messages for invalid documents', () => {
    const result = cli(
      ['validate', 'examples/fleet/demo-fleet.yaml', 'bad.yaml'],
      {
        'bad.yaml':
          'apiVersion: miniplanes.io/v1alpha1\nkind: FederatedService\nmetadata: {name: x, entityRef: nope}\nspec: {placement: {}, resources: []}\n',
      },
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('examples/fleet/demo-fleet.yaml: valid fleet\n');
    expect(result.stderr).toBe(
      [
        'bad.yaml is invalid:',
        '  metadata.entityRef: expected a catalog entity reference such as component:default/storage, got "nope"',
        '  spec.resources: expected at least one resource',
        '',
      ].join('\n'),
    );
  });

  it('validates every example service', () => {
    const result = cli([
      'validate',
      ...['storage', 'ui', 'itineraries', 'fare-model', 'price-watcher'].map(
        s => `examples/services/${s}.yaml`,
      ),
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it('explains its usage', () => {
    expect(cli(['evaluate']).code).toBe(2);
    expect(cli(['evaluate']).stderr).toContain('usage:');
  });
});
