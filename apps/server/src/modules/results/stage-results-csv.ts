import { CsvError, parse } from 'csv-parse/sync';
import type { ProblemItem } from '../../http/problem.ts';
import { IMPORT_STATUSES, type ImportStatus, parseRaceTime, parseSeconds } from './result-values.ts';

export const STAGE_RESULTS_HEADER = [
  'stage',
  'bib',
  'rider',
  'team',
  'time',
  'bonus',
  'penalty',
  'status',
] as const;
const REQUIRED = ['stage', 'rider', 'time'] as const;

/** One row of an official stage result timed elsewhere. */
export interface StageResultRow {
  line: number;
  stage: number;
  bib: number | null;
  rider: string;
  team: string | null;
  /** Seconds; null for a rider with a status and no time (DNF, DNS …). */
  time: number | null;
  bonus: number;
  penalty: number;
  status: ImportStatus | null;
  /** Optional columns `points` and `mountains`: what the rider was awarded on the stage. */
  points: number;
  mountains: number;
}

export type StageResultsParse =
  | { ok: true; rows: StageResultRow[] }
  | { ok: false; detail: string; errors: ProblemItem[] };

/**
 * Reads `stage,bib,rider,team,time,bonus,penalty,status`, with optional `points` and `mountains` (the
 * stage's awards for those classifications); other columns are ignored. Every row is checked and
 * every bad one reported with its line, so a results file is fixed in one go; nothing is taken otherwise.
 */
export function parseStageResultsCsv(text: string): StageResultsParse {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    });
  } catch (error) {
    if (error instanceof CsvError)
      return { ok: false, detail: `The CSV file could not be read: ${error.message}`, errors: [] };
    throw error;
  }
  if (records.length === 0) return { ok: false, detail: 'The results file has no rows', errors: [] };
  const missing = REQUIRED.filter((c) => !(c in records[0]!.record));
  if (missing.length > 0) {
    return {
      ok: false,
      detail: `The header lacks ${missing.join(', ')}; expected ${STAGE_RESULTS_HEADER.join(',')}`,
      errors: [{ line: 1, detail: `missing column(s): ${missing.join(', ')}` }],
    };
  }

  const rows: StageResultRow[] = [];
  const errors: ProblemItem[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const cell = (name: string) => (record[name] ?? '').trim();
    const problems: string[] = [];
    const stage = Number(cell('stage'));
    if (!Number.isInteger(stage) || stage < 0)
      problems.push(`stage "${cell('stage')}" is not a stage number`);
    const bibText = cell('bib');
    const bib = bibText === '' ? null : Number(bibText);
    if (bib !== null && (!Number.isInteger(bib) || bib < 1))
      problems.push(`bib "${bibText}" is not a bib number`);
    const rider = cell('rider');
    if (rider === '' && bib === null) problems.push('a row needs a bib or a rider name');
    const statusText = cell('status').toUpperCase();
    const status = statusText === '' ? null : (IMPORT_STATUSES.find((s) => s === statusText) ?? undefined);
    if (status === undefined) problems.push(`status "${cell('status')}" is not one of DNF, DNS, DSQ, OTL`);
    const timeText = cell('time');
    const time = timeText === '' ? null : parseRaceTime(timeText);
    if (timeText !== '' && time === null) problems.push(`time "${timeText}" is not H:MM:SS[.ff] or seconds`);
    if (time === null && timeText === '' && (status === null || status === 'OTL')) {
      problems.push('a finisher needs a time');
    }
    const bonus = parseSeconds(cell('bonus'));
    if (bonus === null) problems.push(`bonus "${cell('bonus')}" is not a number of seconds`);
    const penalty = parseSeconds(cell('penalty'));
    if (penalty === null) problems.push(`penalty "${cell('penalty')}" is not a number of seconds`);
    const points = parseSeconds(cell('points'));
    if (points === null) problems.push(`points "${cell('points')}" is not a number`);
    const mountains = parseSeconds(cell('mountains'));
    if (mountains === null) problems.push(`mountains "${cell('mountains')}" is not a number`);
    const key = `${stage}|${bib ?? rider.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(`this rider is also on line ${earlier} for stage ${stage}`);
    else seen.set(key, line);
    if (problems.length > 0) {
      errors.push({ line, detail: problems.join('; ') });
      continue;
    }
    rows.push({
      line,
      stage,
      bib,
      rider,
      team: cell('team') || null,
      time,
      bonus: bonus!,
      penalty: penalty!,
      status: status ?? null,
      points: points!,
      mountains: mountains!,
    });
  }
  if (errors.length > 0) {
    return {
      ok: false,
      detail: `${errors.length} row(s) are invalid (line ${errors.map((e) => e.line).join(', ')}); nothing was imported`,
      errors,
    };
  }
  return { ok: true, rows };
}
