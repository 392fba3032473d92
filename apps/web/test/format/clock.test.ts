import { describe, expect, it } from 'vitest';
import { formatClock, formatDate } from '../../src/format/format.ts';

// The formatters are kept per time zone: a race in one zone must never be shown in another's.
describe('formatClock and formatDate, kept per time zone', () => {
  const instant = Date.UTC(2026, 6, 14, 9, 5, 30, 250);

  it('shows the same instant in each race’s own zone, whichever zone was formatted first', () => {
    expect(formatClock(instant, 'UTC')).toBe('09:05:30');
    expect(formatClock(instant, 'Europe/Paris')).toBe('11:05:30');
    expect(formatClock(instant, 'America/Denver')).toBe('03:05:30');
    expect(formatClock(instant, 'UTC')).toBe('09:05:30');
    expect(formatClock(instant + 1000, 'Europe/Paris')).toBe('11:05:31');
  });

  it('dates near midnight fall on the zone’s own day', () => {
    const late = Date.UTC(2026, 6, 14, 23, 30);
    expect(formatDate(late, 'UTC')).toBe('14 Jul 2026');
    expect(formatDate(late, 'Asia/Tokyo')).toBe('15 Jul 2026');
    expect(formatDate(late, 'UTC')).toBe('14 Jul 2026');
  });

  it('still refuses an unknown zone, and a missing time is a dash', () => {
    expect(() => formatClock(instant, 'Mars/Olympus')).toThrow(RangeError);
    expect(formatClock(null, 'UTC')).toBe('–');
    expect(formatDate(undefined, 'UTC')).toBe('–');
  });
});
