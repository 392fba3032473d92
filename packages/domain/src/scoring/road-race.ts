import type { Seconds } from '../units.ts';
import { seconds } from '../units.ts';
import type { FinalKmIncident, FinalKmOptions, TimedRow } from './final-km.ts';
import { applyFinalKilometres } from './final-km.ts';
import { competitionRanks } from './ranking.ts';
import type { SameTimeOptions } from './same-time.ts';
import { sameTimeGroups } from './same-time.ts';
import { isOutsideTimeLimit, timeLimitCutOff } from './time-limit.ts';
import type { ResultStatus, RiderRef, StageKind, StageRow } from './types.ts';
import { byBib, statusOrder } from './types.ts';

/** One rider's raw outcome on a stage. */
export interface StageEntry extends RiderRef {
  /** Crossing time from the stage start, with hundredths; absent when the rider did not cross the line. */
  readonly crossing?: Seconds;
  /** Status by report or decision. Defaults to finisher when the rider crossed, DNF otherwise. */
  readonly status?: ResultStatus;
}

export interface StageScoringOptions {
  /** Road by default. Time trials keep hundredths and have no same-time groups or final-kilometres rule. */
  readonly kind?: StageKind;
  readonly sameTime?: SameTimeOptions;
  /** Photo-finish order for riders whose crossing order it settles; an inner array is a dead heat. */
  readonly photoFinish?: ReadonlyArray<number | readonly number[]>;
  /** Time limit as a percentage of the winner's time (see time-limit.ts for the table). Off when absent. */
  readonly timeLimit?: {
    readonly percent: number;
    readonly onLimitIsInside?: boolean;
    /** Riders the jury reinstated (or covered by an extended limit): never marked OTL. */
    readonly reinstated?: readonly number[];
  };
  readonly finalKm?: FinalKmOptions & { readonly incidents: readonly FinalKmIncident[] };
  /** Jury relegations, applied in order: the rider is moved to `toPlace` and the others shift. */
  readonly relegations?: ReadonlyArray<{ readonly bib: number; readonly toPlace: number }>;
}

/** Crossers in finishing order: by crossing time then bib, with photo-finish bibs refilling their own slots. */
function finishingOrder(
  entries: readonly StageEntry[],
  photoFinish: ReadonlyArray<number | readonly number[]>,
) {
  const crossed = entries
    .filter((e): e is StageEntry & { crossing: Seconds } => e.crossing !== undefined)
    .sort((a, b) => a.crossing - b.crossing || byBib(a, b));
  const judged = photoFinish.flatMap((p) => (typeof p === 'number' ? [p] : [...p].sort((a, b) => a - b)));
  const slots = crossed.map((e, i) => (judged.includes(e.bib) ? i : -1)).filter((i) => i >= 0);
  const judgedEntries = judged
    .map((bib) => crossed.find((e) => e.bib === bib))
    .filter((e): e is (typeof crossed)[number] => e !== undefined);
  const out = [...crossed];
  slots.forEach((slot, k) => {
    out[slot] = judgedEntries[k]!;
  });
  return out;
}

/** Dead-heat partners from a photo-finish order: bib → the set of bibs sharing its rank. */
function deadHeats(photoFinish: ReadonlyArray<number | readonly number[]>): Map<number, readonly number[]> {
  const out = new Map<number, readonly number[]>();
  for (const p of photoFinish) if (typeof p !== 'number') for (const bib of p) out.set(bib, p);
  return out;
}

function relegate<T extends { rider: RiderRef }>(order: T[], bib: number, toPlace: number): T[] {
  const from = order.findIndex((r) => r.rider.bib === bib);
  if (from < 0) return order;
  const [row] = order.splice(from, 1);
  order.splice(Math.min(toPlace - 1, order.length), 0, row!);
  return order;
}

