import type { PassFix } from './gps-pass.ts';

/** A fix as the fix writer hands on what a commit stored (FixInsert's fields the GPS pass reads). */
export interface HeardFix {
  registrationId: string;
  time: number;
  lat: number;
  lon: number;
  accuracy?: number | null;
  speed?: number | null;
  altitude?: number | null;
  battery?: number | null;
  sos?: boolean | null;
}

/** What this process knows of one rider's progress on a stage, and the stored fixes it heard since. */
export interface RiderFeed {
  /**
   * Fixes stored since the pass last took (or cleared) this rider's, in the order heard: the rows the
   * writer stored, kept as they are (the request path makes nothing more of them; see `passFix`).
   */
  heard: HeardFix[];
  /**
   * The rider's saved progress is the one this process last saved (or read and kept): through
   * `through` on `basis`, and every fix of the rider stored since was heard. False until a pass has
   * saved the rider, while a pass is under way for them, and after anything that breaks it (a pass
   * that failed or was never saved, a redo marked, the stage's feed overflowing).
   */
  synced: boolean;
  through: number | null;
  basis: string | null;
}

/** Fixes heard per stage between two passes beyond which the stage's riders are read from the database. */
const DEFAULT_CAP = 1_000_000;

/** One running stage's riders as this process hears their stored fixes. */
export class StageFeed {
  readonly riders = new Map<string, RiderFeed>();
  /** Fixes held in `heard` over all riders. */
  size = 0;
  /**
   * Bumped whenever hearing was broken (overflow, the feed dropped): a pass under way then checks its
   * riders against the database, as without a feed.
   */
  epoch = 0;

  /** The rider's feed, made (not synced, nothing heard) for a rider new to the stage. */
  rider(id: string): RiderFeed {
    let rider = this.riders.get(id);
    if (!rider) {
      rider = { heard: [], synced: false, through: null, basis: null };
      this.riders.set(id, rider);
    }
    return rider;
  }

  /** Takes the rider's heard fixes (the feed keeps hearing new ones). */
  take(rider: RiderFeed): HeardFix[] {
    const heard = rider.heard;
    this.size -= heard.length;
    rider.heard = [];
    return heard;
  }

  /** Forgets the riders not among these (taken off the start list). */
  keepRiders(ids: ReadonlySet<string>): void {
    for (const [id, rider] of this.riders) {
      if (ids.has(id)) continue;
      this.size -= rider.heard.length;
      this.riders.delete(id);
    }
  }

  /** Forgets everything heard: every rider is read from the database at the next pass. */
  reset(): void {
    for (const rider of this.riders.values()) {
      rider.heard = [];
      rider.synced = false;
    }
    this.size = 0;
    this.epoch++;
  }
}

/**
 * The stored fixes of running stages' riders, heard from the fix writer once a commit stored them
 * (issue 17), so that the background pass (stage-progress.ts) feeds a rider's progress from memory
 * rather than reading back from the database every fix stored since its last pass. Only where this
 * process stores every fix (one process: the in-process bus); with several processes a fix may be
 * stored by another one, and passes read the database. Pure memory, no I/O.
 */
export class ProgressFeed {
  private readonly stages = new Map<string, StageFeed>();
  private readonly cap: number;

  constructor(options: { cap?: number } = {}) {
    this.cap = options.cap ?? DEFAULT_CAP;
  }

  /** The stage's feed, if a pass opened it. */
  of(stageId: string): StageFeed | undefined {
    return this.stages.get(stageId);
  }

  /** The stage's feed, opened now (every rider then read from the database once) if it was not. */
  open(stageId: string): StageFeed {
    let feed = this.stages.get(stageId);
    if (!feed) {
      feed = new StageFeed();
      this.stages.set(stageId, feed);
    }
    return feed;
  }

  /** Drops the feeds of stages no longer in `stageIds` (finished, or no longer this process's). */
  keepOnly(stageIds: ReadonlySet<string>): void {
    for (const [stageId, feed] of this.stages) {
      if (stageIds.has(stageId)) continue;
      feed.reset();
      this.stages.delete(stageId);
    }
  }

