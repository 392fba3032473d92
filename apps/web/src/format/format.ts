/**
 * How times, gaps, distances and speeds read on screen. One place, so the leaderboard, the results and
 * the charts never disagree about a second.
 */

/**
 * 4:05:09, 5:09, or 0:09 for a duration in seconds; hundredths when asked (time trials), truncated as
 * timing rules show them: 1465.999 s reads 24:25.99, never 24:25.100 or 24:26.00.
 */
export function formatDuration(seconds: number | null | undefined, hundredths = false): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const negative = seconds < 0;
  let rest = Math.abs(seconds);
  // Through whole milliseconds first, so float noise (24:30.37 as 1470.3699999) does not lose a hundredth.
  const inHundredths = Math.floor(Math.round(rest * 1000) / 10);
  const whole = hundredths ? Math.floor(inHundredths / 100) : Math.round(rest);
  const fraction = hundredths ? inHundredths % 100 : 0;
  rest = whole;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  const body = `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
  const tail = hundredths ? `.${String(fraction).padStart(2, '0')}` : '';
  return `${negative ? '−' : ''}${body}${tail}`;
}

/** "+2:13" behind, "s.t." for the same time, "–" when unknown. */
export function formatGap(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (Math.round(seconds) === 0) return 's.t.';
  return `+${formatDuration(seconds)}`;
}

/** 12.3 km, or 850 m under a kilometre. */
export function formatDistance(metres: number | null | undefined): string {
  if (metres === null || metres === undefined || !Number.isFinite(metres)) return '–';
  if (Math.abs(metres) < 1000) return `${Math.round(metres)} m`;
  return `${(metres / 1000).toFixed(1)} km`;
}

export function formatSpeed(kmh: number | null | undefined): string {
  if (kmh === null || kmh === undefined || !Number.isFinite(kmh)) return '–';
  return `${kmh.toFixed(1)} km/h`;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (the live leaderboard formats
// an ETA per visible row every second): one formatter per time zone, kept. A bad zone still throws.
const clockFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    cache.set(timeZone, format);
  }
  return format;
}

/** Clock time of an epoch instant in a race's time zone (the race's local time, not the viewer's). */
export function formatClock(epochMs: number | null | undefined, timeZone = 'UTC'): string {
  if (epochMs === null || epochMs === undefined) return '–';
  return cachedFormat(clockFormats, timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(epochMs);
}

export function formatDate(value: string | number | null | undefined, timeZone = 'UTC'): string {
  if (value === null || value === undefined) return '–';
  return cachedFormat(dateFormats, timeZone, { dateStyle: 'medium' }).format(new Date(value));
}

/** Seconds since a fix, in words a spectator reads at a glance: "now", "12 s", "2 min", "1 h 5 min". */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 3) return 'now';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
