/**
 * A passing read as a time of day (`12:34:56.789`), as many timing systems export them, made an
 * instant: that wall-clock time in the race's time zone, on the stage's day. The stage's reference
 * instant (its start) decides the day: the first such time from an hour before it, so a read just
 * after midnight on a stage that started the evening before falls on the next day. Milliseconds are
 * kept; digits beyond them are dropped (a timing system's ten-thousandths do not rank here).
 */
const TIME_OF_DAY = /^([01]?\d|2[0-3]):([0-5]\d):([0-5]\d)(?:[.,](\d+))?$/;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function isTimeOfDay(text: string): boolean {
  return TIME_OF_DAY.test(text.trim());
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
function zoneOffset(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/** The instant of a time of day in `zone`, the first from an hour before `reference`; null if not one. */
export function instantOfTimeOfDay(text: string, zone: string, reference: number): number | null {
  const match = TIME_OF_DAY.exec(text.trim());
  if (!match) return null;
  const [, h, m, s, fraction = ''] = match;
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const sinceMidnight = ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + ms;
  const from = reference - HOUR_MS;
  // The wall-clock day of `from` in the zone, then that day's (or the next day's) time of day.
  const offset = zoneOffset(zone, from);
  const localMidnight = Math.floor((from + offset) / DAY_MS) * DAY_MS;
  for (const day of [0, 1]) {
    const wall = localMidnight + day * DAY_MS + sinceMidnight;
    // The offset at the instant itself (a stage may span a daylight-saving change).
    const instant = wall - zoneOffset(zone, wall - offset);
    if (instant >= from) return instant;
  }
  return null;
}
