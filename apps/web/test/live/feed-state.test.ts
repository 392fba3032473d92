import { CARRY_AFTER_FIX_MS, DEFAULT_LIVE_SETTINGS } from '@echelon/domain';
import { describe, expect, it } from 'vitest';
import type { LiveDelta, LiveRider, LiveSnapshot } from '../../src/api/types.ts';
import { applyDelta, estimatedDistance, fromSnapshot, ranked } from '../../src/live/feed-state.ts';

const STAGE = '00000000-0000-4000-8000-000000000001';

function rider(i: number, overrides: Partial<LiveRider> = {}): LiveRider {
  return {
    i,
    id: `00000000-0000-4000-8000-00000000010${i}`,
    bib: i + 1,
    name: `Rider ${i + 1}`,
    team: null,
    category: null,
    rank: i + 1,
    cond: 'racing',
    d: 1000 - i * 100,
    lap: 0,
    lat: null,
    lon: null,
    v: 36,
    gap: i * 10,
    grp: 7,
    togo: 9000 + i * 100,
    eta: null,
    next: null,
    fix: 1_000_000,
    batt: 90,
    acc: 6,
    sos: null,
    fin: null,
    x: [],
    ...overrides,
  };
}

function snapshot(riders: LiveRider[]): LiveSnapshot {
  return {
    type: 'snapshot',
    v: 2,
    stageId: STAGE,
    raceId: STAGE,
    seq: 10,
    at: 1_000_000,
    status: 'live',
    startedAt: 900_000,
    length: 10_000,
    riders,
    groups: [{ id: 7, name: 'Peloton', gap: 0, riders: riders.map((r) => r.i) }],
    checkpoints: [],
    announcements: [],
  };
}

const delta = (seq: number, rest: Partial<LiveDelta> = {}): LiveDelta => ({
  type: 'delta',
  stageId: STAGE,
  seq,
  at: 1_000_000 + (seq - 10) * 1000,
  pos: [],
  ...rest,
});

