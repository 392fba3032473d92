import { describe, expect, it } from 'vitest';
import type { StageRow } from '../../src/modules/results/results.repository.ts';
import { evidenceWindow, FINISH_GRACE_MS } from '../../src/modules/results/stage-window.ts';

const MINUTE = 60_000;
const day1 = Date.UTC(2026, 6, 5, 11, 0, 0, 250);

function stage(id: string, startedAt: number | null, finishedAt: number | null, scoring = {}): StageRow {
  return {
    id,
    raceId: 'race',
    number: Number(id.slice(1)),
    name: id,
    format: 'road',
    scoring,
    startedAt,
    finishedAt,
  } as unknown as StageRow;
}

describe('a stage’s evidence window', () => {
  it('has none before the stage starts, and no end while it runs', () => {
    expect(evidenceWindow(stage('s1', null, null), [])).toBeNull();
    const running = stage('s1', day1, null);
    expect(evidenceWindow(running, [running])).toEqual({ from: day1 - 10 * MINUTE, to: null });
  });

  it('ends after the finish plus the time limit, at least the grace for late uploads', () => {
    const fourHours = stage('s1', day1, day1 + 4 * 60 * MINUTE, { timeLimitPercent: 15 });
    // 15 % of a 4-hour stage is 36 minutes, more than the grace.
    expect(evidenceWindow(fourHours, [fourHours])?.to).toBe(day1 + 4 * 60 * MINUTE + 36 * MINUTE);
    const short = stage('s1', day1, day1 + 20 * MINUTE, { timeLimitPercent: 10 });
    expect(evidenceWindow(short, [short])?.to).toBe(day1 + 20 * MINUTE + FINISH_GRACE_MS);
  });

  it('ends before the next stage’s own window begins, even when the first never finished', () => {
    const morning = stage('s1', day1, day1 + 2 * 60 * MINUTE);
    const afternoon = stage('s2', day1 + 2 * 60 * MINUTE + 20 * MINUTE, null);
    const both = [afternoon, morning];
    expect(evidenceWindow(morning, both)?.to).toBe(afternoon.startedAt! - 10 * MINUTE - 1);
    const unfinished = stage('s1', day1, null);
    expect(evidenceWindow(unfinished, [unfinished, afternoon])?.to).toBe(
      afternoon.startedAt! - 10 * MINUTE - 1,
    );
    // An earlier stage never cuts a later one's window.
    expect(evidenceWindow(afternoon, both)).toEqual({ from: afternoon.startedAt! - 10 * MINUTE, to: null });
  });
});
