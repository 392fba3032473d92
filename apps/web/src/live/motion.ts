import type { LiveRider } from '../api/types.ts';
import { estimatedDistance } from './feed-state.ts';

/** How fast a displayed rider closes on where the data puts it: the error shrinks by e every TAU_MS. */
export const TAU_MS = 700;
/** A backwards correction smaller than this holds the rider still until the data catches up. */
export const HOLD_BACK_METRES = 250;

/**
 * The next displayed distance of a rider: the target (where the data puts the rider now) plus what is
 * left of the previous error, decayed smoothly. In steady riding the error is zero and the dot follows
 * the target exactly; a new fix that moves the target shows as a glide, never a jump. A small
 * correction backwards holds the dot still rather than ride it backwards.
 */
export function easeDistance(
  shown: number | undefined,
  target: number,
  dtMs: number,
  tauMs = TAU_MS,
  holdBack = HOLD_BACK_METRES,
): number {
  if (shown === undefined || !Number.isFinite(shown)) return target;
  const error = shown - target;
  if (error > 0 && error < holdBack) return shown;
  return target + error * Math.exp(-Math.max(0, dtMs) / tauMs);
}

/** Eases a value from 0 to 1 (smoothstep): for blends that start and end gently. */
export function smoothstep(t: number): number {
  const x = Math.min(1, Math.max(0, t));
  return x * x * (3 - 2 * x);
}

export type Point = [lat: number, lon: number];

/** Where a rider is drawn from a distance: along the course, or at the fix when off the course. */
export interface Placer {
  at(distance: number): Point | null;
}

interface Blend {
  from: Point;
  start: number;
  offCourse: boolean;
}

const BLEND_MS = 800;

/**
 * Displayed positions of every rider, stepped once per animation frame. Distances move along the
 * course (so a rider follows the road between fixes rather than cutting corners); a rider who leaves
 * or rejoins the course glides between the two places.
 */
export class RiderMotion {
  private shown: Float64Array = new Float64Array(0);
  private known: Uint8Array = new Uint8Array(0);
  private readonly blends = new Map<number, Blend>();
  private readonly offCourse = new Set<number>();
  private readonly lastPoint = new Map<number, Point>();
  private lastWall: number | null = null;

  private ensure(size: number): void {
    if (size <= this.shown.length) return;
    const shown = new Float64Array(Math.max(size, this.shown.length * 2, 64));
    shown.set(this.shown);
    const known = new Uint8Array(shown.length);
    known.set(this.known);
    this.shown = shown;
    this.known = known;
  }

  /** Advances every rider to event time `now`, `wall` being the frame's wall time (ms). */
  step(riders: ReadonlyArray<LiveRider | undefined>, now: number, wall: number, length: number): void {
    const dt = this.lastWall === null ? 0 : Math.min(1000, wall - this.lastWall);
    this.lastWall = wall;
    this.ensure(riders.length);
    for (let k = 0; k < riders.length; k += 1) {
      const rider = riders[k];
      if (!rider) continue;
      let target = estimatedDistance(rider, now);
      if (length > 0) target = Math.min(length, Math.max(0, target));
      const previous = this.known[k] ? this.shown[k] : undefined;
      this.shown[k] = easeDistance(previous, target, dt);
      this.known[k] = 1;
    }
  }

  /** The displayed distance of rider `i` (after at least one step). */
  distance(i: number): number | undefined {
    return this.known[i] ? this.shown[i] : undefined;
  }

  /** Where to draw rider `rider` at wall time `wall`, or null when it cannot be placed. */
  point(rider: LiveRider, line: Placer | null, wall: number): Point | null {
    const off = rider.cond === 'off_course' && rider.lat !== null && rider.lon !== null;
    const d = this.distance(rider.i) ?? rider.d;
    let target: Point | null = off ? [rider.lat!, rider.lon!] : (line?.at(d) ?? null);
    if (!target && rider.lat !== null && rider.lon !== null) target = [rider.lat, rider.lon];
    if (!target) return null;
    const wasOff = this.offCourse.has(rider.i);
    const previous = this.lastPoint.get(rider.i);
    if (wasOff !== off) {
      if (off) this.offCourse.add(rider.i);
      else this.offCourse.delete(rider.i);
      if (previous) this.blends.set(rider.i, { from: previous, start: wall, offCourse: off });
    }
    const blend = this.blends.get(rider.i);
    let point = target;
    if (blend) {
      const t = (wall - blend.start) / BLEND_MS;
      if (t >= 1) this.blends.delete(rider.i);
      else {
        const f = smoothstep(t);
        point = [
          blend.from[0] + (target[0] - blend.from[0]) * f,
          blend.from[1] + (target[1] - blend.from[1]) * f,
        ];
      }
    }
    this.lastPoint.set(rider.i, point);
    return point;
  }

  /** Forget every rider (a new snapshot of another stage). */
  reset(): void {
    this.known.fill(0);
    this.blends.clear();
    this.offCourse.clear();
    this.lastPoint.clear();
    this.lastWall = null;
  }
}
