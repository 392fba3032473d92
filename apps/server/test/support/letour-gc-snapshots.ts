import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { letourSeconds } from './letour.ts';
import { SHARED_DATA } from './test-app.ts';

/**
 * The official general classification after single stages of the Tour de France Femmes, where the data
 * has one. Quirk Q2 of ../shared/data/results/README.md: on stages without a mountains ranking the
 * letour site served the GC instead, tagged `Climber (Stage)` with the GC time (`04h 20' 09''`) in the
 * `Points` column; the 2024 stages 2 and 3 are such snapshots.
 */
const FILE = `${SHARED_DATA}results/letour-tdff-women-2022-2024/TDFF_All_Rankings_History.csv`;

const GC_TIME = /^(\d+)h (\d+)' (\d+)''$/;

export interface GcLine {
  rank: number;
  rider: string;
  seconds: number;
}

export function officialGcAfterStage(year: number, stage: number): GcLine[] {
  const rows: Array<Record<string, string>> = parse(readFileSync(FILE, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  });
  return rows
    .filter(
      (r) =>
        r.Year === String(year) &&
        r.Stages === String(stage) &&
        r['Ranking type'] === 'Climber (Stage)' &&
        GC_TIME.test(r.Points ?? ''),
    )
    .map((r) => {
      const [, h, m, s] = GC_TIME.exec(r.Points!)!;
      return {
        rank: Number(r.Rank),
        rider: r.Rider!,
        seconds: Number(h) * 3600 + Number(m) * 60 + Number(s),
      };
    });
}

/** Each finisher's stage time − bonus + penalty on one stage, by rider, from the stage's own rows. */
export function stageNetTimes(year: number, stage: number): Map<string, number> {
  const rows: Array<Record<string, string>> = parse(readFileSync(FILE, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  });
  return new Map(
    rows
      .filter(
        (r) =>
          r.Year === String(year) && r.Stages === String(stage) && r['Ranking type'] === 'Individual (Stage)',
      )
      .map((r) => [r.Rider!, Number(r.TotalSeconds) - letourSeconds(r.B!) + letourSeconds(r.P!)]),
  );
}
