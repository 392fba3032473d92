import { describe, expect, it } from 'vitest';
import type { StageListItem } from '../../src/api/races-types.ts';
import { currentStage, stageStatuses } from '../../src/components/race/stage-status.ts';

const NOW = Date.parse('2024-07-10T12:00:00Z');

function stage(
  number: number,
  scheduledStart: string | null,
  extra: Partial<StageListItem> = {},
): StageListItem {
  return {
    id: `stage-${number}`,
    raceId: 'race',
    number,
    name: `Stage ${number}`,
    format: 'road_race',
    scheduledStart,
    lapCount: 1,
    waves: [],
    hasCourse: true,
    scoring: {} as StageListItem['scoring'],
    createdAt: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

const stages = [
  stage(3, '2024-07-11T10:00:00Z'),
  stage(1, '2024-07-09T10:00:00Z'),
  stage(2, '2024-07-10T10:00:00Z'),
];

describe('currentStage', () => {
  it('is the last stage scheduled to have started while the race is live', () => {
    expect(currentStage('live', stages, NOW)?.number).toBe(2);
    expect(currentStage('neutralised', stages, NOW)?.number).toBe(2);
  });

  it('is none unless the race is live or neutralised', () => {
    expect(currentStage('published', stages, NOW)).toBeNull();
    expect(currentStage('finished', stages, NOW)).toBeNull();
  });

  it('is the first stage of a live race with no schedule', () => {
    expect(currentStage('live', [stage(2, null), stage(1, null)], NOW)?.number).toBe(1);
  });

  it('follows the flagged start and finish when the API gives them, over the schedule', () => {
    const flagged = [
      stage(1, '2024-07-09T10:00:00Z', { startedAt: 1, finishedAt: 2 }),
      stage(2, '2024-07-10T10:00:00Z', { startedAt: null, finishedAt: null }),
      stage(3, '2024-07-11T10:00:00Z', { startedAt: 3, finishedAt: null }),
    ];
    expect(currentStage('live', flagged, NOW)?.number).toBe(3);
  });
});

describe('stageStatuses', () => {
  it('marks stages before the running one finished and after it upcoming', () => {
    const statuses = stageStatuses('live', stages, NOW);
    expect([...statuses.entries()].sort()).toEqual([
      ['stage-1', 'finished'],
      ['stage-2', 'live'],
      ['stage-3', 'upcoming'],
    ]);
    expect(stageStatuses('neutralised', stages, NOW).get('stage-2')).toBe('neutralised');
  });

  it('follows the race when it has not started, has finished, or was cancelled', () => {
    expect(new Set(stageStatuses('published', stages, NOW).values())).toEqual(new Set(['upcoming']));
    expect(new Set(stageStatuses('official', stages, NOW).values())).toEqual(new Set(['finished']));
    expect(new Set(stageStatuses('cancelled', stages, NOW).values())).toEqual(new Set(['cancelled']));
  });

  it('uses flagged times: a finished stage stays finished, an unflagged one waits', () => {
    const flagged = [
      stage(1, null, { startedAt: 1, finishedAt: 2 }),
      stage(2, null, { startedAt: 3, finishedAt: null }),
      stage(3, null, { startedAt: null, finishedAt: null }),
    ];
    expect([...stageStatuses('live', flagged, NOW).values()]).toEqual(['finished', 'live', 'upcoming']);
  });
});
