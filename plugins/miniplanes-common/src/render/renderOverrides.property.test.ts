import fc from 'fast-check';
import { assertProperty } from '../__testUtils__/assertProperty';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import { parseFederatedService } from '../model/parse';
import { FederatedService } from '../model/types';
import { evaluatePlacement } from '../placement/evaluatePlacement';
import { renderClusterManifests } from './renderClusterManifests';

/*
 * Overrides as owners write them, generated: any that validation accepts
 * renders on every cluster the service is placed on, or is refused naming
 * the override; and rendering never changes the stored version (renders
 * are cached and shared from pass to pass).
 */

const fleet = demoFleet();
const services = [
  'storage',
  'ui',
  'itineraries',
  'fare-model',
  'price-watcher',
  'bookings',
].map(demoService);

/** JSON pointers into a document, its inner nodes too. */
function pointersOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const pointer = `${prefix}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return [pointer, ...pointersOf(child, pointer)];
  });
}

const json = fc.jsonValue({ maxDepth: 2 });

function deepFrozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFrozen);
    Object.freeze(value);
  }
  return value;
}

function overrideFor(service: FederatedService) {
  const manifests = service.spec.resources.map(r => r.manifest);
  const pointers = [
    ...new Set(manifests.flatMap(m => pointersOf(m))),
    '/spec/nothing',
    '/metadata/labels/extra',
    '/spec/template/spec/containers/-',
  ];
  const pointer = fc.constantFrom(...pointers);
  const patch = fc.oneof(
    fc.record({
      op: fc.constantFrom('add', 'replace', 'test'),
      path: pointer,
      value: json,
    }),
    fc.record({ op: fc.constant('remove'), path: pointer }),
    fc.record({
      op: fc.constantFrom('move', 'copy'),
      path: pointer,
      from: pointer,
    }),
  );
  const label = fc.constantFrom('a', 'b-1', 'x.y');
  return fc.record(
    {
      clusters: fc.oneof(
        fc.constant({}),
        fc.record({
          matchLabels: fc.record(
            { jurisdiction: fc.constantFrom('US', 'IE', 'DE', 'JP') },
            { requiredKeys: [] },
          ),
        }),
      ),
      resource: fc.record(
        {
          kind: fc.constantFrom(...manifests.map(m => m.kind), 'Nope'),
          name: fc.constantFrom(...manifests.map(m => m.metadata.name)),
        },
        { requiredKeys: [] },
      ),
      patches: fc.array(patch, { maxLength: 3 }),
      image: fc.constantFrom('registry.example/app:2', 'app@sha256:abc'),
      env: fc.array(
        fc.record({ name: fc.constantFrom('LOG', 'MODE'), value: fc.string() }),
        { maxLength: 2 },
      ),
      replicas: fc.nat({ max: 5 }),
      labels: fc.dictionary(label, label, { maxKeys: 2 }),
    },
    { requiredKeys: ['clusters'] },
  );
}

const generated = fc
  .constantFrom(...services)
  .chain(service =>
    fc.tuple(
      fc.constant(service),
      fc.array(overrideFor(service), { minLength: 1, maxLength: 2 }),
    ),
  );

describe('overrides, generated', () => {
  it('render on every placed cluster, or are refused by name; the stored version never changes', () => {
    assertProperty(
      fc.property(generated, ([service, overrides]) => {
        const parsed = parseFederatedService(
          JSON.stringify({ ...service, spec: { ...service.spec, overrides } }),
        );
        // What validation refuses is never stored, so never rendered.
        fc.pre(parsed.ok);
        // Frozen, as the backend's store gives a stored version to the sync.
        const version = deepFrozen(parsed.ok ? parsed.value : service);
        const before = JSON.stringify(version);
        const decision = evaluatePlacement({ service: version, fleet });
        for (const cluster of decision.clusters.filter(c => c.selected)) {
          let refusal: string | undefined;
          try {
            renderClusterManifests({
              service: version,
              decision,
              cluster: cluster.name,
              fleet,
            });
          } catch (error) {
            refusal = `${(error as Error).name}: ${(error as Error).message}`;
          }
          expect({ cluster: cluster.name, refusal }).toEqual({
            cluster: cluster.name,
            refusal:
              refusal === undefined ||
              /^Error: spec\.overrides\[\d+\]/.test(refusal)
                ? refusal
                : 'a refusal naming the override',
          });
        }
        expect(JSON.stringify(version)).toBe(before);
      }),
      { numRuns: 400, seed: 20261206 },
    );
  });
});
