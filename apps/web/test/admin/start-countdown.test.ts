import { describe, expect, it } from 'vitest';
import {
  BEEP_SECONDS,
  beepDue,
  countdownText,
  inFinalCount,
  isTimeTrial,
  nextTickDelay,
  type RampCount,
  type StartEntry,
  startBoard,
  TICK_MS,
} from '../../src/admin/start-countdown.ts';

const T0 = Date.parse('2024-07-05T13:00:00Z');
const entry = (order: number, offsetSeconds: number, bib = order): StartEntry => ({
  registrationId: `r${order}`,
  bib,
  rider: `Rider ${order}`,
  team: null,
  order,
  start: new Date(T0 + offsetSeconds * 1000).toISOString(),
});
// One rider a minute, the last two two minutes apart (as generateStartTimes draws them).
const list = [entry(1, 0), entry(2, 60), entry(3, 120), entry(4, 240), entry(5, 360)];

describe('time-trial start board', () => {
  it('knows which formats start from a start list', () => {
    expect(isTimeTrial('individual_time_trial')).toBe(true);
    expect(isTimeTrial('team_time_trial')).toBe(true);
    expect(isTimeTrial('road_race')).toBe(false);
    expect(isTimeTrial(undefined)).toBe(false);
  });

  it('puts the first rider on the ramp before the start, everyone else next', () => {
    const board = startBoard(list, T0 - 30_000, 3);
    expect(board.started).toEqual([]);
    expect(board.ramp.map((r) => r.bib)).toEqual([1]);
    expect(board.ramp[0]?.secondsToGo).toBe(30);
    expect(board.upcoming.map((r) => r.bib)).toEqual([2, 3, 4]);
  });

  it('ticks riders off at their start instant and counts down the next one', () => {
    const board = startBoard(list, T0 + 50_500);
    expect(board.started.map((r) => r.bib)).toEqual([1]);
    expect(board.ramp.map((r) => r.bib)).toEqual([2]);
    // 9.5 s to go shows as 10: the count rounds up, so "1" is the last second before the start.
    expect(board.ramp[0]?.secondsToGo).toBe(10);
    expect(startBoard(list, T0 + 60_000).started.map((r) => r.bib)).toEqual([1, 2]);
  });

  it('sorts by start time whatever the list order, and empties the ramp when all are off', () => {
    const shuffled = [list[3]!, list[0]!, list[4]!, list[2]!, list[1]!];
    expect(startBoard(shuffled, T0 + 130_000).ramp.map((r) => r.bib)).toEqual([4]);
    const done = startBoard(shuffled, T0 + 400_000);
    expect(done.started.map((r) => r.bib)).toEqual([1, 2, 3, 4, 5]);
    expect(done.ramp).toEqual([]);
    expect(done.upcoming).toEqual([]);
  });

  it('puts a whole team on the ramp in a team time trial', () => {
    const ttt = [entry(1, 0, 11), entry(2, 0, 12), entry(3, 300, 21), entry(4, 300, 22)];
    const board = startBoard(ttt, T0 + 10_000);
    expect(board.ramp.map((r) => r.bib)).toEqual([21, 22]);
    expect(board.started.map((r) => r.bib)).toEqual([11, 12]);
  });

  it('shows the final ten seconds as bare numbers and a clock before that', () => {
    expect(countdownText(10)).toBe('10');
    expect(countdownText(9)).toBe('9');
    expect(countdownText(0)).toBe('0');
    expect(countdownText(11)).toBe('0:11');
    expect(countdownText(125)).toBe('2:05');
    expect(countdownText(3725)).toBe('1:02:05');
    expect(inFinalCount(10)).toBe(true);
    expect(inFinalCount(1)).toBe(true);
    expect(inFinalCount(0)).toBe(false);
    expect(inFinalCount(11)).toBe(false);
  });
});

describe('time-trial start beeps and ticks', () => {
  /** The seconds to go at which the screen beeps, ticking every `tickMs` across two riders' starts. */
  function beepsOver(tickMs: number, fromMs: number, toMs: number): number[] {
    const heard: number[] = [];
    let previous: RampCount | null = null;
    for (let now = fromMs; now <= toMs; now += tickMs) {
      const ramp = startBoard(list, now).ramp[0];
      const current = ramp ? { at: ramp.at, secondsToGo: ramp.secondsToGo } : null;
      if (beepDue(previous, current)) heard.push(current!.secondsToGo);
      previous = current;
    }
    return heard;
  }

  it('beeps at ten seconds to go and at each of the last five, once each however often it ticks', () => {
    expect(BEEP_SECONDS).toEqual([10, 5, 4, 3, 2, 1]);
    // From 30 s before bib 1's start to 30 s after bib 2's (starts at T0 and T0 + 60 s).
    const both = [10, 5, 4, 3, 2, 1, 10, 5, 4, 3, 2, 1];
    expect(beepsOver(250, T0 - 30_000, T0 + 60_000)).toEqual(both);
    expect(beepsOver(100, T0 - 30_000, T0 + 60_000)).toEqual(both);
    expect(beepsOver(1000, T0 - 30_500, T0 + 59_500)).toEqual(both);
  });

  it('does not beep for the seconds in between, before ten, or once the rider is off', () => {
    const at = (secondsToGo: number): RampCount => ({ at: T0, secondsToGo });
    for (const s of [11, 9, 8, 7, 6, 0, 45]) expect(beepDue(at(s + 1), at(s))).toBe(false);
    expect(beepDue(at(4), at(4))).toBe(false);
    expect(beepDue(at(4), null)).toBe(false);
    // The screen opened in the last seconds: the current one beeps.
    expect(beepDue(null, at(3))).toBe(true);
  });

  it('times the next tick to the instant the count changes, and at least every quarter second', () => {
    expect(nextTickDelay(null, T0)).toBe(TICK_MS);
    expect(nextTickDelay(T0, T0 + 1)).toBe(TICK_MS);
    // 9.9 s to go: the count turns to 9 in 900 ms, more than a tick away.
    expect(nextTickDelay(T0 + 9_900, T0)).toBe(TICK_MS);
    // 9.1 s to go: in 100 ms, just past the instant.
    expect(nextTickDelay(T0 + 9_100, T0)).toBe(101);
    // On the second: a whole second to the next change.
    expect(nextTickDelay(T0 + 9_000, T0)).toBe(TICK_MS);
    expect(nextTickDelay(T0 + 9_000.5, T0)).toBe(2);
  });
});
