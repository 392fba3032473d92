import { describe, expect, it } from 'vitest';
import {
  fixAge,
  hasRecentSos,
  isStale,
  riderBadge,
  riderEta,
  riderTogo,
  STALE_AFTER_S,
} from '../../src/live/rider-status.ts';
import { liveRider } from './fixtures.ts';

describe('stale rules', () => {
  it('counts the age of the last fix in seconds', () => {
    expect(fixAge(liveRider(0, { fix: 1000 }), 13_000)).toBe(12);
    expect(fixAge(liveRider(0, { fix: null }), 13_000)).toBeNull();
  });

  it('marks a rider stale only past 30 s without a fix', () => {
    const rider = liveRider(0, { fix: 0 });
    expect(isStale(rider, STALE_AFTER_S * 1000)).toBe(false);
    expect(isStale(rider, STALE_AFTER_S * 1000 + 1)).toBe(true);
  });

  it('never calls finished, out or waiting riders stale', () => {
    for (const cond of ['finished', 'dnf', 'not_started'] as const) {
      expect(isStale(liveRider(0, { cond, fix: 0 }), 3_600_000)).toBe(false);
    }
  });

  it('calls a rider with a problem and no fix at all stale', () => {
    expect(isStale(liveRider(0, { cond: 'signal_lost', fix: null }), 0)).toBe(true);
  });
});

describe('riderBadge', () => {
  it('names every condition but racing', () => {
    expect(riderBadge(liveRider(0))).toBeNull();
    expect(riderBadge(liveRider(0, { cond: 'signal_lost' }))).toBe('signal_lost');
    expect(riderBadge(liveRider(0, { cond: 'dnf' }))).toBe('dnf');
  });
});

describe('hasRecentSos', () => {
  it('holds for 30 minutes after an SOS, and never without one', () => {
    const sos = 5_000_000;
    expect(hasRecentSos(liveRider(0), sos)).toBe(false);
    expect(hasRecentSos(liveRider(0, { sos }), sos)).toBe(true);
    expect(hasRecentSos(liveRider(0, { sos }), sos - 2000)).toBe(true);
    expect(hasRecentSos(liveRider(0, { sos }), sos + 30 * 60_000)).toBe(true);
    expect(hasRecentSos(liveRider(0, { sos }), sos + 30 * 60_000 + 1)).toBe(false);
  });
});

describe('riderEta', () => {
  it('extrapolates a racing rider from the distance left and speed', () => {
    // 36 km/h = 10 m/s; 1000 m left at the fix, 2 s since: 980 m left → 98 s.
    const rider = liveRider(0, { d: 9000, v: 36, fix: 0 });
    expect(riderEta(rider, 2000, 10_000)).toBe(2000 + 98_000);
  });

  it('answers the finish time for a finisher and nothing for a rider out', () => {
    expect(riderEta(liveRider(0, { cond: 'finished', fin: 42 }), 0, 10_000)).toBe(42);
    expect(riderEta(liveRider(0, { cond: 'dnf', eta: 5 }), 0, 10_000)).toBeNull();
  });

  it("keeps the server's estimate for a rider hardly moving", () => {
    expect(riderEta(liveRider(0, { v: 1, eta: 777 }), 0, 10_000)).toBe(777);
    expect(riderEta(liveRider(0, { cond: 'stopped', v: 30, eta: 888 }), 0, 10_000)).toBe(888);
  });

  it('carries the distance to go on like the map', () => {
    expect(riderTogo(liveRider(0, { d: 9000, v: 36, fix: 0 }), 2000, 10_000)).toBe(980);
    expect(riderTogo(liveRider(0, { cond: 'finished' }), 0, 10_000)).toBe(0);
  });
});
