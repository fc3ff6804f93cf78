import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { assertProperty } from '../__testUtils__/assertProperty';
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

  it('answers any file near a valid one with a decision (exit 0) or path-precise messages (exit 2), never a crash', () => {
    const example = (path: string) =>
      readFileSync(resolve(__dirname, '../../../../', path), 'utf8');
    /** The text with a few lines removed, repeated, cut short or with a token replaced. */
    const nearly = (text: string) => {
      const lines = text.split('\n');
      const edit = fc.tuple(
        fc.constantFrom('remove', 'repeat', 'cut', 'replace'),
        fc.nat({ max: lines.length - 1 }),
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('-1', '0', '1e9', 'null', '[]', '{}', '"', ':', '- '),
        ),
      );
      return fc.array(edit, { maxLength: 3 }).map(edits => {
        const edited = [...lines];
        for (const [kind, at, token] of edits) {
          const line = at % Math.max(1, edited.length);
          if (kind === 'remove') edited.splice(line, 1);
          if (kind === 'repeat') edited.splice(line, 0, edited[line] ?? '');
          if (kind === 'cut') edited.splice(line);
          if (kind === 'replace')
            edited[line] = (edited[line] ?? '').replace(/[^\s:-][^:]*$/, token);
        }
        return edited.join('\n');
      });
    };
    const fleets = nearly(example('examples/fleet/demo-fleet.yaml'));
    const services = fc.oneof(
      ...['storage', 'ui', 'itineraries', 'fare-model', 'price-watcher'].map(
        name => nearly(example(`examples/services/${name}.yaml`)),
      ),
    );
    assertProperty(
      fc.property(fleets, services, (fleet, service) => {
        const files = { 'fleet.yaml': fleet, 'service.yaml': service };
        const evaluated = cli(
          [
            'evaluate',
            '--fleet',
            'fleet.yaml',
            '--service',
            'service.yaml',
            '--output',
            'json',
          ],
          files,
        );
        const validated = cli(
          ['validate', 'fleet.yaml', 'service.yaml'],
          files,
        );
        // Exit 0 with a decision, or exit 2 with each
        // invalid file named and its problems indented below it.
        const invalidReport =
          /^((fleet|service)\.yaml is invalid:\n( {2}.+\n)+)+$/;
        const decision =
          evaluated.code === 0 ? JSON.parse(evaluated.stdout) : undefined;
        const answered =
          evaluated.code === 0
            ? evaluated.stderr === '' &&
              typeof decision.satisfiable === 'boolean'
            : evaluated.code === 2 && invalidReport.test(evaluated.stderr);
        expect({ ...evaluated, answered }).toEqual({
          ...evaluated,
          answered: true,
        });
        expect([0, 2]).toContain(validated.code);
        // What evaluate refused, validate refuses too.
        expect(validated.code === 2 || evaluated.code === 0).toBe(true);
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
