import { sameAsJson } from './sameAsJson';

describe('sameAsJson', () => {
  it.each([
    [
      'keys in another order',
      { a: 1, b: { c: [1, 2] } },
      { b: { c: [1, 2] }, a: 1 },
    ],
    [
      'undefined members on either side',
      { a: 1, b: undefined },
      { a: 1, c: undefined },
    ],
    ['the same primitives', 'x', 'x'],
  ])('counts %s as the same', (_what, a, b) => {
    expect(sameAsJson(a, b)).toBe(true);
    expect(sameAsJson(b, a)).toBe(true);
  });

  it.each([
    ['a member missing on one side', { a: 1, b: 2 }, { a: 1 }],
    ['null where the other has nothing', { a: null }, {}],
    ['a nested difference', { a: { b: [1, 2] } }, { a: { b: [2, 1] } }],
    ['an array against an object', { a: [] }, { a: {} }],
    ['arrays of other lengths', [1], [1, undefined]],
    ['a different key with the same count', { a: 1 }, { b: 1 }],
  ])('tells %s apart', (_what, a, b) => {
    expect(sameAsJson(a, b)).toBe(false);
    expect(sameAsJson(b, a)).toBe(false);
  });

  it('leaves out the top-level key it is told to, and only that one', () => {
    const stamped = { a: 1, at: 'monday', b: { at: 1 } };
    expect(
      sameAsJson(stamped, { a: 1, at: 'tuesday', b: { at: 1 } }, 'at'),
    ).toBe(true);
    expect(sameAsJson(stamped, { a: 1, b: { at: 1 } }, 'at')).toBe(true);
    expect(sameAsJson({ a: 1 }, stamped, 'at')).toBe(false);
    expect(
      sameAsJson(stamped, { a: 1, at: 'monday', b: { at: 2 } }, 'at'),
    ).toBe(false);
  });
});
