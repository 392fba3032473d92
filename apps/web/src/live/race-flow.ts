import type { LiveRider } from '../api/types.ts';
import { estimatedDistance } from './feed-state.ts';

/** A rider's stored track as GET /stages/:id/tracks gives it (flat samples, 5 numbers each). */
export interface SeedTrack {
  id: string;
  t0: number | null;
  /** [seconds after t0, distance m, lat, lon, speed km/h] repeated. */
  samples: number[];
}

const STRIDE = 5;

/** Distance of a track at epoch ms `at`, interpolated between samples; null outside the track. */
export function trackDistanceAt(track: SeedTrack, at: number): number | null {
  if (track.t0 === null || track.samples.length < STRIDE) return null;
  const t = (at - track.t0) / 1000;
  const n = track.samples.length / STRIDE;
  if (t < track.samples[0]! || t > track.samples[(n - 1) * STRIDE]!) return null;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (track.samples[mid * STRIDE]! <= t) lo = mid;
    else hi = mid;
  }
  const ta = track.samples[lo * STRIDE]!;
  const tb = track.samples[hi * STRIDE]!;
  const da = track.samples[lo * STRIDE + 1]!;
  const db = track.samples[hi * STRIDE + 1]!;
  if (tb <= ta) return da;
  return da + ((t - ta) / (tb - ta)) * (db - da);
}

export interface FlowLine {
  id: string;
  values: Array<number | null>;
}

/**
 * Every rider's distance against time since the page opened (seeded from the stored tracks when the
 * server has them), on one shared time axis so a chart can draw it. Memory stays bounded: past
 * `maxPoints` instants, every other one is dropped and the sampling interval doubles.
 */
export class FlowHistory {
  times: number[] = [];
  private readonly lines = new Map<string, Array<number | null>>();
  private stepMs: number;
  private readonly maxPoints: number;
  /** Moves on every change: a memo dependency. */
  version = 0;
  /** Stored tracks were merged in already. */
  seeded = false;

  constructor(stepMs = 5000, maxPoints = 720) {
    this.stepMs = stepMs;
    this.maxPoints = maxPoints;
  }

  get interval(): number {
    return this.stepMs;
  }

  /** Notes every rider's distance at event time `at`; frames closer than the interval are skipped. */
  record(at: number, riders: ReadonlyArray<LiveRider | undefined>): boolean {
    const last = this.times[this.times.length - 1];
    if (last !== undefined && at - last < this.stepMs) return false;
    const index = this.times.length;
    this.times.push(at);
    for (const rider of riders) {
      if (!rider) continue;
      const line = this.lineOf(rider.id, index);
      line.push(onRoad(rider, at) ? estimatedDistance(rider, at) : null);
    }
    for (const line of this.lines.values()) if (line.length < this.times.length) line.push(null);
    this.decimate();
    this.version += 1;
    return true;
  }

  /** Fills in what happened before the page opened, from stored tracks, every `stepMs`. */
  seed(tracks: ReadonlyArray<SeedTrack>, from: number, stepMs: number): void {
    this.seeded = true;
    const until = this.times[0] ?? Number.POSITIVE_INFINITY;
    let end = from;
    for (const track of tracks) {
      if (track.t0 === null || track.samples.length < STRIDE) continue;
      end = Math.max(end, track.t0 + track.samples[track.samples.length - STRIDE]! * 1000);
    }
    const grid: number[] = [];
    for (let t = from; t <= end && t < until; t += stepMs) grid.push(t);
    if (grid.length === 0) return;
    const byId = new Map(tracks.map((track) => [track.id, track]));
    const ids = new Set([...this.lines.keys(), ...byId.keys()]);
    for (const id of ids) {
      const track = byId.get(id);
      const before = grid.map((t) => (track ? trackDistanceAt(track, t) : null));
      const existing = this.lines.get(id) ?? new Array<number | null>(this.times.length).fill(null);
      this.lines.set(id, [...before, ...existing]);
    }
    this.times = [...grid, ...this.times];
    this.decimate();
    this.version += 1;
  }

  private lineOf(id: string, index: number): Array<number | null> {
    let line = this.lines.get(id);
    if (!line) {
      line = new Array<number | null>(index).fill(null);
      this.lines.set(id, line);
    }
    return line;
  }

  private decimate(): void {
    while (this.times.length > this.maxPoints) {
      const keep = (_: unknown, k: number, all: unknown[]) => k % 2 === 0 || k === all.length - 1;
      this.times = this.times.filter(keep);
      for (const [id, line] of this.lines) this.lines.set(id, line.filter(keep));
      this.stepMs *= 2;
    }
  }

  /** Distances of one rider, aligned with `times` (null where unknown). */
  line(id: string): Array<number | null> | undefined {
    return this.lines.get(id);
  }

  all(): FlowLine[] {
    return [...this.lines].map(([id, values]) => ({ id, values }));
  }
}

/** Riders on the road at `at`: started, not out, not yet finished. */
function onRoad(rider: LiveRider, at: number): boolean {
  if (rider.cond === 'not_started' || rider.cond === 'dnf') return false;
  if (rider.cond === 'finished') return rider.fin !== null && rider.fin >= at;
  return rider.fix !== null;
}

export interface FlowSeries {
  /** Seconds since the start, one per instant. */
  x: number[];
  /** The front of the race (km) at each instant: scales the chart. */
  front: Array<number | null>;
  lines: Array<{ id: string; km: Array<number | null> }>;
}

/** The race-flow chart's data: distance (km) against race time (s), a line per rider. */
export function flowSeries(history: FlowHistory, startedAt: number): FlowSeries {
  const x = history.times.map((at) => (at - startedAt) / 1000);
  const front: Array<number | null> = x.map(() => null);
  const lines = history.all().map(({ id, values }) => {
    const km = values.map((d, k) => {
      if (d === null) return null;
      const value = d / 1000;
      if (front[k] === null || value > front[k]!) front[k] = value;
      return value;
    });
    return { id, km };
  });
  return { x, front, lines };
}
