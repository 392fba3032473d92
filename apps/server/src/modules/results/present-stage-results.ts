import type { StageResultRow } from '@echelon/contracts';
import type { scoring } from '@echelon/domain';
import type { Joined } from './stage-rows.ts';

/**
 * A stage's rows as the API shows them: the scoring engine's rank and time, the gap to the first (to the
 * millisecond, without float noise), the
 * stage's bonus and penalty, what the format adds (splits, laps, points, gun and chip times) and the
 * jury's awards.
 */
export function presentStageRows(
  rows: readonly scoring.StageRow[],
  loaded: readonly Joined[],
  format: string,
) {
  const winner = rows.find((r) => r.status === 'finisher')?.time ?? null;
  const joined = new Map(loaded.map((j) => [j.rider.bib, j]));
  return rows.map((r): StageResultRow => {
    const j = joined.get(r.bib)!;
    const extra = j.extra ?? {};
    return {
      rank: r.rank,
      bib: r.bib,
      registrationId: j.rider.id,
      rider: `${j.rider.firstName} ${j.rider.lastName}`,
      team: j.rider.team,
      time: r.time,
      // A lapped or pulled rider is behind by laps, not by the time they stopped; an audax has no gaps.
      gap:
        r.time !== null && winner !== null && format !== 'audax' && !lapsBehind(r, extra)
          ? Math.round((r.time - winner) * 1000) / 1000
          : null,
      bonus: j.result.bonus,
      penalty: j.result.penalty,
      status: r.status === 'finisher' ? null : r.status,
      ...(format === 'points_race' && { points: j.result.points }),
      ...extra,
      ...(j.awards.length > 0 && { awards: j.awards }),
    };
  });
}

function lapsBehind(row: scoring.StageRow, extra: { lapsDown?: number }): boolean {
  return row.status === 'PUL' || (extra.lapsDown ?? 0) > 0;
}

/** CSV columns of a stage's results: the common ones, then what the format adds. */
export function stageCsvColumns(format: string): string[] {
  const base = ['rank', 'bib', 'rider', 'team', 'time', 'gap', 'bonus', 'penalty', 'status', 'awards'];
  switch (format) {
    case 'criterium':
    case 'elimination':
    case 'cyclocross':
    case 'mtb':
      return [...base, 'laps', 'lapsDown'];
    case 'points_race':
      return [...base, 'points', 'laps'];
    case 'gran_fondo':
      return [...base, 'gunTime', 'chipTime', 'wave'];
    default:
      return base;
  }
}

/** A row flattened for CSV: awards joined by commas (rankings and splits: `stage-results-table.ts`). */
export function csvRow(row: StageResultRow): Record<string, unknown> {
  return {
    ...row,
    ...(row.awards && { awards: row.awards.join(', ') }),
  };
}
