import { type StageTracks, TRACK_SAMPLE_STRIDE } from '@echelon/contracts';
import type { StageContext } from '../../live/live.repository.ts';
import { kmh, round } from './splits.ts';
import type { StageReplay, TrackSample } from './stage-replay.ts';

/** Samples flattened and rounded for the wire: ~20 bytes each instead of an object's ~90. */
function flatten(samples: readonly TrackSample[], t0: number): number[] {
  const out: number[] = [];
  for (const s of samples) {
    out.push(
      round((s.time - t0) / 1000, 1),
      Math.round(s.distance),
      round(s.lat, 5),
      round(s.lon, 5),
      round(kmh(s.speed, 1), 1),
    );
  }
  return out;
}

/** The tracks route's answer from a replay of the stage's riders (all, or the one asked for). */
export function stageTracksOf(
  context: StageContext & { stage: { startedAt: number }; course: NonNullable<StageContext['course']> },
  replay: StageReplay,
  out: ReadonlyMap<string, number>,
  stepSeconds: number,
): StageTracks {
  return {
    stageId: context.stage.id,
    startedAt: context.stage.startedAt,
    finishedAt: context.stage.finishedAt,
    length: Math.round(replay.course.length),
    step: stepSeconds,
    course: {
      simplified: context.course.simplified,
      checkpoints: replay.course.checkpoints.map((c) => ({
        id: c.id,
        kind: c.kind,
        name: c.name,
        distance: Math.round(c.distance),
      })),
    },
    riders: context.riders
      .filter((r) => replay.rides.has(r.id))
      .map((r) => {
        const ride = replay.rides.get(r.id)!;
        const t0 = ride.samples[0]?.time ?? null;
        return {
          id: r.id,
          bib: r.bib,
          name: `${r.firstName} ${r.lastName}`,
          team: r.team,
          category: r.category,
          t0: t0 === null ? null : Math.round(t0),
          samples: t0 === null ? [] : flatten(ride.samples, Math.round(t0)),
          finish: ride.finishTime === null ? null : Math.round(ride.finishTime),
          out: out.get(r.id) ?? null,
        };
      }),
  };
}

/**
 * Stored tracks thinned to a coarser step: per rider, the last sample in each step (the latest fix by
 * each boundary, as a replay at that step keeps), so no fix is replayed again.
 */
export function coarsen(tracks: StageTracks, stepSeconds: number): StageTracks {
  const step = stepSeconds * 1000;
  const start = tracks.startedAt;
  return {
    ...tracks,
    step: stepSeconds,
    riders: tracks.riders.map((rider) => {
      if (rider.t0 === null) return rider;
      const t0 = rider.t0;
      const samples = rider.samples;
      const kept: number[] = [];
      const count = samples.length / TRACK_SAMPLE_STRIDE;
      const bucketOf = (k: number) => {
        const time = t0 + samples[k * TRACK_SAMPLE_STRIDE]! * 1000;
        return time <= start ? 0 : Math.ceil((time - start) / step);
      };
      for (let k = 0; k < count; k++) {
        // The last one of its step, or the finisher's line sample at the very end.
        if (k === count - 1 || bucketOf(k + 1) !== bucketOf(k)) {
          kept.push(...samples.slice(k * TRACK_SAMPLE_STRIDE, (k + 1) * TRACK_SAMPLE_STRIDE));
        }
      }
      // Times stay relative to the first kept sample, as every track's are.
      const shift = kept[0] ?? 0;
      for (let k = 0; k < kept.length; k += TRACK_SAMPLE_STRIDE) kept[k] = round(kept[k]! - shift, 1);
      return { ...rider, t0: Math.round(t0 + shift * 1000), samples: kept };
    }),
  };
}
