import { labelSelectorMatches } from './labelSelector';

const labels = {
  'app.kubernetes.io/managed-by': 'miniplanes',
  'miniplanes.io/shard-bucket': '14',
  tier: 'web',
};

describe('labelSelectorMatches', () => {
  it.each([
    ['app.kubernetes.io/managed-by=miniplanes', true],
    ['app.kubernetes.io/managed-by==miniplanes', true],
    ['app.kubernetes.io/managed-by=someone', false],
    ['tier!=web', false],
    ['tier!=db', true],
    ['missing!=x', true],
    ['miniplanes.io/shard-bucket in (0,2,14)', true],
    ['miniplanes.io/shard-bucket in (1,3,5)', false],
    ['miniplanes.io/shard-bucket in (1, 14)', true],
    ['missing in (a)', false],
    ['tier notin (db,cache)', true],
    ['tier notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    [
      'app.kubernetes.io/managed-by=miniplanes,miniplanes.io/shard-bucket in (0,2,14),tier',
      true,
    ],
    [
      'app.kubernetes.io/managed-by=miniplanes,miniplanes.io/shard-bucket in (1,3),tier',
      false,
    ],
    ['', true],
  ])('%p → %p', (selector, expected) => {
    expect(labelSelectorMatches(labels, selector)).toBe(expected);
  });

  it('requires every term of an object without labels but those it may lack', () => {
    expect(labelSelectorMatches(undefined, '!tier')).toBe(true);
    expect(labelSelectorMatches(undefined, 'tier in (web)')).toBe(false);
  });
});
