import { CSV_HEADER, RegistrationInput } from '@echelon/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import type { ProblemItem } from '../../http/problem.ts';
import { type RaceWaves, unknownWave } from './registration-waves.ts';

const REQUIRED = ['bib', 'first_name', 'last_name'] as const;
/** The columns read, the rider's start wave (mass-participation starts) last. */
const COLUMNS = CSV_HEADER;
type Column = (typeof COLUMNS)[number];

export interface ParsedRow {
  line: number;
  input: RegistrationInput;
}

export type CsvParseResult =
  | { ok: true; rows: ParsedRow[] }
  | { ok: false; detail: string; errors: ProblemItem[] };

const GENDER_WORDS: Record<string, string> = {
  m: 'M',
  male: 'M',
  man: 'M',
  men: 'M',
  h: 'M',
  homme: 'M',
  f: 'F',
  female: 'F',
  woman: 'F',
  women: 'F',
  femme: 'F',
  w: 'F',
  x: 'X',
  nb: 'X',
  'non-binary': 'X',
  other: 'X',
};

/** Spreadsheets exported in much of Europe use semicolons; the header tells which one this file uses. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  return header.includes(';') && !header.includes(',')
    ? ';'
    : header.includes('\t') && !header.includes(',')
      ? '\t'
      : ',';
}

function toInteger(value: string): number | string {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** Turns one CSV record into the API's registration shape; empty cells mean "not given". */
function toInput(record: Record<string, string>) {
  const cell = (name: Column) => {
    const value = record[name]?.trim() ?? '';
    return value === '' ? null : value;
  };
  const gender = cell('gender');
  const birthYear = cell('birth_year');
  const bib = cell('bib');
  return {
    bib: bib === null ? undefined : toInteger(bib),
    firstName: cell('first_name') ?? '',
    lastName: cell('last_name') ?? '',
    team: cell('team'),
    category: cell('category'),
    gender: gender === null ? null : (GENDER_WORDS[gender.toLowerCase()] ?? gender),
    birthYear: birthYear === null ? null : toInteger(birthYear),
    nationality: cell('nationality'),
    deviceId: cell('device_id'),
    wave: cell('wave'),
  };
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const field = String(issue.path[0] ?? '');
  const column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (issue.message.includes('expected number, received undefined')) return `${column} is required`;
  if (issue.message.startsWith('Invalid input: expected number')) return `${column} must be a whole number`;
  if (issue.message.startsWith('Invalid option')) return `${column} must be one of M, F, X`;
  return column && !issue.message.startsWith(column.replace('_', ' '))
    ? `${column}: ${issue.message}`
    : issue.message;
}

/**
 * Reads a start-list CSV. Every row is checked, and every bad row is reported with its line number,
 * so an organiser can fix the whole file in one go. Bibs and device ids must be unique within the file,
 * and a rider's wave must be one of `waves`, the waves the race's stages define.
 */
export function parseRegistrationsCsv(text: string, waves: RaceWaves): CsvParseResult {
  const body = text.replace(/^\uFEFF/, '');
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(body, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter: delimiterOf(body),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: false,
      info: true,
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return {
        ok: false,
        detail: `The CSV file could not be read: ${error.message}`,
        errors: [{ ...(line && { line }), detail: error.message }],
      };
    }
    throw error;
  }
  if (records.length === 0) {
    return { ok: false, detail: 'The CSV file has no rider rows', errors: [] };
  }
  const columns = Object.keys(records[0]!.record);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      ok: false,
      detail: `The header lacks ${missing.join(', ')}; expected ${COLUMNS.join(',')}`,
      errors: [{ line: 1, detail: `missing column(s): ${missing.join(', ')}` }],
    };
  }

  const rows: ParsedRow[] = [];
  const errors: ProblemItem[] = [];
  const bibs = new Map<number, number>();
  const devices = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const parsed = RegistrationInput.safeParse(toInput(record));
    if (!parsed.success) {
      errors.push({ line, detail: parsed.error.issues.map(describeIssue).join('; ') });
      continue;
    }
    const input = parsed.data;
    const problems: string[] = [];
    const bibLine = bibs.get(input.bib);
    if (bibLine !== undefined) problems.push(`bib ${input.bib} is also on line ${bibLine}`);
    else bibs.set(input.bib, line);
    if (input.deviceId) {
      const deviceLine = devices.get(input.deviceId);
      if (deviceLine !== undefined)
        problems.push(`device_id ${input.deviceId} is also on line ${deviceLine}`);
      else devices.set(input.deviceId, line);
    }
    const wave = unknownWave(input.wave, waves);
    if (wave) problems.push(wave);
    if (problems.length > 0) errors.push({ line, detail: problems.join('; ') });
    else rows.push({ line, input });
  }
  if (errors.length > 0) {
    const lines = errors.map((e) => e.line).join(', ');
    return {
      ok: false,
      detail: `${errors.length} row(s) are invalid (line ${lines}); nothing was imported`,
      errors,
    };
  }
  return { ok: true, rows };
}
