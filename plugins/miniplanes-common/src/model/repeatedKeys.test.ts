import { repeatedKeys } from './repeatedKeys';

describe('repeatedKeys', () => {
  it('gives each repeat with the first item of its key, in the order of the list', () => {
    expect([...repeatedKeys(['a', 'b', 'a', 'c', 'b', 'a'])]).toEqual([
      [2, 0],
      [4, 1],
      [5, 0],
    ]);
    expect(repeatedKeys(['a', 'b']).size).toBe(0);
  });
});
