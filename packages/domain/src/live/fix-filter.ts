// Pure checks applied to incoming fixes before they reach the live state: is the fix usable at all, does
// it imply an impossible speed, have we seen it already? Each says why in words a person can act on.
import type { EpochMs } from '../units.ts';
import type { Fix } from './types.ts';

export interface FixInput {
  time: number;
  lat: number;
  lon: number;
  /** Horizontal accuracy in metres, when the device reports it. */
  accuracy?: number | null;
}

export interface ValidateFixOptions {
  /** How far ahead of the server clock a timestamp may be (device clocks drift): e.g. 30 000. */
  maxFutureMs: number;
  /** Fixes reported less accurate than this (metres) are dropped: e.g. 200. */
  maxAccuracy: number;
  /** When set, fixes older than this are dropped (a device uploading yesterday's ride into today's race). */
  maxAgeMs?: number;
}

/** Null when the fix can be used; otherwise why not, e.g. "accuracy 350 m is worse than 200 m". */
export function validateFix(input: FixInput, now: EpochMs, options: ValidateFixOptions): string | null {
  const { lat, lon, time, accuracy } = input;
  if (typeof lat !== 'number' || Number.isNaN(lat)) return 'latitude is not a number';
  if (typeof lon !== 'number' || Number.isNaN(lon)) return 'longitude is not a number';
  if (!(lat >= -90 && lat <= 90)) return `latitude ${lat} is out of range (-90 to 90)`;
  if (!(lon >= -180 && lon <= 180)) return `longitude ${lon} is out of range (-180 to 180)`;
  // What GPS chips and exporters write when they have no fix: nobody races in the Gulf of Guinea.
  if (lat === 0 && lon === 0) return 'position 0,0 is not a real fix';
  if (typeof time !== 'number' || !Number.isFinite(time)) return 'timestamp is not a valid time';
  const ahead = time - now;
  if (ahead > options.maxFutureMs) {
    return `timestamp is ${formatDuration(ahead)} ahead of the server clock (at most ${formatDuration(options.maxFutureMs)} allowed)`;
  }
  if (options.maxAgeMs !== undefined && -ahead > options.maxAgeMs) {
    return `timestamp is ${formatDuration(-ahead)} old (at most ${formatDuration(options.maxAgeMs)} accepted)`;
  }
  if (accuracy !== undefined && accuracy !== null) {
    if (typeof accuracy !== 'number' || !(accuracy >= 0) || accuracy === Number.POSITIVE_INFINITY) {
      return `accuracy ${accuracy} is not a distance in metres`;
    }
    if (accuracy > options.maxAccuracy) {
      return `accuracy ${formatMetres(accuracy)} m is worse than ${formatMetres(options.maxAccuracy)} m`;
    }
  }
  return null;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": rounded to what a person reads. */
function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

function formatMetres(value: number): string {
  return String(Math.round(value * 10) / 10);
}

const EARTH_RADIUS = 6371008.8; // mean radius, metres

/** Great-circle distance in metres (haversine on the mean sphere: within 0.5 % of the ellipsoid). */
export function haversineDistance(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(a)));
}

export type PositionAt = Pick<Fix, 'time' | 'lat' | 'lon'>;

export interface JumpFilterOptions {
  /** Fixes implying more than this speed (m/s) from the last accepted fix are rejected. */
  maxSpeed: number;
  /**
   * After this many consecutive rejected fixes that are consistent with each other (each reachable from
   * the one before at maxSpeed), the last of them is accepted as the rider's true position. Default 3.
   */
  recoverAfter?: number;
}

/**
 * Drops a rider's fixes that imply an impossible speed from the last accepted one (a GPS glitch, a fix
 * from another rider's device). One bad fix must not lock the rider out: if the following fixes all
 * agree with each other and not with the last accepted one, that one was the outlier (or the rider got in
 * a car after abandoning), and the filter moves on to the new position.
 */
