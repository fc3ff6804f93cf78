import { ParsedColumns } from './ParsedColumns';

describe('ParsedColumns', () => {
  it('gives the same frozen value while the text stays the same, a new one once it changes', () => {
    const columns = new ParsedColumns();
    const first = columns.parse<{ a: number[] }>('svc spec', '{"a":[1]}');
    expect(first).toEqual({ a: [1] });
    expect(Object.isFrozen(first!.a)).toBe(true);
    expect(columns.parse('svc spec', '{"a":[1]}')).toBe(first);

    const changed = columns.parse('svc spec', '{"a":[2]}');
    expect(changed).toEqual({ a: [2] });
    expect(first).toEqual({ a: [1] });
    // Another key with the same text is its own value.
    expect(columns.parse('other spec', '{"a":[2]}')).not.toBe(changed);
  });

  it('forgets a column that became empty, and the keys not retained', () => {
    const columns = new ParsedColumns();
    const kept = columns.parse('a status', '{"x":1}');
    const dropped = columns.parse('b status', '{"x":1}');
    expect(columns.parse('a status', null)).toBeUndefined();
    expect(columns.parse('a status', '{"x":1}')).not.toBe(kept);

    columns.retain(key => key.startsWith('a '));
    expect(columns.parse('b status', '{"x":1}')).not.toBe(dropped);

    const forgotten = columns.parse('c status', '{"x":1}');
    columns.forget('c status');
    expect(columns.parse('c status', '{"x":1}')).not.toBe(forgotten);
  });
});
