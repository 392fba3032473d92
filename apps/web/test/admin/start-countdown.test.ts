import { describe, expect, it } from 'vitest';
import {
  countdownText,
  inFinalCount,
  isTimeTrial,
  type StartEntry,
  startBoard,
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
