import { cronScheduleErrors } from './cronSchedule';
import { parseGoDuration } from './goDuration';

describe('cronScheduleErrors (what Velero accepts in Schedule.spec.schedule)', () => {
  it.each([
    '0 2 * * *',
    '*/15 * * * *',
    '0 0-6/2 1,15 jan-jun MON-FRI',
    '0 0 ? * sun',
    '@daily',
    '@every 1h30m',
    'CRON_TZ=Europe/Paris 0 3 * * *',
  ])('accepts %s', schedule => {
    expect(cronScheduleErrors(schedule)).toEqual([]);
  });

  it.each([
    [undefined, 'Schedule must be a non-empty valid Cron expression'],
    ['', 'Schedule must be a non-empty valid Cron expression'],
    ['daily', 'invalid schedule: expected exactly 5 fields, found 1: [daily]'],
    [
      '0 2 * *',
      'invalid schedule: expected exactly 5 fields, found 4: [0 2 * *]',
    ],
    [
      '60 * * * *',
      'invalid schedule: end of range (60) above maximum (59): 60',
    ],
    [
      '0 0 0 * *',
      'invalid schedule: beginning of range (0) below minimum (1): 0',
    ],
    [
      '0 5-2 * * *',
      'invalid schedule: beginning of range (5) beyond end of range (2): 5-2',
    ],
    [
      '*/0 * * * *',
      'invalid schedule: step of range should be a positive number: */0',
    ],
    [
      '0 x * * *',
      'invalid schedule: failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax',
    ],
    ['@fortnightly', 'invalid schedule: unrecognized descriptor: @fortnightly'],
    [
      '@every soon',
      'invalid schedule: failed to parse duration @every soon: time: invalid duration "soon"',
    ],
  ])('refuses %j: %s', (schedule, error) => {
    expect(cronScheduleErrors(schedule)).toEqual([error]);
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['720h0m0s', 720 * 3_600_000],
    ['1h30m', 90 * 60_000],
    ['1.5h', 90 * 60_000],
    ['300ms', 300],
    ['5m', 300_000],
    ['0', 0],
    ['-2s', -2000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', '5', '1d', 'h', '1h 30m'])('refuses %j as Go does', text => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
