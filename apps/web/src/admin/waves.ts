/**
 * Waves of a stage (mass-participation starts): the organiser edits them as rows with the start as an
 * offset in minutes after the stage's scheduled start, or as a time of day when the stage has one.
 */

export interface WaveValue {
  name: string;
  startOffsetSeconds: number;
  categories: string[];
}

/** One editable row: what the inputs hold, as text. */
export interface WaveDraft {
  name: string;
  /** Minutes after the stage's scheduled start. */
  offsetMinutes: string;
  categories: string[];
}

export const toDraft = (wave: WaveValue): WaveDraft => ({
  name: wave.name,
  offsetMinutes: String(Math.round((wave.startOffsetSeconds / 60) * 100) / 100),
  categories: [...wave.categories],
});

export type WaveProblem = {
  row: number;
  field: 'name' | 'offsetMinutes';
  problem: 'required' | 'duplicate' | 'range';
};

/** The rows as the stage's waves, or the rows' problems (nothing is sent while there is one). */
export function wavesFromDrafts(
  drafts: readonly WaveDraft[],
): { waves: WaveValue[]; problems: [] } | { waves: null; problems: WaveProblem[] } {
  const problems: WaveProblem[] = [];
  const seen = new Set<string>();
  const waves = drafts.map((d, row) => {
    const name = d.name.trim();
    if (!name) problems.push({ row, field: 'name', problem: 'required' });
    else if (seen.has(name)) problems.push({ row, field: 'name', problem: 'duplicate' });
    seen.add(name);
    const minutes = d.offsetMinutes.trim() === '' ? 0 : Number(d.offsetMinutes);
    const seconds = Math.round(minutes * 60);
    if (!Number.isFinite(minutes) || seconds < 0 || seconds > 86_400)
      problems.push({ row, field: 'offsetMinutes', problem: 'range' });
    return { name, startOffsetSeconds: seconds, categories: d.categories };
  });
  return problems.length > 0 ? { waves: null, problems } : { waves, problems: [] };
}

/** The wave's start instant (ISO), when the stage has a scheduled start. */
export function waveStart(scheduledStart: string | null, offsetSeconds: number): string | null {
  if (!scheduledStart) return null;
  const at = Date.parse(scheduledStart);
  return Number.isFinite(at) ? new Date(at + offsetSeconds * 1000).toISOString() : null;
}

/** Minutes after the scheduled start for a chosen time of day ("HH:MM" in the browser's zone). */
export function offsetForTime(
  scheduledStart: string,
  time: string,
  timeZoneOffsetMinutes?: number,
): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  const at = Date.parse(scheduledStart);
  if (!match || !Number.isFinite(at)) return null;
  const zone = timeZoneOffsetMinutes ?? new Date(at).getTimezoneOffset();
  const local = new Date(at - zone * 60_000);
  const startMinutes = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
  const chosen = Number(match[1]) * 60 + Number(match[2]);
  const offset = chosen - startMinutes;
  return offset >= 0 && offset <= 1440 ? Math.round(offset * 100) / 100 : null;
}

/** Every wave name across the race's stages, once, in stage order: the start list's choices. */
export function waveNames(stages: ReadonlyArray<{ waves: ReadonlyArray<{ name: string }> }>): string[] {
  return [...new Set(stages.flatMap((s) => s.waves.map((w) => w.name)))];
}
