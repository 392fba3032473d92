/** Statuses a results file may give a rider instead of (or besides) a time. */
export const IMPORT_STATUSES = ['DNF', 'DNS', 'DSQ', 'OTL'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * A race time as timing systems and federations write it: `H:MM:SS`, `MM:SS` or plain seconds, with an
 * optional fraction (`.37`, `.789`, or `,789` as European exports write it). Answers seconds to the
 * millisecond (digits beyond are dropped, float noise is not kept), or null when it is not a time.
 */
export function parseRaceTime(text: string): number | null {
  const value = text.trim().replace(',', '.');
  const match = /^(?:(?:(\d+):)?([0-5]?\d):([0-5]\d)|(\d+))(?:\.(\d+))?$/.exec(value);
  if (!match) return null;
  const [, hours, minutes, secs, plain, fraction = ''] = match;
  const whole =
    plain !== undefined ? Number(plain) : Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(secs);
  return (whole * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'))) / 1000;
}

/** Seconds of bonus or penalty: a number, possibly with a fraction; empty means none. */
export function parseSeconds(text: string): number | null {
  const value = text.trim();
  if (value === '') return 0;
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : null;
}

/**
 * A rider's name reduced for matching: no accents, no case, no punctuation, words in alphabetical order
 * — "Annemiek VAN VLEUTEN", "van Vleuten Annemiek" and "VAN VLEUTEN, Annemiek" all meet.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ');
}
