import type { TrackerFix, Transport, TransportResponse } from '../../src/index.ts';

/**
 * How the fake server treats one request:
 * - 'ok': stores new fixes, answers accepted/duplicates/rejected as the real endpoint does;
 * - 'network': the request never reaches it (rejected promise);
 * - 'hang': no answer ever (the Sender's timeout must fire);
 * - 'lost-answer': stores the fixes, but the answer is lost on the way back;
 * - a status: answers that status, with Retry-After if given.
 */
export type Behaviour = 'ok' | 'network' | 'hang' | 'lost-answer' | { status: number; retryAfter?: string };

export interface Call {
  at: number;
  fixes: TrackerFix[];
  behaviour: Behaviour;
}

/** The batch endpoint in memory, deduplicating by time as the server does by (registration, time). */
export class FakeServer {
  /** Stored fixes, in the order they were first stored. */
  readonly stored: TrackerFix[] = [];
  readonly calls: Call[] = [];
  /** Behaviours for the next calls, first first; 'ok' once empty (or `next()` when set). */
  readonly script: Behaviour[] = [];
  next: (() => Behaviour) | null = null;
  /** The server's clock minus the device's, ms: drives the Date header. */
  offsetMs = 0;
  private readonly byTime = new Set<number>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  readonly transport: Transport = (fixes) => {
    const behaviour = this.script.shift() ?? this.next?.() ?? 'ok';
    this.calls.push({ at: this.now(), fixes: fixes.map((f) => ({ ...f })), behaviour });
    if (behaviour === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (behaviour === 'hang') return new Promise<TransportResponse>(() => {});
    if (typeof behaviour === 'object') {
      return Promise.resolve({
        status: behaviour.status,
        retryAfter: behaviour.retryAfter ?? null,
        date: this.date(),
      });
    }
    const body = this.ingest(fixes);
    if (behaviour === 'lost-answer') return Promise.reject(new TypeError('network connection was lost'));
    return Promise.resolve({ status: 200, body, date: this.date() });
  };

  /** Times of the fixes each call carried. */
  sentTimes(): number[][] {
    return this.calls.map((c) => c.fixes.map((f) => f.time));
  }

  private ingest(fixes: readonly TrackerFix[]) {
    let accepted = 0;
    let duplicates = 0;
    const rejected: Array<{ index: number; reason: string }> = [];
    const sos: Array<{ index: number; time: number; position: 'used' | 'refused' }> = [];
    fixes.forEach((fix, index) => {
      // As the server does: an SOS is acknowledged as an alarm even when its position is refused.
      if (fix.sos) sos.push({ index, time: fix.time, position: Math.abs(fix.lat) > 90 ? 'refused' : 'used' });
      if (Math.abs(fix.lat) > 90) rejected.push({ index, reason: 'lat: Too big' });
      else if (this.byTime.has(fix.time)) duplicates++;
      else {
        this.byTime.add(fix.time);
        this.stored.push({ ...fix });
        accepted++;
      }
    });
    return { accepted, duplicates, rejected, ...(sos.length > 0 && { sos }) };
  }

  private date(): string {
    return new Date(this.now() + this.offsetMs).toUTCString();
  }
}

/** A small seeded generator (mulberry32), so "random" failures are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Timers and clock over Vitest's fake timers. */
export const fakeTimers = {
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
export const fakeClock = { now: () => Date.now() };

/** A fix at `second` seconds after `base`, with a latitude marking it. */
export const fixAt = (base: number, second: number, extra: Partial<TrackerFix> = {}): TrackerFix => ({
  time: base + second * 1000,
  lat: 45 + second / 100_000,
  lon: 5,
  accuracy: 5,
  ...extra,
});
