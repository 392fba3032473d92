import { describe, expect, it } from 'vitest';
import type { StageListItem } from '../../src/api/races-types.ts';
import {
  currentStage,
  stageOfTheDay,
  stageStatuses,
  stageToSettle,
} from '../../src/components/race/stage-status.ts';

function stage(number: number, extra: Partial<StageListItem> = {}): StageListItem {
  return {
    id: `stage-${number}`,
    raceId: 'race',
    number,
    name: `Stage ${number}`,
    format: 'road_race',
    status: 'scheduled',
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

// Stage 1 finished, stage 2 on the road, stage 3 still to come; out of order on purpose.
const onTheRoad = [
  stage(3),
  stage(1, { status: 'finished', startedAt: 1, finishedAt: 2 }),
  stage(2, { status: 'live', startedAt: 3 }),
];
// A stage race on its rest day: stage 1 official, stage 2 not started, the race live.
const restDay = [stage(2), stage(1, { status: 'official', startedAt: 1, finishedAt: 2 })];

describe('currentStage', () => {
  it('is the stage on the road, live or neutralised', () => {
    expect(currentStage(onTheRoad)?.number).toBe(2);
    const neutralised = onTheRoad.map((s) => (s.number === 2 ? { ...s, status: 'neutralised' as const } : s));
    expect(currentStage(neutralised)?.number).toBe(2);
  });

  it('is none between stages, whatever the schedule says', () => {
    expect(currentStage(restDay)).toBeNull();
    expect(currentStage([stage(1, { scheduledStart: '2024-07-09T10:00:00Z' })])).toBeNull();
  });
});

describe('stageOfTheDay', () => {
  it('is the stage on the road, else the next scheduled one', () => {
    expect(stageOfTheDay(onTheRoad)?.number).toBe(2);
    expect(stageOfTheDay(restDay)?.number).toBe(2);
    expect(stageOfTheDay([stage(1, { status: 'finished' }), stage(2, { status: 'cancelled' })])).toBeNull();
  });
});

describe('stageStatuses', () => {
  it('shows each stage’s own status: finished, on the road, still to come', () => {
    expect([...stageStatuses('live', onTheRoad).entries()]).toEqual([
      ['stage-1', 'finished'],
      ['stage-2', 'live'],
      ['stage-3', 'scheduled'],
    ]);
  });

  it('shows the unridden stage of a live stage race as still to come, not finished', () => {
    expect([...stageStatuses('live', restDay).values()]).toEqual(['official', 'scheduled']);
  });

  it('shows a stage never run here in a race that is over as finished (timed elsewhere)', () => {
    expect([...stageStatuses('official', [stage(1), stage(2)]).values()]).toEqual(['finished', 'finished']);
    expect([...stageStatuses('cancelled', [stage(1)]).values()]).toEqual(['cancelled']);
  });

  it('keeps an annulled or cancelled stage so', () => {
    const voided = [stage(1, { status: 'annulled' }), stage(2, { status: 'cancelled' })];
    expect([...stageStatuses('live', voided).values()]).toEqual(['annulled', 'cancelled']);
  });
});

describe('stageToSettle', () => {
  it('is the latest finished stage awaiting approval, else the one on the road', () => {
    const days = [
      stage(1, { status: 'finished' }),
      stage(2, { status: 'finished' }),
      stage(3, { status: 'official' }),
      stage(4, { status: 'live' }),
    ];
    expect(stageToSettle(days)?.number).toBe(2);
    expect(stageToSettle(onTheRoad.filter((s) => s.number !== 1))?.number).toBe(2);
    expect(stageToSettle(restDay)).toBeNull();
  });
});
