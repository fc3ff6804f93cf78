import { formatDateTime } from './format';

describe('formatDateTime', () => {
  it("writes the instant as the reader's locale does", () => {
    const iso = '2026-12-03T08:01:00.000Z';
    expect(formatDateTime(iso)).toBe(new Date(iso).toLocaleString());
    expect(formatDateTime(iso)).not.toContain('T08:01');
  });
});