export class JumpFilter {
  private readonly maxSpeed: number;
  private readonly recoverAfter: number;
  private lastAccepted: PositionAt | null = null;
  /** The most recent rejected fix and how many consistent rejected fixes end with it. */
  private lastRejected: PositionAt | null = null;
  private rejectedRun = 0;

  constructor(options: JumpFilterOptions) {
    if (!(options.maxSpeed > 0)) throw new RangeError(`maxSpeed must be positive, not ${options.maxSpeed}`);
    const recoverAfter = options.recoverAfter ?? 3;
    if (!Number.isInteger(recoverAfter) || recoverAfter < 1) {
      throw new RangeError(`recoverAfter must be a whole number from 1, not ${recoverAfter}`);
    }
    this.maxSpeed = options.maxSpeed;
    this.recoverAfter = recoverAfter;
  }

  /** The last fix this filter accepted (and judged), if any. */
  get last(): PositionAt | null {
    return this.lastAccepted;
  }

  /**
   * False when the fix implies a speed above maxSpeed from the last accepted fix. Fixes not newer than the
   * last accepted one are not judged (true, state unchanged): ordering is the caller's business.
   */
  accept(fix: PositionAt): boolean {
    const last = this.lastAccepted;
    if (last === null) return this.take(fix);
    if (fix.time <= last.time) return true;
    if (this.reachable(last, fix)) return this.take(fix);

    const previous = this.lastRejected;
    if (previous !== null && fix.time <= previous.time) return false;
    this.rejectedRun = previous !== null && this.reachable(previous, fix) ? this.rejectedRun + 1 : 1;
    this.lastRejected = { time: fix.time, lat: fix.lat, lon: fix.lon };
    if (this.rejectedRun >= this.recoverAfter) return this.take(fix);
    return false;
  }

  /** Forgets everything: the next fix is accepted as is. */
  reset(): void {
    this.lastAccepted = null;
    this.lastRejected = null;
    this.rejectedRun = 0;
  }

  private reachable(from: PositionAt, to: PositionAt): boolean {
    const seconds = (to.time - from.time) / 1000;
    return haversineDistance(from.lat, from.lon, to.lat, to.lon) <= this.maxSpeed * seconds;
  }

  private take(fix: PositionAt): true {
    this.lastAccepted = { time: fix.time, lat: fix.lat, lon: fix.lon };
    this.lastRejected = null;
    this.rejectedRun = 0;
    return true;
  }
}

export interface DuplicateFilterOptions {
  /** How many recent timestamps are remembered per rider. Default 256. */
  perRider?: number;
}

/**
 * Drops a fix already seen for the same rider and timestamp (apps retry uploads, batches overlap). Memory
 * is bounded: the most recent `perRider` timestamps of each rider are remembered, older ones forgotten
 * (the database dedupes too; this only keeps repeats off the live path).
 */
export class DuplicateFilter {
  private readonly perRider: number;
  private readonly riders = new Map<string, { seen: Set<number>; order: number[]; next: number }>();

  constructor(options: DuplicateFilterOptions = {}) {
    const perRider = options.perRider ?? 256;
    if (!Number.isInteger(perRider) || perRider < 1) {
      throw new RangeError(`perRider must be a whole number from 1, not ${perRider}`);
    }
    this.perRider = perRider;
  }

  /** True the first time a (rider, time) pair is offered, false for a repeat; remembers it. */
  accept(riderId: string, time: number): boolean {
    let rider = this.riders.get(riderId);
    if (!rider) {
      rider = { seen: new Set(), order: [], next: 0 };
      this.riders.set(riderId, rider);
    }
    if (rider.seen.has(time)) return false;
    if (rider.order.length < this.perRider) {
      rider.order.push(time);
    } else {
      // Ring buffer: overwrite the oldest remembered timestamp.
      rider.seen.delete(rider.order[rider.next]!);
      rider.order[rider.next] = time;
      rider.next = (rider.next + 1) % this.perRider;
    }
    rider.seen.add(time);
    return true;
  }

  /** Forgets a rider (withdrawn, race over). */
  forget(riderId: string): void {
    this.riders.delete(riderId);
  }

  clear(): void {
    this.riders.clear();
  }
}