/**
 * Scores one stage (reference §1 and §2): finishing order, same-time groups, final-kilometres rule, time
 * limit, places among classified finishers (re-ranked around DSQ riders, scenario 6), ranks with dead
 * heats shared, then the unclassified riders in status order.
 */
export function scoreStage(entries: readonly StageEntry[], options: StageScoringOptions = {}): StageRow[] {
  const kind = options.kind ?? 'road';
  const photoFinish = options.photoFinish ?? [];
  const order = finishingOrder(entries, photoFinish);
  const crossings = order.map((e) => e.crossing);
  // Time trials keep the exact time (to the millisecond, rounded to kill float noise); road stages get
  // truncated group times.
  const times =
    kind === 'road'
      ? sameTimeGroups(crossings, options.sameTime)
      : crossings.map((c) => seconds(Math.round(c * 1000) / 1000));
  const crossedRows: TimedRow[] = order.map((e, i) => ({
    rider: e,
    status: e.status ?? 'finisher',
    time: times[i]!,
    actualTime: e.crossing,
  }));
  const notCrossed: TimedRow[] = entries
    .filter((e) => e.crossing === undefined)
    .map((e) => ({ rider: e, status: e.status ?? 'DNF', time: null, actualTime: null }));
  const fk = options.finalKm;
  const rows = fk
    ? applyFinalKilometres([...crossedRows, ...notCrossed], kind, fk.incidents, fk)
    : [...crossedRows, ...notCrossed];

  const timed = withTimeLimit(rows, options.timeLimit);
  const classified = [
    ...timed.filter((r) => r.status === 'finisher' && r.placedLast !== true),
    ...timed
      .filter((r) => r.status === 'finisher' && r.placedLast === true)
      .sort((a, b) => byBib(a.rider, b.rider)),
  ];
  for (const r of options.relegations ?? []) relegate(classified, r.bib, r.toPlace);
  const heats = deadHeats(photoFinish);
  // A road finish is a crossing order: only a judged dead heat shares a place. An individual time trial
  // ranks on the exact time, so riders level to the millisecond share the rank (1, 2, 2, 4).
  const level = (a: TimedRow, b: TimedRow) =>
    kind === 'itt' && a.time !== null && a.time === b.time && a.placedLast !== true && b.placedLast !== true;
  const ranks = competitionRanks(
    classified,
    (a, b) => heats.get(a.rider.bib)?.includes(b.rider.bib) === true || level(a, b),
  );
  const placed: StageRow[] = classified.map((r, i) => toRow(r, i + 1, ranks[i]!));
  const others = timed
    .filter((r) => r.status !== 'finisher')
    .sort((a, b) => statusOrder(a.status) - statusOrder(b.status) || byBib(a.rider, b.rider))
    .map((r) => toRow(r, null, null));
  return [...placed, ...others];
}

/** Marks finishers outside the limit OTL; the winner is the first classified finisher. */
function withTimeLimit(rows: readonly TimedRow[], limit: StageScoringOptions['timeLimit']): TimedRow[] {
  const winner = rows.find((r) => r.status === 'finisher' && r.time !== null);
  if (limit === undefined || winner?.time == null) return [...rows];
  const cutOff = timeLimitCutOff(winner.time, limit.percent);
  return rows.map((r) =>
    r.status === 'finisher' &&
    r.time !== null &&
    limit.reinstated?.includes(r.rider.bib) !== true &&
    isOutsideTimeLimit(r.time, cutOff, limit.onLimitIsInside)
      ? { ...r, status: 'OTL' }
      : r,
  );
}

function toRow(r: TimedRow, place: number | null, rank: number | null): StageRow {
  const { bib, riderId, team } = r.rider;
  // Riders who abandoned, were disqualified or did not start have no classified time.
  const keepsTime = r.status === 'finisher' || r.status === 'OTL' || r.status === 'PUL';
  return {
    bib,
    riderId,
    team,
    place,
    rank,
    status: r.status,
    time: keepsTime ? r.time : null,
    actualTime: r.actualTime,
  };
}