  /** Hears fixes a commit stored (new ones only), before anything else hears of them. */
  hear(fixes: ReadonlyArray<HeardFix>): void {
    if (this.stages.size === 0) return;
    for (const feed of this.stages.values()) {
      for (let i = 0; i < fixes.length; i++) {
        const f = fixes[i]!;
        const rider = feed.riders.get(f.registrationId);
        if (!rider) continue;
        rider.heard.push(f);
        feed.size++;
      }
      if (feed.size > this.cap) feed.reset();
    }
  }
}

/**
 * The fix as the database answers it when read back: the `real` columns (accuracy, speed, altitude,
 * battery) hold single precision and are read as the shortest decimal naming it, so 4.123456789 is
 * read 4.123457; the pass must see the same numbers whichever way its fixes come.
 */
export function passFix(f: HeardFix): PassFix {
  return {
    registrationId: f.registrationId,
    time: f.time,
    lat: f.lat,
    lon: f.lon,
    accuracy: real(f.accuracy),
    speed: real(f.speed),
    altitude: real(f.altitude),
    battery: real(f.battery),
    sos: f.sos ?? null,
  };
}

/**
 * A number as a PostgreSQL `real` column gives it back: the single nearest the decimal it was sent as,
 * printed as the shortest decimal naming that single (ties between two such decimals to the even one).
 */
export function real(x: number | null | undefined): number | null {
  if (x === null || x === undefined) return null;
  const single = toSingle(x);
  if (!Number.isFinite(single) || single === 0) return single;
  // Whole numbers and halves (most accuracies, batteries) are exact at once.
  if (single === x && Number.isInteger(x * 2) && Math.abs(x) < 1e7) return x;
  for (let digits = 1; digits < 9; digits++) {
    const text = single.toPrecision(digits);
    if (Math.fround(Number(text)) !== single) continue;
    // Exactly halfway between two decimals of this length: toPrecision took the larger, print the even.
    const longer = single.toPrecision(digits + 1);
    const { digits: n } = decimal(text);
    if (/5(e|$)/.test(longer) && decimalAgainst(longer, single) === 0 && n % 2n === 1n) {
      const { negative, tens } = decimal(text);
      const even = Number(`${negative ? '-' : ''}${n - 1n}e${tens}`);
      if (Math.fround(even) === single) return even;
    }
    return Number(text);
  }
  return Number(single.toPrecision(9));
}

const bits32 = new Float32Array(1);
const int32 = new Uint32Array(bits32.buffer);

/**
 * The single-precision value PostgreSQL stores for `x`, which it is sent as text (String(x)): the
 * decimal rounded to single precision. That is Math.fround(x) but when x lies exactly halfway between
 * two singles: the decimal, a hair off x, then rounds to its own side, not to the even one.
 */
function toSingle(x: number): number {
  const f = Math.fround(x);
  if (f === x || !Number.isFinite(f) || f === 0) return f;
  bits32[0] = f;
  // The single on x's other side (same sign: one step away from or towards zero).
  int32[0] = int32[0]! + (x > f === f > 0 ? 1 : -1);
  const g = bits32[0]!;
  if (x - f !== g - x) return f;
  const side = decimalAgainst(String(x), x);
  if (side === 0) return f;
  return side > 0 === g > f ? g : f;
}

/** A decimal's text as digits·10^tens. */
function decimal(text: string): { negative: boolean; digits: bigint; tens: number } {
  const [mantissa = '', exponent = '0'] = text.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '', fraction = ''] = mantissa.replace('-', '').split('.');
  return { negative, digits: BigInt(whole + fraction), tens: Number(exponent) - fraction.length };
}

/** Whether a decimal's text is above (1), at (0) or below (−1) a finite double's exact value. */
function decimalAgainst(text: string, x: number): number {
  const { negative, digits, tens } = decimal(text);
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, Math.abs(x));
  const high = bits.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let significand = (BigInt(high & 0xfffff) << 32n) | BigInt(bits.getUint32(4));
  if (biased !== 0) significand |= 1n << 52n;
  const twos = (biased === 0 ? 1 : biased) - 1075;
  // digits·10^tens against significand·2^twos, both made integers.
  let left = digits;
  let right = significand;
  if (tens >= 0) left *= 10n ** BigInt(tens);
  else right *= 10n ** BigInt(-tens);
  if (twos >= 0) right <<= BigInt(twos);
  else left <<= BigInt(-twos);
  const order = left > right ? 1 : left < right ? -1 : 0;
  return negative === x < 0 || x === 0 ? (negative ? -order : order) : negative ? -1 : 1;
}
