/** How race and stage dates read: in the race's own time zone, whatever the viewer's. */

/** A race's start date (a calendar date, already local to the race): "5 Jul 2024". */
export function formatRaceDate(startDate: string | null): string | null {
  if (!startDate) return null;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${startDate}T00:00:00Z`),
  );
}

/** A stage's scheduled start in the race's time zone: "5 Jul 2024, 13:10". */
export function formatStageStart(iso: string | null, timeZone: string): string | null {
  if (!iso) return null;
  try {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
      new Date(iso),
    );
  } catch {
    return new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(new Date(iso));
  }
}

/** Metres of climbing: "1,234 m". */
export function formatClimbing(metres: number | null | undefined): string {
  if (metres === null || metres === undefined || !Number.isFinite(metres)) return '–';
  return `${Math.round(metres).toLocaleString('en-GB')} m`;
}

/** Kilometres from the start with one decimal: "12.3". */
export function formatKm(metres: number): string {
  return (metres / 1000).toFixed(1);
}
