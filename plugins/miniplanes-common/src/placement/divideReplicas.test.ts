import { divideReplicas } from './divideReplicas';

describe('divideReplicas', () => {
  it('rounds by largest remainder, ties by weight then name, and always sums to the total', () => {
    const division = divideReplicas(7, [
      { name: 'b', weight: 1 },
      { name: 'a', weight: 1 },
      { name: 'c', weight: 1 },
    ]);
    expect(Object.fromEntries(division)).toEqual({ a: 3, b: 2, c: 2 });
  });

  it('follows the weights', () => {
    expect(
      Object.fromEntries(
        divideReplicas(10, [
          { name: 'big', weight: 3 },
          { name: 'small', weight: 1 },
        ]),
      ),
    ).toEqual({ big: 8, small: 2 });
  });

  it('treats all-zero weights as equal', () => {
    expect(
      Object.fromEntries(
        divideReplicas(2, [
          { name: 'x', weight: 0 },
          { name: 'y', weight: 0 },
        ]),
      ),
    ).toEqual({
      x: 1,
      y: 1,
    });
  });
});
