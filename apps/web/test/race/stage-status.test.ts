import { describe, expect, it } from 'vitest';
import type { StageListItem } from '../../src/api/races-types.ts';
import { currentStage, stageStatuses } from '../../src/components/race/stage-status.ts';

function stage(number: number, extra: Partial<StageListItem> = {}): StageListItem {
  return {
    id: `stage-${number}`,
    raceId: 'race',
    number,
    name: `Stage ${number}`,
    format: 'road_race',
    scheduledStart: null,
    lapCount: 1,
    waves: [],
    hasCourse: true,
    course: { length: 10_000, climbing: 100, lapCount: 1 },
    startedAt: null,
    finishedAt: null,
    scoring: {} as StageListItem['scoring'],
    createdAt: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

// Stage 1 flagged finished, stage 2 on the road, stage 3 still to come; out of order on purpose.
const flagged = [
  stage(3),
  stage(1, { startedAt: 1, finishedAt: 2 }),
  stage(2, { startedAt: 3, finishedAt: null }),
];

describe('currentStage', () => {
  it('is the stage race control started and has not finished, while the race is live or neutralised', () => {
    expect(currentStage('live', flagged)?.number).toBe(2);
    expect(currentStage('neutralised', flagged)?.number).toBe(2);
  });

  it('is none unless the race is live or neutralised', () => {
    expect(currentStage('published', flagged)).toBeNull();
    expect(currentStage('finished', flagged)).toBeNull();
  });

  it('is none when no stage was started, whatever the schedule says', () => {
    const scheduled = [stage(1, { scheduledStart: '2024-07-09T10:00:00Z' })];
    expect(currentStage('live', scheduled)).toBeNull();
  });
});

describe('stageStatuses', () => {
  it('follows the flagged times: finished, on the road, still to come', () => {
    expect([...stageStatuses('live', flagged).entries()]).toEqual([
      ['stage-1', 'finished'],
      ['stage-2', 'live'],
      ['stage-3', 'upcoming'],
    ]);
    expect(stageStatuses('neutralised', flagged).get('stage-2')).toBe('neutralised');
  });

  it('never guesses from the schedule: an unflagged stage of a live race is upcoming', () => {
    const statuses = stageStatuses('live', [stage(1, { scheduledStart: '2024-07-09T10:00:00Z' }), stage(2)]);
    expect([...statuses.values()]).toEqual(['upcoming', 'upcoming']);
  });

  it('follows the race when it has not started, is over, or was cancelled', () => {
    const unflagged = [stage(1), stage(2)];
    expect(new Set(stageStatuses('published', unflagged).values())).toEqual(new Set(['upcoming']));
    expect(new Set(stageStatuses('official', unflagged).values())).toEqual(new Set(['finished']));
    expect(new Set(stageStatuses('cancelled', unflagged).values())).toEqual(new Set(['cancelled']));
  });

  it('keeps a flagged-finished stage finished when the race is cancelled later', () => {
    expect([...stageStatuses('cancelled', flagged).values()]).toEqual(['finished', 'cancelled', 'cancelled']);
  });
});