describe('the live feed state', () => {
  it('moves riders by the distance in each delta and dates their fix by its age', () => {
    const state = fromSnapshot(snapshot([rider(0), rider(1)]));
    // Indices count on from the previous entry: riders 0 and 1 are steps 1 and 1.
    expect(applyDelta(state, delta(11, { pos: [1, 12, 0, 1, 9, 2] }))).toBe('applied');
    expect(state.riders[0]!.d).toBe(1012);
    expect(state.riders[1]!.d).toBe(909);
    expect(state.riders[1]!.fix).toBe(1_001_000 - 2000);
    expect(state.riders[0]!.togo).toBe(8988);
    expect(state.version).toBe(1);
  });

  it('refuses a delta after a missed frame and ignores one already seen', () => {
    const state = fromSnapshot(snapshot([rider(0)]));
    expect(applyDelta(state, delta(12, { pos: [1, 50, 0] }))).toBe('gap');
    expect(state.riders[0]!.d).toBe(1000);
    expect(applyDelta(state, delta(10))).toBe('stale');
    expect(state.seq).toBe(10);
  });

  it('counts a rider’s first delta appearance from zero, whether or not the snapshot had them', () => {
    const known = rider(0, { d: 500 });
    const state = fromSnapshot(snapshot([known]));
    const { i: _i, ...full } = rider(0, { d: 700 });
    applyDelta(
      state,
      delta(11, { pos: [1, 700, 0, 1, 300, 0], st: [{ i: 0, ...full }, { ...rider(1, { d: 300 }) }] }),
    );
    expect(state.riders[0]!.d).toBe(700);
    expect(state.riders[1]!.d).toBe(300);
    expect(state.riders[1]!.name).toBe('Rider 2');
  });

  it('applies accuracy and SOS changes from `st`, leaving the condition and the rest alone', () => {
    const state = fromSnapshot(snapshot([rider(0), rider(1, { sos: 990_000 })]));
    expect(state.riders[1]!.sos).toBe(990_000);
    applyDelta(state, delta(11, { st: [{ i: 0, acc: 25, sos: 1_000_500 }] }));
    expect(state.riders[0]).toMatchObject({ acc: 25, sos: 1_000_500, cond: 'racing', d: 1000, batt: 90 });
    expect(state.riders[1]).toMatchObject({ acc: 6, sos: 990_000 });
    applyDelta(state, delta(12, { st: [{ i: 0, acc: null }] }));
    expect(state.riders[0]).toMatchObject({ acc: null, sos: 1_000_500 });
  });

  it('gives a rider first seen in a delta its accuracy and SOS, and none to a blank one', () => {
    const state = fromSnapshot(snapshot([]));
    const { i: _i, ...full } = rider(3, { acc: 14, sos: 1_000_900 });
    applyDelta(state, delta(11, { pos: [4, 400, 0], st: [{ i: 3, ...full }] }));
    expect(state.riders[3]).toMatchObject({ acc: 14, sos: 1_000_900, d: 400 });
    const { acc: _acc, sos: _sos, ...partial } = rider(4);
    applyDelta(state, delta(12, { pos: [5, 100, 0], st: [{ ...partial }] }));
    expect(state.riders[4]).toMatchObject({ acc: null, sos: null, d: 100 });
  });

  it('applies rank and gap changes, group ids as places from the front, and announcements once', () => {
    const state = fromSnapshot(snapshot([rider(0), rider(1), rider(2)]));
    // The snapshot's group id 7 is the first group from the front.
    expect(state.riders.map((r) => r!.grp)).toEqual([1, 1, 1]);
    const ann = { id: STAGE, at: 1_001_000, text: 'Crash at km 5', stageId: STAGE };
    applyDelta(
      state,
      delta(11, {
        // Rider 0 from 1st to 2nd, rider 1 from 2nd to 1st (index steps 1, 1).
        rk: [1, 1, 1, -1],
        // Rider 2's gap from 20 s to 23 s (index step 3).
        ga: [3, 3],
        // Rider 1 leaves the groups, rider 2 joins a new group 9 (index steps 2, 1).
        gp: [2, null, 1, 9],
        // Group 9 has gone ahead of group 7.
        gl: [9, 1, 0, 7, 1, 33],
        gn: [[1, 'Leader']],
        ann: [ann],
      }),
    );
    expect(ranked(state).map((r) => r.bib)).toEqual([2, 1, 3]);
    expect(state.riders[2]!.gap).toBe(23);
    expect(state.riders.map((r) => r!.grp)).toEqual([2, null, 1]);
    expect(state.groups).toEqual([
      { id: 9, index: 1, size: 1, gap: 0, name: 'Leader' },
      { id: 7, index: 2, size: 1, gap: 33, name: 'Group 2' },
    ]);
    // The groups swap places: the riders' places follow without a change of their own.
    applyDelta(state, delta(12, { gl: [7, 1, 0, 9, 1, 40] }));
    expect(state.riders.map((r) => r!.grp)).toEqual([1, null, 2]);
    applyDelta(state, delta(13, { ann: [ann] }));
    expect(state.announcements).toHaveLength(1);
  });

  it('carries a racing rider on at their speed for as long as the server does (30 s), then holds them', () => {
    const r = rider(0, { d: 1000, v: 36, fix: 0 });
    expect(estimatedDistance(r, 5000)).toBe(1050);
    // At 20 s the server still carries the rider on: the map must not stop at 10 s and lag 100 m behind.
    expect(estimatedDistance(r, 20_000)).toBe(1200);
    expect(estimatedDistance(r, CARRY_AFTER_FIX_MS)).toBe(1300);
    expect(estimatedDistance(r, 60_000)).toBe(1300);
    expect(estimatedDistance({ ...r, cond: 'signal_lost' }, 60_000)).toBe(1000);
    // One rule on both sides: the server's live order carries riders by the same constant.
    expect(DEFAULT_LIVE_SETTINGS.extrapolateMs).toBe(CARRY_AFTER_FIX_MS);
  });
});
