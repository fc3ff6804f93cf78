import {
  evaluatePlacement,
  PlacementDecision,
} from '@miniplanes/plugin-miniplanes-common';
import { ParsedColumns } from '../store/ParsedColumns';
import { exampleService } from '../__testUtils__/syncHarness';
import { demoFleet } from '../__testUtils__/sync/demoFleet';
import { inventoryEntry } from '../__testUtils__/sync/inventoryEntry';
import { RenderedVersionCache } from './RenderedVersionCache';
import { renderVersion, VersionTargetInput } from './syncTargets';

function baseInput(): VersionTargetInput {
  const spec = exampleService('storage');
  const fleet = demoFleet();
  return {
    entityRef: spec.metadata.entityRef!,
    version: {
      specVersion: 1,
      spec,
      decision: evaluatePlacement({ service: spec, fleet }),
    },
    clusters: fleet.clusters.map(c => c.name),
    fleet,
    inventory: [],
    releases: [],
    installation: 'installation-a',
  };
}

/** Every input the render reads, changed one at a time, as a later pass would see it. */
const changes: [string, (input: VersionTargetInput) => VersionTargetInput][] = [
  [
    'another installation',
    input => ({ ...input, installation: 'installation-b' }),
  ],
  [
    'a portal address',
    input => ({ ...input, portal: 'https://portal.example.com' }),
  ],
  [
    'a cluster relabelled into another jurisdiction',
    input => ({
      ...input,
      fleet: {
        ...input.fleet,
        clusters: input.fleet.clusters.map(c =>
          c.name === 'us-pet'
            ? { ...c, labels: { ...c.labels, jurisdiction: 'FR' } }
            : c,
        ),
      },
    }),
  ],
  [
    'a new decision for the same spec version',
    input => ({
      ...input,
      version: {
        ...input.version,
        decision: {
          ...input.version.decision!,
          clusters: input.version.decision!.clusters.map(c =>
            c.name === 'eu-west' ? { ...c, selected: !c.selected } : c,
          ),
        },
      },
    }),
  ],
  [
    'a spec changed without a new version number',
    input => {
      const spec = structuredClone(input.version.spec);
      spec.spec.data = { ...spec.spec.data!, residency: ['FR'] };
      return { ...input, version: { ...input.version, spec } };
    },
  ],
  [
    'an object that held data, found in the inventory',
    input => ({
      ...input,
      inventory: [
        inventoryEntry(
          { cluster: 'eu-west', entityRef: input.entityRef },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            namespace: 'miniplanes',
            name: 'storage-config',
          },
          { role: 'data', state: 'applied', specVersion: 1 },
        ),
      ],
    }),
  ],
  [
    'a cluster no longer connected',
    input => ({
      ...input,
      clusters: input.clusters.filter(c => c !== 'us-east'),
    }),
  ],
  [
    'a gateway address reported',
    input => ({
      ...input,
      loadBalancers: new Map([['us-pet miniplanes/mongodb', ['10.0.0.9']]]),
    }),
  ],
  [
    'a newer version whose data rules bind',
    input => {
      const newer = structuredClone(input.version.spec);
      newer.spec.data = { ...newer.spec.data!, residency: ['FR'] };
      return { ...input, newerRules: [newer] };
    },
  ],
];

describe('RenderedVersionCache', () => {
  it('reuses what a version rendered while its inputs are the same, frozen', () => {
    const cache = new RenderedVersionCache();
    const first = cache.render(baseInput());
    // A later pass reads everything afresh: equal inputs, new objects.
    const second = cache.render(baseInput());
    expect(second).toBe(first);
    expect(second).toEqual(renderVersion(baseInput()));
    if (!second.ok) throw new Error('storage renders');
    const manifest = second.desired.get('us-pet')![0].manifest;
    expect(() => {
      manifest.metadata.name = 'changed';
    }).toThrow(TypeError);
  });

  it.each(changes)('renders again after %s', (_what, change) => {
    const cache = new RenderedVersionCache();
    const first = cache.render(baseInput());
    const changed = change(baseInput());
    const again = cache.render(changed);
    expect(again).not.toBe(first);
    expect(again).toEqual(renderVersion(change(baseInput())));
  });

  it('never reuses a render of another fleet, when the fleet changes back and forth', () => {
    const cache = new RenderedVersionCache();
    const relabel = changes[0][1];
    cache.render(baseInput());
    const relabelled = cache.render(relabel(baseInput()));
    expect(relabelled).toEqual(renderVersion(relabel(baseInput())));
    const back = cache.render(baseInput());
    expect(back).toEqual(renderVersion(baseInput()));
    expect(back).not.toEqual(relabelled);
    // The same fleet again, as a new object: reused.
    expect(cache.render(baseInput())).toBe(back);
  });

  it('knows a spec and decision the store parsed by identity, and renders again once the store parses new text', () => {
    const columns = new ParsedColumns();
    const stored = (input: VersionTargetInput, spec = input.version.spec) => ({
      ...input,
      version: {
        ...input.version,
        spec: columns.parse<typeof spec>('svc spec', JSON.stringify(spec))!,
        decision: columns.parse<PlacementDecision>(
          'svc decision',
          JSON.stringify(input.version.decision),
        ),
      },
    });
    const cache = new RenderedVersionCache();
    const first = cache.render(stored(baseInput()));
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect(cache.render(stored(baseInput()))).toBe(first);
      // The unchanged spec and decision were not written out again.
      const written = stringify.mock.calls.map(([value]) => value);
      expect(written).not.toContainEqual(
        expect.arrayContaining([baseInput().version.spec]),
      );
    } finally {
      stringify.mockRestore();
    }

    const changed = structuredClone(baseInput().version.spec);
    changed.spec.data = { ...changed.spec.data!, residency: ['FR'] };
    const again = cache.render(stored(baseInput(), changed));
    expect(again).not.toBe(first);
    expect(again).toEqual(
      renderVersion({
        ...baseInput(),
        version: { ...baseInput().version, spec: changed },
      }),
    );
  });
});
