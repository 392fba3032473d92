import { describe, expect, it } from 'vitest';
import {
  rankTeamTimeTrial,
  splitStandings,
  splitsAsTheyHappen,
  teamTimeTrial,
  timeTrialStartList,
  timeTrialTime,
} from '../../../src/scoring/formats/index.ts';

const hms = (h: number, m: number, s: number) => h * 3600 + m * 60 + s;

describe('time trials (rules §3)', () => {
  it('scenario 19: scheduled 10:01:00, actual 10:01:20, finish 10:25:30.37 → 24:30.37', () => {
    const actualStart = hms(10, 1, 20);
    const time = timeTrialTime(hms(10, 1, 0), hms(10, 25, 30.37));
    expect(time).toBe(24 * 60 + 30.37);
    // The late start does not count: finish − actual start would be 20 s less.
    expect(time).not.toBe(timeTrialTime(actualStart, hms(10, 25, 30.37)));
  });

  it('scenario 20: 50 riders reverse GC, 1 min gaps, last 10 at 2 min: #11 at +39, #10 at +41, #1 at +59', () => {
    const gc = Array.from({ length: 50 }, (_, i) => `gc${i + 1}`);
    const list = timeTrialStartList(gc, { firstStart: 0, interval: 60, lastRiders: 10, lastInterval: 120 });
    const startOf = (id: string) => list.find((s) => s.riderId === id)!.start;
    expect(list[0]!.riderId).toBe('gc50');
    expect(startOf('gc50')).toBe(0);
    expect(startOf('gc11')).toBe(39 * 60);
    expect(startOf('gc10')).toBe(41 * 60);
    expect(startOf('gc1')).toBe(59 * 60);
    expect(list.at(-1)).toEqual({ riderId: 'gc1', order: 50, start: 59 * 60 });
    // Defaults are 60 s / last 10 / 120 s.
    expect(timeTrialStartList(gc, { firstStart: 100 }).at(-1)!.start).toBe(100 + 59 * 60);
  });

  it('scenario 21: TTT N = 4 → first four 1800.50, dropped rider 1845.00', () => {
    const result = teamTimeTrial(
      [
        { riderId: 'a', time: 1800.1 },
        { riderId: 'b', time: 1800.2 },
        { riderId: 'c', time: 1800.35 },
        { riderId: 'd', time: 1800.5 },
        { riderId: 'e', time: 1845.0 },
      ],
      4,
    );
    expect(result.teamTime).toBe(1800.5);
    expect(result.riders.map((r) => r.time)).toEqual([1800.5, 1800.5, 1800.5, 1800.5, 1845.0]);
    expect(result.riders.map((r) => r.withTeam)).toEqual([true, true, true, true, false]);
  });

  it('TTT with fewer than N finishers takes the last finisher’s time; non-finishers get none', () => {
    const result = teamTimeTrial(
      [
        { riderId: 'a', time: 1800.1 },
        { riderId: 'b', time: 1802.4 },
        { riderId: 'c', time: 1801.0 },
        { riderId: 'd', time: null },
      ],
      4,
    );
    expect(result.teamTime).toBe(1802.4);
    expect(result.riders.map((r) => r.time)).toEqual([1802.4, 1802.4, 1802.4, null]);
    const ranked = rankTeamTimeTrial([
      { team: 'x', teamTime: 1802.4 },
      { team: 'y', teamTime: 1800.5 },
      { team: 'z', teamTime: null },
    ]);
    expect(ranked.map((r) => [r.entry.team, r.place])).toEqual([
      ['y', 1],
      ['x', 2],
    ]);
  });

  it('ranks splits among riders who passed, with the gap to the best split so far', () => {
    const passings = [
      { riderId: 'first', scheduledStart: 0, time: 600.5 },
      { riderId: 'second', scheduledStart: 60, time: 655.25 }, // 595.25: new best
      { riderId: 'third', scheduledStart: 120, time: 722.0 }, // 602.00: third so far
    ];
    expect(splitsAsTheyHappen(passings)).toEqual([
      { riderId: 'first', elapsed: 600.5, place: 1, gap: 0 },
      { riderId: 'second', elapsed: 595.25, place: 1, gap: 0 },
      { riderId: 'third', elapsed: 602, place: 3, gap: 6.75 },
    ]);
    expect(splitStandings(passings)).toEqual([
      { riderId: 'second', elapsed: 595.25, place: 1, gap: 0 },
      { riderId: 'first', elapsed: 600.5, place: 2, gap: 5.25 },
      { riderId: 'third', elapsed: 602, place: 3, gap: 6.75 },
    ]);
  });
});
