import { describe, expect, it } from 'vitest';
import {
  allowedStageTransitions,
  checkStageTransition,
  raceStatusFromStages,
  STAGE_STATUSES,
  type StageStatus,
  stageOfTheDay,
} from '../../src/race/stage-status.ts';

/** The documented machine: scheduled → live ⇄ neutralised → finished → official, cancelled or annulled. */
const EDGES: ReadonlyArray<readonly [StageStatus, StageStatus]> = [
  ['scheduled', 'live'],
  ['scheduled', 'official'],
  ['scheduled', 'cancelled'],
  ['live', 'neutralised'],
  ['live', 'finished'],
  ['live', 'cancelled'],
  ['live', 'annulled'],
  ['neutralised', 'live'],
  ['neutralised', 'finished'],
  ['neutralised', 'cancelled'],
  ['neutralised', 'annulled'],
  ['finished', 'official'],
  ['finished', 'annulled'],
  ['official', 'finished'],
];
const PAIRS = STAGE_STATUSES.flatMap((from) => STAGE_STATUSES.map((to) => [from, to] as const));

describe('stage status machine', () => {
  it.each(PAIRS)('%s → %s is allowed exactly when it is a documented edge', (from, to) => {
    const edge = EDGES.some(([f, t]) => f === from && t === to);
    expect(checkStageTransition(from, to).ok).toBe(edge);
    expect(allowedStageTransitions(from).includes(to)).toBe(edge);
  });

  it('says why a move is refused, naming the stage and where it can go', () => {
    expect(checkStageTransition('finished', 'live', 'Stage 1')).toEqual({
      ok: false,
      reason: 'Stage 1 cannot go from finished to live; from finished it can go to: official, annulled',
    });
    expect(checkStageTransition('cancelled', 'live')).toEqual({
      ok: false,
      reason: 'The stage cannot go from cancelled to live; cancelled is final',
    });
    expect(checkStageTransition('live', 'live', 'Stage 2')).toEqual({
      ok: false,
      reason: 'Stage 2 is already live',
    });
  });
});

describe('the race status derived from its stages', () => {
  it('follows a three-stage race from the first flag to the last approval', () => {
    const steps: Array<[StageStatus[], string]> = [
      [['scheduled', 'scheduled', 'scheduled'], 'published'],
      [['live', 'scheduled', 'scheduled'], 'live'],
      [['neutralised', 'scheduled', 'scheduled'], 'neutralised'],
      [['live', 'scheduled', 'scheduled'], 'live'],
      // Between stages the race is under way: live, with no stage running.
      [['finished', 'scheduled', 'scheduled'], 'live'],
      [['official', 'scheduled', 'scheduled'], 'live'],
      [['official', 'live', 'scheduled'], 'live'],
      [['official', 'finished', 'live'], 'live'],
      [['official', 'finished', 'finished'], 'finished'],
      [['official', 'official', 'finished'], 'finished'],
      [['official', 'official', 'official'], 'official'],
    ];
    let race = raceStatusFromStages('published', ['scheduled', 'scheduled', 'scheduled']);
    for (const [stages, expected] of steps) {
      race = raceStatusFromStages(race, stages);
      expect([stages.join(','), race]).toEqual([stages.join(','), expected]);
    }
  });

  it('leaves cancelled and annulled stages out of finished and official', () => {
    expect(raceStatusFromStages('live', ['finished', 'cancelled', 'finished'])).toBe('finished');
    expect(raceStatusFromStages('live', ['official', 'annulled', 'official'])).toBe('official');
    expect(raceStatusFromStages('live', ['official', 'scheduled', 'cancelled'])).toBe('live');
  });

  it('keeps the race’s own acts: a draft or cancelled race, or a race whose stages were all voided', () => {
    expect(raceStatusFromStages('draft', ['scheduled'])).toBe('draft');
    expect(raceStatusFromStages('cancelled', ['finished', 'scheduled'])).toBe('cancelled');
    expect(raceStatusFromStages('live', ['cancelled', 'annulled'])).toBe('live');
    expect(raceStatusFromStages('published', [])).toBe('published');
  });

  it('is live while any stage runs, even when another was neutralised', () => {
    expect(raceStatusFromStages('live', ['neutralised', 'live'])).toBe('live');
  });
});

describe('the stage of the day', () => {
  const stage = (number: number, status: StageStatus) => ({ number, status });

  it('is the running stage, else the next scheduled one, else none', () => {
    expect(stageOfTheDay([stage(1, 'finished'), stage(2, 'neutralised'), stage(3, 'scheduled')])).toEqual(
      stage(2, 'neutralised'),
    );
    expect(stageOfTheDay([stage(1, 'official'), stage(2, 'cancelled'), stage(3, 'scheduled')])).toEqual(
      stage(3, 'scheduled'),
    );
    expect(stageOfTheDay([stage(1, 'finished'), stage(2, 'official')])).toBeUndefined();
  });
});
