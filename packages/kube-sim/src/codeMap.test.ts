import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The README's code map: what each folder of src/ may import. */
const MAY_IMPORT: Record<string, string[]> = {
  '.': [
    'state',
    'api',
    'controllers',
    'operators',
    'faults',
    'security',
    'operations',
    'patch',
    'resources',
    'store',
    'kube',
  ],
  state: ['security', 'operations', 'store', 'kube'],
  api: ['faults', 'security', 'operations', 'resources', 'store', 'kube'],
  controllers: ['operators', 'operations', 'resources', 'store', 'kube'],
  operators: ['operations', 'patch', 'kube'],
  faults: ['kube'],
  security: ['resources', 'kube'],
  operations: ['patch', 'resources', 'store', 'kube'],
  patch: ['kube'],
  resources: ['kube'],
  store: ['kube'],
  kube: [],
};

/** Tests, their helpers and the benchmark may import anything. */
const UNRESTRICTED = ['acceptance', '__testUtils__', 'bench'];

const src = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
      ? [path]
      : [];
  });
}

const folderOf = (path: string) => {
  const [first, ...rest] = relative(src, path).split('/');
  return rest.length ? first : '.';
};

describe('code map', () => {
  it('imports only downward, as the README says', () => {
    const violations: string[] = [];
    for (const file of sources(src)) {
      const from = folderOf(file);
      if (UNRESTRICTED.includes(from)) continue;
      const allowed = MAY_IMPORT[from];
      if (!allowed) {
        violations.push(`${relative(src, file)}: folder not in the code map`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']*)'/g)) {
        const to = folderOf(resolve(dirname(file), spec));
        if (to !== from && !allowed.includes(to))
          violations.push(`${relative(src, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
