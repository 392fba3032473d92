import { CsvError, parse } from 'csv-parse/sync';
import type { ProblemItem } from '../../http/problem.ts';
import { instantOfTimeOfDay, isTimeOfDay } from './time-of-day.ts';

export interface PassingInput {
  line: number;
  /** The rider by bib, or by `chip` (their transponder: the registration's device id); at least one. */
  bib: number | null;
  chip: string | null;
  /** Which pass of the point (a lap on a circuit line); null to number them in time order. */
  lap: number | null;
  /** A checkpoint's id, name, or kind (`finish`, `start`). */
  point: string;
  /** Epoch ms, to the millisecond the timing system read. */
  time: number;
}

/** What a time of day is read against: the race's time zone and the stage's start (epoch ms). */
export interface PassingClock {
  zone: string;
  reference: number | null;
}

export type PassingsParse =
  | { ok: true; passings: PassingInput[] }
  | { ok: false; detail: string; errors: ProblemItem[] };

/**
 * A passing's time: epoch milliseconds, ISO 8601 with an offset, or a time of day (`12:34:56.789`) in
 * the race's time zone on the stage's day — timing systems speak all three, to the millisecond.
 */
function parseInstant(value: unknown, clock: PassingClock | null): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{12,}$/.test(text)) return Number(text);
  if (isTimeOfDay(text)) {
    return clock?.reference == null ? null : instantOfTimeOfDay(text, clock.zone, clock.reference);
  }
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Reads passings from a timing system, as CSV (`bib,point,time`, optionally `chip` and `lap`) or JSON
 * (`[{bib, chip, point, time, lap}]`), times to the millisecond (see parseInstant). Every
 * bad entry is reported with its line (CSV) or index (JSON, as line = index + 1); nothing is taken otherwise.
 */
export function parsePassings(body: unknown, clock: PassingClock | null = null): PassingsParse {
  let records: Array<{
    line: number;
    bib?: unknown;
    chip?: unknown;
    point?: unknown;
    time?: unknown;
    lap?: unknown;
  }>;
  if (typeof body === 'string') {
    try {
      const rows: Array<{ record: Record<string, string>; info: { lines: number } }> = parse(
        body.replace(/^\uFEFF/, ''),
        {
          columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
          skip_empty_lines: true,
          relax_column_count: true,
          info: true,
        },
      );
      records = rows.map(({ record, info }) => ({
        line: info.lines,
        bib: record.bib,
        chip: record.chip,
        point: record.point,
        time: record.time,
        lap: record.lap,
      }));
    } catch (error) {
      if (error instanceof CsvError)
        return { ok: false, detail: `The CSV file could not be read: ${error.message}`, errors: [] };
      throw error;
    }
  } else if (Array.isArray(body)) {
    records = body.map((item, k) => ({
      line: k + 1,
      ...(typeof item === 'object' && item !== null ? item : {}),
    }));
  } else {
    return {
      ok: false,
      detail: 'Send passings as CSV (bib,point,time) or a JSON array of {bib, point, time}',
      errors: [],
    };
  }
  if (records.length === 0) return { ok: false, detail: 'There are no passings', errors: [] };
  const passings: PassingInput[] = [];
  const errors: ProblemItem[] = [];
  for (const r of records) {
    const bibText = r.bib === undefined || r.bib === null ? '' : String(r.bib).trim();
    const bib = bibText === '' ? null : Number(bibText);
    const chip = r.chip === undefined || r.chip === null ? '' : String(r.chip).trim();
    const lapText = r.lap === undefined || r.lap === null ? '' : String(r.lap).trim();
    const lap = lapText === '' ? null : Number(lapText);
    const point = typeof r.point === 'string' ? r.point.trim() : '';
    const time = parseInstant(r.time, clock);
    const problems: string[] = [];
    if (bib !== null && (!Number.isInteger(bib) || bib < 1))
      problems.push(`bib "${bibText}" is not a bib number`);
    if (bib === null && chip === '') problems.push('a passing needs a bib or a chip');
    if (lap !== null && (!Number.isInteger(lap) || lap < 1 || lap > 10_000))
      problems.push(`lap "${lapText}" is not a lap number`);
    if (point === '') problems.push('point is required (a checkpoint id, name, or finish)');
    if (time === null && isTimeOfDay(String(r.time ?? '')) && clock?.reference == null)
      problems.push(`time "${String(r.time)}" is a time of day, but the stage has no start to date it`);
    else if (time === null)
      problems.push(
        `time "${String(r.time ?? '')}" is not epoch ms, ISO 8601 with an offset, or a time of day (12:34:56.789)`,
      );
    if (problems.length > 0) errors.push({ line: r.line, detail: problems.join('; ') });
    else passings.push({ line: r.line, bib, chip: chip === '' ? null : chip, lap, point, time: time! });
  }
  if (errors.length > 0) {
    return { ok: false, detail: `${errors.length} passing(s) are invalid; nothing was imported`, errors };
  }
  return { ok: true, passings };
}
