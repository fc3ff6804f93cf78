import {
  formatLabels,
  formatTolerations,
  parseCount,
  parseLabels,
  parseList,
  parseTolerations,
} from './formFields';

describe('formFields', () => {
  it('reads lists, and a blank field removes the value', () => {
    expect(parseList(' US, CA ,')).toEqual(['US', 'CA']);
    expect(parseList('  ')).toBeUndefined();
  });

  it('keeps what is not a number as text, for validation to report', () => {
    expect(parseCount('6')).toBe(6);
    expect(parseCount('six')).toBe('six');
    expect(parseCount('')).toBeUndefined();
  });

  it('reads tolerations as people write them, and writes them back', () => {
    const text = 'spot, dedicated=db:NoSchedule, :NoExecute';
    const tolerations = parseTolerations(text);
    expect(tolerations).toEqual([
      { key: 'spot', operator: 'Exists' },
      {
        key: 'dedicated',
        operator: 'Equal',
        value: 'db',
        effect: 'NoSchedule',
      },
      { operator: 'Exists', effect: 'NoExecute' },
    ]);
    expect(formatTolerations(tolerations)).toBe(text);
  });

  it('reads labels as key=value pairs, and writes them back', () => {
    const labels = parseLabels('region=us-east-1, tier=gold');
    expect(labels).toEqual({ region: 'us-east-1', tier: 'gold' });
    expect(formatLabels(labels)).toBe('region=us-east-1, tier=gold');
  });
});
