import { describe, expect, it } from 'vitest';
import { adaptiveIntervals, type IntervalInput } from '../src/index.ts';

const racing: IntervalInput = {
  speedMps: 12,
  batteryPct: 80,
  charging: false,
  racing: true,
  connection: 'good',
};
const at = (changes: Partial<IntervalInput>) => adaptiveIntervals({ ...racing, ...changes });

describe('adaptiveIntervals', () => {
  it('samples every second at racing speed and sends every 5 s', () => {
    expect(at({})).toEqual({ sampleMs: 1_000, batchMs: 5_000 });
  });

  it('samples less often as the rider slows down', () => {
    const bySpeed = [12, 8, 5, 3, 2, 1, 0.5, 0, null].map((speedMps) => at({ speedMps }).sampleMs);
    expect(bySpeed).toEqual([1_000, 1_000, 2_000, 2_000, 5_000, 5_000, 10_000, 10_000, 10_000]);
  });

  it('saves the battery when it runs low, unless charging', () => {
    expect(at({ batteryPct: 31 }).sampleMs).toBe(1_000);
    expect(at({ batteryPct: 30 }).sampleMs).toBe(5_000);
    expect(at({ batteryPct: 15 })).toEqual({ sampleMs: 30_000, batchMs: 60_000 });
    expect(at({ batteryPct: 10, charging: true })).toEqual({ sampleMs: 1_000, batchMs: 5_000 });
    expect(at({ batteryPct: null }).sampleMs).toBe(1_000);
  });

  it('slows down outside the race', () => {
    expect(at({ racing: false })).toEqual({ sampleMs: 10_000, batchMs: 30_000 });
    expect(at({ racing: false, speedMps: 0 })).toEqual({ sampleMs: 30_000, batchMs: 30_000 });
  });

  it('sends less often on a poor connection, rarely offline, never more often than it samples', () => {
    expect(at({ connection: 'poor' }).batchMs).toBe(15_000);
    expect(at({ connection: 'offline' }).batchMs).toBe(60_000);
    expect(at({ speedMps: 0, batteryPct: 20, racing: false }).batchMs).toBe(30_000);
    for (const speedMps of [0, 2, 12]) {
      for (const batteryPct of [5, 20, 90]) {
        const { sampleMs, batchMs } = at({ speedMps, batteryPct, racing: false });
        expect(batchMs).toBeGreaterThanOrEqual(sampleMs);
      }
    }
  });
});
