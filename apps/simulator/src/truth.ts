// Ground truth: where every rider really was, when they really crossed each checkpoint, who abandoned.
import type { TruthTrack } from './plan.ts';

export interface TruthCrossing {
  checkpointId: string;
  name: string;
  /** metres from the start */
  distance: number;
  /** epoch ms */
  time: number;
}

export interface TruthRider {
  registrationId: string;
  bib: number;
  name: string;
  /** epoch ms the rider crossed the finish line, or null */
  finishTime: number | null;
  dnf: boolean;
  /** The checkpoints the rider reached, in course order. */
  crossings: TruthCrossing[];
  /** [epoch ms, distance along the course m] at 1 s. */
  samples: Array<[number, number]>;
}

export interface GroundTruth {
  raceId: string;
  stageId: string;
  /** epoch ms of the start gun */
  startTime: number;
  /** metres, all laps */
  courseLength: number;
  riders: TruthRider[];
}

export interface TruthRiderInfo {
  registrationId: string;
  bib: number;
  name: string;
}

export interface TruthCheckpoint {
  id: string;
  name: string;
  distance: number;
}

export function buildTruth(
  context: { raceId: string; stageId: string; startTime: number; courseLength: number },
  riders: readonly TruthRiderInfo[],
  tracks: readonly TruthTrack[],
  checkpoints: readonly TruthCheckpoint[],
): GroundTruth {
  const { startTime } = context;
  return {
    ...context,
    riders: riders.map((info, i) => {
      const track = tracks[i]!;
      const samples: Array<[number, number]> = Array.from(track.distance, (d, s) => [
        startTime + s * 1000,
        Math.round(d * 10) / 10,
      ]);
      const crossings: TruthCrossing[] = [];
      for (const cp of [...checkpoints].sort((a, b) => a.distance - b.distance)) {
        const time = crossingTime(track.distance, cp.distance);
        if (time === null) continue;
        crossings.push({ checkpointId: cp.id, name: cp.name, distance: cp.distance, time: startTime + time });
      }
      return {
        ...info,
        finishTime: track.finishTime === null ? null : startTime + Math.round(track.finishTime * 1000),
        dnf: track.dnfTime !== null && track.finishTime === null,
        crossings,
        samples,
      };
    }),
  };
}

/** ms after the start at which the distance first reached `at` (linear between seconds), or null. */
function crossingTime(distance: Float64Array, at: number): number | null {
  if (distance.length === 0) return null;
  if (distance[0]! >= at) return 0;
  for (let s = 1; s < distance.length; s++) {
    const d = distance[s]!;
    if (d >= at) {
      const previous = distance[s - 1]!;
      const f = d > previous ? (at - previous) / (d - previous) : 1;
      return Math.round((s - 1 + f) * 1000);
    }
  }
  return null;
}

/** A rider's true distance at an instant, interpolated between samples and held after the last one. */
export function distanceAt(rider: TruthRider, epochMs: number): number {
  const samples = rider.samples;
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return 0;
  if (epochMs <= first[0]) return epochMs < first[0] ? 0 : first[1];
  if (epochMs >= last[0]) return last[1];
  let lo = 0;
  let hi = samples.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]![0] <= epochMs) lo = mid;
    else hi = mid;
  }
  const [ta, da] = samples[lo]!;
  const [tb, db] = samples[hi]!;
  return da + ((epochMs - ta) / (tb - ta)) * (db - da);
}

/**
 * Every rider's true distance at an instant, in race order: riders who have finished by then first, by
 * finish time, then the others by distance, farthest first. Abandoned riders keep the distance where they
 * stopped.
 */
export function groundTruthAt(
  truth: GroundTruth,
  epochMs: number,
): Array<{ registrationId: string; distance: number }> {
  const rows = truth.riders.map((rider) => ({
    registrationId: rider.registrationId,
    distance: distanceAt(rider, epochMs),
    finished: rider.finishTime !== null && rider.finishTime <= epochMs ? rider.finishTime : null,
  }));
  rows.sort((a, b) => {
    if (a.finished !== null && b.finished !== null) return a.finished - b.finished;
    if (a.finished !== null) return -1;
    if (b.finished !== null) return 1;
    return b.distance - a.distance;
  });
  return rows.map(({ registrationId, distance }) => ({ registrationId, distance }));
}
