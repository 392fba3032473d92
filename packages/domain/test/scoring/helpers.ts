import type { StageEntry } from '../../src/scoring/road-race.ts';
import type { ResultStatus, StageRow } from '../../src/scoring/types.ts';
import { seconds } from '../../src/units.ts';

/** A stage entry for bib `bib` crossing at `crossing` s (omit for a rider who did not cross). */
export function entry(
  bib: number,
  crossing?: number,
  extra: { team?: string; status?: ResultStatus } = {},
): StageEntry {
  const base = { bib, riderId: `r${bib}`, team: extra.team ?? 'T' };
  return {
    ...base,
    ...(crossing === undefined ? {} : { crossing: seconds(crossing) }),
    ...(extra.status === undefined ? {} : { status: extra.status }),
  };
}

/** A classified stage row, for classification tests that do not need a full stage scoring. */
export function row(bib: number, place: number, time: number, team = 'T'): StageRow {
  return {
    bib,
    riderId: `r${bib}`,
    team,
    place,
    rank: place,
    time: seconds(time),
    actualTime: seconds(time),
    status: 'finisher',
  };
}

export const byBibOf = (rows: readonly StageRow[], bib: number): StageRow => {
  const found = rows.find((r) => r.bib === bib);
  if (found === undefined) throw new Error(`no row for bib ${bib}`);
  return found;
};
