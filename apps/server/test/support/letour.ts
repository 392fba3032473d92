import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { SHARED_DATA } from './test-app.ts';

/** The official Tour de France Femmes rankings in ../shared/data/results (see its README for the quirks). */
const DIR = `${SHARED_DATA}results/letour-tdff-women-2022-2024/`;

type Row = Record<string, string>;
const read = (file: string): Row[] =>
  parse(readFileSync(DIR + file, 'utf8'), { columns: true, skip_empty_lines: true });

/** Quirk Q1: in B, `10'` means 10 seconds; P is written `00' 20''` (minutes, seconds). */
export function letourSeconds(text: string): number {
  const value = text.trim();
  if (value === '' || value === '-') return 0;
  const both = /^(\d+)' (\d+)''$/.exec(value);
  if (both) return Number(both[1]) * 60 + Number(both[2]);
  const single = /^(\d+)'{1,2}$/.exec(value);
  if (single) return Number(single[1]);
  throw new Error(`not a letour seconds value: ${text}`);
}

/** A year's stage results as the importStageResults CSV (no bibs in these files: riders match by name). */
export function stageResultsCsv(year: number): { csv: string; stages: number } {
  const rows = read('TDFF_All_Rankings_History.csv').filter(
    (r) => r.Year === String(year) && r['Ranking type'] === 'Individual (Stage)',
  );
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = rows.map((r) =>
    [
      r.Stages,
      '',
      quote(r.Rider!),
      quote(r.Team!),
      r.TotalSeconds,
      letourSeconds(r.B!),
      letourSeconds(r.P!),
      '',
    ].join(','),
  );
  const stages = new Set(rows.map((r) => r.Stages)).size;
  return { csv: ['stage,bib,rider,team,time,bonus,penalty,status', ...lines].join('\n'), stages };
}

/** The official final GC of a year: rank, rider, total seconds. */
export function officialGc(year: number): Array<{ rank: number; rider: string; seconds: number }> {
  return read('TDFF_Riders_History.csv')
    .filter((r) => r.Year === String(year))
    .map((r) => ({ rank: Number(r.Rank), rider: r.Rider!, seconds: Number(r.TotalSeconds) }));
}
