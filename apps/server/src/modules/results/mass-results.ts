import type { StageScoring } from '@echelon/contracts';
import { scoring } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import type { ComputedResult } from './computed-result.ts';
import { inOrder } from './lap-crossings.ts';
import { crossingsAt, type StageTiming } from './stage-timing.ts';

type Rider = StageContext['riders'][number];

/** The rider's wave: the one named on their registration, else the one holding their category. */
function waveOf(context: StageContext, rider: Rider) {
  const waves = context.stage.waves;
  return (
    waves.find((w) => w.name === rider.wave) ??
    waves.find((w) => rider.category !== null && w.categories.includes(rider.category)) ??
    null
  );
}

/**
 * Where a gran fondo rider's clock starts, epoch seconds: their wave's gun, or for chip timing their own
 * crossing of the start line when a timing system read it (their splits count from the same instant as
 * their ranked time).
 */
export function fondoStartOf(context: StageContext, timing: StageTiming, config: StageScoring) {
  const start = context.checkpoints.find((c) => c.kind === 'start');
  return (r: Rider): number => {
    const gun = timing.startedAt / 1000 + (waveOf(context, r)?.startOffsetSeconds ?? 0);
    if (config.timingBasis !== 'chip' || !start || !timing.timed.get(r.id)?.has(start.id)) return gun;
    const read = crossingsAt(timing, r.id, start.id)[0];
    return read === undefined ? gun : read / 1000;
  };
}

/** The year ages are counted from (race year − birth year): the race's date, else the stage's start. */
function raceYear(context: StageContext, timing: StageTiming): number {
  const date = context.race.startDate ?? context.stage.scheduledStart?.toISOString() ?? null;
  return date ? Number(date.slice(0, 4)) : new Date(timing.startedAt).getUTCFullYear();
}

/**
 * Gran fondo (rules §5): gun time from the rider's wave start, chip time from their own crossing of the
 * start line (a timing system's read there; GPS cannot tell it), ranked on the basis the stage is set to.
 * The gender, category and age-group rankings are every format's, from this overall order
 * (`race-rankings.ts`).
 */
export function granFondoResults(
  context: StageContext,
  timing: StageTiming,
  config: StageScoring,
): ComputedResult[] {
  const start = context.checkpoints.find((c) => c.kind === 'start');
  const finish = context.checkpoints.find((c) => c.kind === 'finish');
  const riders = context.riders.map((r): scoring.formats.FondoRider => {
    const wave = waveOf(context, r);
    const read =
      start && timing.timed.get(r.id)?.has(start.id) ? crossingsAt(timing, r.id, start.id)[0] : null;
    const at = finish ? crossingsAt(timing, r.id, finish.id)[0] : undefined;
    return {
      riderId: r.id,
      gender: r.gender ?? '',
      birthYear: r.birthYear,
      category: r.category,
      wave: wave?.name ?? null,
      waveStart: timing.startedAt / 1000 + (wave?.startOffsetSeconds ?? 0),
      startCrossing: read == null ? null : read / 1000,
      finish: at === undefined ? null : at / 1000,
    };
  });
  const fondoConfig = { basis: config.timingBasis, raceYear: raceYear(context, timing) };
  const results = scoring.formats.fondoResults(riders, fondoConfig);
  const byId = new Map(riders.map((r) => [r.riderId, r]));
  // Kept to the millisecond (ranked on it); shown as hundredths.
  const exact = (t: number | null) => (t === null ? null : scoring.formats.toMilliseconds(t));
  return inOrder(
    results.overall.map((line) => {
      const rider = byId.get(line.riderId)!;
      return {
        registrationId: line.riderId,
        time: exact(line.time),
        status: line.time === null ? (timing.seen.has(line.riderId) ? 'DNF' : 'DNS') : null,
        points: 0,
        extra: {
          gunTime: exact(line.gun),
          chipTime: exact(line.chip),
          wave: rider.wave ?? null,
        },
      };
    }),
  );
}

/** The brevet's nominal distance: as configured, else the course's length to the kilometre. */
export function brevetKm(context: Pick<StageContext, 'course'>, config: StageScoring): number {
  return config.brevetKm ?? Math.round((context.course?.length ?? 0) / 1000);
}

/**
 * Audax (rules §5): no ranking. Finishers inside the overall limit are listed alphabetically with their
 * time from their start (their own start time when the list gives one); a finish beyond the limit is
 * OTL; riders who did not reach the finish DNF, riders never seen DNS.
 */
export function audaxResults(
  context: StageContext,
  timing: StageTiming,
  config: StageScoring,
  starts: ReadonlyMap<string, number>,
): ComputedResult[] {
  const km = brevetKm(context, config);
  const limit = scoring.formats.DEFAULT_OVERALL_LIMITS[km] ?? scoring.formats.controlTimes(km, km).closes;
  const finish = context.checkpoints.find((c) => c.kind === 'finish');
  const elapsed = new Map<string, number>();
  for (const r of context.riders) {
    const at = finish ? crossingsAt(timing, r.id, finish.id)[0] : undefined;
    if (at !== undefined) elapsed.set(r.id, (at - (starts.get(r.id) ?? timing.startedAt)) / 1000);
  }
  const finishers = scoring.formats.audaxFinishers(
    context.riders.map((r) => ({
      riderId: r.id,
      lastName: r.lastName,
      firstName: r.firstName,
      elapsed: elapsed.has(r.id) ? elapsed.get(r.id)! / 60 : null,
    })),
    limit,
  );
  const listed = new Set(finishers.map((f) => f.riderId));
  const others = context.riders
    .filter((r) => !listed.has(r.id))
    .map((r) => ({
      registrationId: r.id,
      time: elapsed.get(r.id) ?? null,
      status: elapsed.has(r.id) ? 'OTL' : timing.seen.has(r.id) ? 'DNF' : 'DNS',
      points: 0,
    }));
  return inOrder([
    ...finishers.map((f) => ({
      registrationId: f.riderId,
      time: elapsed.get(f.riderId)!,
      status: null,
      points: 0,
    })),
    ...others,
  ]);
}

/** Every control's opening and closing time (rules §5), from the stage's start when it is known. */
export function audaxControls(
  context: Pick<StageContext, 'course' | 'checkpoints' | 'stage'>,
  config: StageScoring,
) {
  const km = brevetKm(context, config);
  const start = context.stage.startedAt ?? context.stage.scheduledStart?.getTime() ?? null;
  const at = (minutes: number) => (start === null ? null : new Date(start + minutes * 60_000).toISOString());
  return context.checkpoints.map((c) => {
    const times = scoring.formats.controlTimes(c.distance / 1000, km);
    return {
      checkpointId: c.id,
      name: c.name,
      km: Math.round(c.distance) / 1000,
      opensAfterMinutes: times.opens,
      closesAfterMinutes: times.closes,
      opens: at(times.opens),
      closes: at(times.closes),
    };
  });
}
