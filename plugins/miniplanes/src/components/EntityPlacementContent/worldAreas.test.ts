import { worldAreaOf } from './worldAreas';

describe('worldAreaOf', () => {
  it.each([
    ['US', 'Americas'],
    ['BR', 'Americas'],
    ['IE', 'Europe'],
    ['EU', 'Europe'],
    ['gb', 'Europe'],
    ['JP', 'Asia-Pacific'],
    ['IN', 'Asia-Pacific'],
    ['ZA', 'Elsewhere'],
    [undefined, 'Elsewhere'],
  ])('puts %s in %s', (jurisdiction, area) => {
    expect(worldAreaOf(jurisdiction)).toBe(area);
  });
});
