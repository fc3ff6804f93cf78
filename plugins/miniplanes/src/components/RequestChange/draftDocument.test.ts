import { stringify } from 'yaml';
import { storageSpec } from '../../__testUtils__/testFixtures';
import {
  appendDraftItem,
  parsePathText,
  readDraft,
  setDraftField,
} from './draftDocument';

const entityRef = 'component:default/storage';
const text = `# the storage service\n${stringify(storageSpec)}`;

describe('draftDocument', () => {
  it('reads paths the way validation spells them', () => {
    expect(parsePathText('spec.resources[0].manifest')).toEqual([
      'spec',
      'resources',
      0,
      'manifest',
    ]);
    expect(parsePathText('metadata.labels["app.kubernetes.io/name"]')).toEqual([
      'metadata',
      'labels',
      'app.kubernetes.io/name',
    ]);
  });

  it('gives each problem its line, or its nearest parent line when the field is missing', () => {
    const draft = readDraft(
      text.replace('total: 4', 'total: -1').replace('    mode: Divided\n', ''),
      entityRef,
    );
    const lines = draft.text.split('\n');
    const lineOf = (needle: string) =>
      lines.findIndex(l => l.includes(needle)) + 1;
    expect(draft.service).toBeUndefined();
    expect(draft.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'spec.placement.replicas.total',
          line: lineOf('total: -1'),
        }),
        expect.objectContaining({
          path: 'spec.placement.replicas.mode',
          line: lineOf('replicas:') + 1,
        }),
      ]),
    );
  });

  it('refuses a document for another entity', () => {
    const draft = readDraft(
      text.replace(entityRef, 'component:default/other'),
      entityRef,
    );
    expect(draft.service).toBeUndefined();
    expect(draft.issues).toEqual([
      expect.objectContaining({ path: 'metadata.entityRef' }),
    ]);
  });

  it('keeps comments when the form sets a field, and removes what a cleared field leaves empty', () => {
    const { document } = readDraft(text, entityRef);
    const spread = setDraftField(
      document!,
      ['spec', 'placement', 'spread', 'by'],
      'region',
    );
    expect(spread).toContain('# the storage service');
    expect(readDraft(spread, entityRef).service?.spec.placement.spread).toEqual(
      { by: 'region' },
    );
    const cleared = setDraftField(
      readDraft(spread, entityRef).document!,
      ['spec', 'placement', 'spread', 'by'],
      undefined,
    );
    expect(readDraft(cleared, entityRef).value).toEqual(
      readDraft(text, entityRef).value,
    );
  });

  it('appends to a list, creating it when missing', () => {
    const { document } = readDraft(text, entityRef);
    const once = appendDraftItem(document!, ['spec', 'overrides'], {
      clusters: { matchLabels: {} },
      image: 'a',
    });
    const twice = appendDraftItem(
      readDraft(once, entityRef).document!,
      ['spec', 'overrides'],
      { clusters: { matchLabels: {} }, image: 'b' },
    );
    expect(
      readDraft(twice, entityRef).service?.spec.overrides?.map(o => o.image),
    ).toEqual(['a', 'b']);
  });
});
