import { withoutUndefined } from './withoutUndefined';

describe('withoutUndefined', () => {
  it('drops the undefined fields only, as JSON would, and leaves the input alone', () => {
    const input = {
      a: undefined,
      b: null,
      c: 0,
      d: false,
      e: '',
      f: { g: undefined },
    };
    const copy = withoutUndefined(input);
    expect(Object.keys(copy)).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(copy).toEqual(JSON.parse(JSON.stringify(input)));
    expect(copy.f).toBe(input.f);
    expect('a' in input).toBe(true);
  });
});
