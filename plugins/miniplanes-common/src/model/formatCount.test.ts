import { formatCount } from './formatCount';

describe('formatCount', () => {
  it('names one in the singular and every other count in the plural', () => {
    expect(formatCount(1, 'replica')).toBe('1 replica');
    expect(formatCount(0, 'cluster')).toBe('0 clusters');
    expect(formatCount(3, 'time')).toBe('3 times');
    expect(formatCount(2, 'policy', 'policies')).toBe('2 policies');
  });
});
