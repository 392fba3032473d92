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

/**
 * Per-stage awards of a classification ("25 PTS"), by stage and rider. Quirk Q2: on some stages the site
 * served the GC under the climber label, with a time where the points should be; those rows are skipped.
 */
export function stageAwards(year: number, type: 'Points (Stage)' | 'Climber (Stage)'): Map<string, number> {
  const awards = new Map<string, number>();
  for (const r of read('TDFF_All_Rankings_History.csv')) {
    if (r.Year !== String(year) || r['Ranking type'] !== type) continue;
    const match = /^(\d+) PTS$/.exec(r.Points ?? '');
    if (!match) continue;
    const key = `${r.Stages}|${r.Rider}`;
    awards.set(key, (awards.get(key) ?? 0) + Number(match[1]));
  }
  return awards;
}

/**
 * A year's stage results as the importStageResults CSV, with each rider's points and mountains awards
 * of the stage (no bibs in these files: riders match by name).
 */
export function stageResultsCsv(year: number): { csv: string; stages: number } {
  const rows = read('TDFF_All_Rankings_History.csv').filter(
    (r) => r.Year === String(year) && r['Ranking type'] === 'Individual (Stage)',
  );
  const points = stageAwards(year, 'Points (Stage)');
  const mountains = stageAwards(year, 'Climber (Stage)');
  // A rider who scored at a sprint and then abandoned has an award but no stage time: a DNF row.
  const finishers = new Set(rows.map((r) => `${r.Stages}|${r.Rider}`));
  const abandoned = [...new Set([...points.keys(), ...mountains.keys()])].filter(
    (key) => !finishers.has(key),
  );
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = rows.map((r) => {
    const key = `${r.Stages}|${r.Rider}`;
    return [
      r.Stages,
      '',
      quote(r.Rider!),
      quote(r.Team!),
      r.TotalSeconds,
      letourSeconds(r.B!),
      letourSeconds(r.P!),
      '',
      points.get(key) ?? 0,
      mountains.get(key) ?? 0,
    ].join(',');
  });
  for (const key of abandoned) {
    const [stage, rider] = key.split('|') as [string, string];
    lines.push(
      [stage, '', quote(rider), '', '', 0, 0, 'DNF', points.get(key) ?? 0, mountains.get(key) ?? 0].join(','),
    );
  }
  const stages = new Set(rows.map((r) => r.Stages)).size;
  return {
    csv: ['stage,bib,rider,team,time,bonus,penalty,status,points,mountains', ...lines].join('\n'),
    stages,
  };
}

/** The official final GC of a year: rank, rider, total seconds. */
export function officialGc(year: number): Array<{ rank: number; rider: string; seconds: number }> {
  return read('TDFF_Riders_History.csv')
    .filter((r) => r.Year === String(year))
    .map((r) => ({ rank: Number(r.Rank), rider: r.Rider!, seconds: Number(r.TotalSeconds) }));
}
