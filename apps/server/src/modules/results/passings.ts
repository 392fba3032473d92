import { CsvError, parse } from 'csv-parse/sync';
import type { ProblemItem } from '../../http/problem.ts';

export interface PassingInput {
  line: number;
  bib: number;
  /** A checkpoint's id, name, or kind (`finish`, `start`). */
  point: string;
  /** Epoch ms. */
  time: number;
}

export type PassingsParse =
  | { ok: true; passings: PassingInput[] }
  | { ok: false; detail: string; errors: ProblemItem[] };

/** A passing's time: epoch milliseconds, or ISO 8601 with an offset (timing systems speak both). */
function parseInstant(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{12,}$/.test(text)) return Number(text);
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Reads passings from a timing system, as CSV (`bib,point,time`) or JSON (`[{bib, point, time}]`). Every
 * bad entry is reported with its line (CSV) or index (JSON, as line = index + 1); nothing is taken otherwise.
 */
export function parsePassings(body: unknown): PassingsParse {
  let records: Array<{ line: number; bib: unknown; point: unknown; time: unknown }>;
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
        point: record.point,
        time: record.time,
      }));
    } catch (error) {
      if (error instanceof CsvError)
        return { ok: false, detail: `The CSV file could not be read: ${error.message}`, errors: [] };
      throw error;
    }
  } else if (Array.isArray(body)) {
    records = body.map((item, k) => ({
      line: k + 1,
      ...(item as { bib: unknown; point: unknown; time: unknown }),
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
    const bib = Number(r.bib);
    const point = typeof r.point === 'string' ? r.point.trim() : '';
    const time = parseInstant(r.time);
    const problems: string[] = [];
    if (!Number.isInteger(bib) || bib < 1) problems.push(`bib "${String(r.bib ?? '')}" is not a bib number`);
    if (point === '') problems.push('point is required (a checkpoint id, name, or finish)');
    if (time === null)
      problems.push(`time "${String(r.time ?? '')}" is not epoch ms or ISO 8601 with an offset`);
    if (problems.length > 0) errors.push({ line: r.line, detail: problems.join('; ') });
    else passings.push({ line: r.line, bib, point, time: time! });
  }
  if (errors.length > 0) {
    return { ok: false, detail: `${errors.length} passing(s) are invalid; nothing was imported`, errors };
  }
  return { ok: true, passings };
}
