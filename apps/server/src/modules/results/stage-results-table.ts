import type { StageResultRow } from '@echelon/contracts';

/** The rankings' columns, after the format's: each rider's group and place in it. */
export const RANKING_COLUMNS = [
  'gender',
  'genderRank',
  'category',
  'categoryRank',
  'ageGroup',
  'ageGroupRank',
] as const;

/**
 * The timing points the rows have splits at, in course order as the rows list them, each under a name
 * of its own (two points named alike get a number, so no column is written twice).
 */
function splitPoints(rows: readonly StageResultRow[]): Array<{ id: string; name: string }> {
  const points = new Map<string, string>();
  const used = new Set<string>();
  for (const row of rows) {
    for (const s of row.splits ?? []) {
      if (points.has(s.checkpointId)) continue;
      let name = s.name;
      for (let n = 2; used.has(name); n++) name = `${s.name} (${n})`;
      used.add(name);
      points.set(s.checkpointId, name);
    }
  }
  return [...points].map(([id, name]) => ({ id, name }));
}

const splitHeaders = (name: string) => [`split ${name}`, `split ${name} rank`, `split ${name} gap`];

/**
 * A stage's results as a spreadsheet table: the format's columns, the rankings' places, then three
 * columns per timing point (time, rank, gap), so every split can be sorted and checked on its own.
 */
export function stageResultsTable(
  rows: readonly StageResultRow[],
  formatColumns: readonly string[],
  flatten: (row: StageResultRow) => Record<string, unknown>,
): { columns: string[]; records: Array<Record<string, unknown>> } {
  const points = splitPoints(rows);
  const columns = [...formatColumns, ...RANKING_COLUMNS, ...points.flatMap((p) => splitHeaders(p.name))];
  const records = rows.map((row) => {
    const record: Record<string, unknown> = { ...flatten(row) };
    delete record.splits;
    for (const point of points) {
      const split = row.splits?.find((s) => s.checkpointId === point.id);
      const [time, rank, gap] = splitHeaders(point.name);
      record[time!] = split?.time ?? null;
      record[rank!] = split?.rank ?? null;
      record[gap!] = split?.gap ?? null;
    }
    return record;
  });
  return { columns, records };
}
