import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { type FormatRace, formatRace, pass, stageResults } from './results-format-setup.ts';

/**
 * Bonuses, points and mountain points follow the commissaires' decisions (rules §0, §2): a relegated
 * winner loses the winner's bonus and points, the riders behind a disqualified one move up at the
 * finish, the sprint and the climb, and a time correction that changes the order moves the awards.
 * The stage is timed by passings to the millisecond, riders crossing at different instants.
 */
describe.skipIf(databaseUnavailable !== null)('results: awards after decisions', () => {
  let t: TestApp;
  let race: FormatRace;

  beforeAll(async () => {
    t = await startTestApp();
    race = await formatRace(t, {
      format: 'road_race',
      riders: [1, 2, 3, 4, 5].map((bib) => ({ bib, team: `Team ${bib}` })),
      checkpoints: [
        { kind: 'sprint', name: 'Sprint', distance: 4000 },
        { kind: 'climb', name: 'Col', distance: 7000, climbCategory: '2' },
      ],
      scoring: {
        finishBonus: [10, 6, 4],
        sprintBonus: [3, 2, 1],
        finishPoints: [50, 30, 20, 18],
        sprintPoints: [20, 17, 15],
        mountainPoints: { '2': [5, 3, 2, 1] },
      },
    });
    await pass(race, [
      [2, 'Sprint', 400.125],
      [1, 'Sprint', 400.126],
      [3, 'Sprint', 401.5],
      [2, 'Col', 700.2],
      [4, 'Col', 701.3],
      [1, 'Col', 702.007],
      [1, 'finish', 1000.101],
      [2, 'finish', 1000.102],
      [3, 'finish', 1000.9],
      [4, 'finish', 1004.25],
      [5, 'finish', 1060.5],
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const decide = async (body: Record<string, unknown>) => {
    const response = await race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const revoke = async (id: string) =>
    expect((await race.organiser.delete(`/api/v1/decisions/${id}`)).statusCode).toBe(204);
  const awards = async () =>
    (await stageResults(t, race)).items.map((r) => [r.bib, r.rank, r.time, r.bonus, r.status]);
  const classification = async (kind: string) =>
    (await t.anonymous.get(`/api/v1/races/${race.raceId}/classifications/${kind}`))
      .json()
      .items.map((r: { bib: number; rank: number; time: number | null; points?: number }) =>
        kind === 'general' ? [r.bib, r.rank, r.time] : [r.bib, r.rank, r.points],
      );

  it('awards the finish, the sprint and the climb in the order the riders crossed, to the millisecond', async () => {
    // 1 ms separates bibs 1 and 2 at the finish and at the sprint: each line has its own order.
    expect(await awards()).toEqual([
      [1, 1, 1000, 10 + 2, null],
      [2, 2, 1000, 6 + 3, null],
      [3, 3, 1000, 4 + 1, null],
      [4, 4, 1004, 0, null],
      [5, 5, 1060, 0, null],
    ]);
    expect(await classification('points')).toEqual([
      [1, 1, 50 + 17],
      [2, 2, 30 + 20],
      [3, 3, 20 + 15],
      [4, 4, 18],
    ]);
    expect(await classification('mountains')).toEqual([
      [2, 1, 5],
      [4, 2, 3],
      [1, 3, 2],
    ]);
  });

  it('takes the winner’s bonus and points from a relegated winner; the riders behind move up', async () => {
    const relegation = await decide({
      kind: 'relegation',
      registrationId: race.riders.get(1),
      place: 3,
      reason: 'irregular sprint',
    });
    expect(await awards()).toEqual([
      [2, 1, 1000, 10 + 3, null],
      [3, 2, 1000, 6 + 1, null],
      [1, 3, 1000, 4 + 2, null],
      [4, 4, 1004, 0, null],
      [5, 5, 1060, 0, null],
    ]);
    expect(await classification('general')).toEqual([
      [2, 1, 1000 - 13],
      [3, 2, 1000 - 7],
      [1, 3, 1000 - 6],
      [4, 4, 1004],
      [5, 5, 1060],
    ]);
    expect(await classification('points')).toEqual(
      [
        [2, 1, 50 + 20],
        [1, 2, 20 + 17],
        [3, 3, 30 + 15],
        [4, 4, 18],
      ]
        .sort((a, b) => b[2]! - a[2]!)
        .map(([bib, , points], k) => [bib, k + 1, points]),
    );
    await revoke(relegation);
    expect((await awards())[0]).toEqual([1, 1, 1000, 12, null]);
  });

  it('moves everyone up at every line behind a disqualified rider', async () => {
    const dsq = await decide({
      kind: 'status',
      registrationId: race.riders.get(2),
      status: 'DSQ',
      reason: 'dangerous riding',
    });
    expect(await awards()).toEqual([
      [1, 1, 1000, 10 + 3, null],
      [3, 2, 1000, 6 + 2, null],
      [4, 3, 1004, 4, null],
      [5, 4, 1060, 0, null],
      // The line shows the time the rider crossed in; no place, no award.
      [2, null, 1000, 0, 'DSQ'],
    ]);
    expect(await classification('points')).toEqual([
      [1, 1, 50 + 20],
      [3, 2, 30 + 17],
      [4, 3, 20],
      [5, 4, 18],
    ]);
    expect(await classification('mountains')).toEqual([
      [4, 1, 5],
      [1, 2, 3],
    ]);
    await revoke(dsq);
  });

  it('gives the awards again when a time correction changes the order', async () => {
    const correction = await decide({
      kind: 'time_correction',
      registrationId: race.riders.get(4),
      seconds: -5,
      reason: 'transponder read late; photo finish shows bib 4 first',
    });
    expect((await awards()).map(([bib, rank, , bonus]) => [bib, rank, bonus])).toEqual([
      [4, 1, 10],
      [1, 2, 6 + 2],
      [2, 3, 4 + 3],
      [3, 4, 1],
      [5, 5, 0],
    ]);
    await revoke(correction);
  });

  it('gives a rider caught in a crash in the final kilometres the group’s time but their own place', async () => {
    const incident = await decide({
      kind: 'final_km_incident',
      registrationId: race.riders.get(5),
      distanceToGo: 2000,
      sameGroupAs: 1,
      reason: 'crash at 2 km to go, noted by the commissaires',
    });
    // Bib 5 is given 1000 like bib 1's group, yet crossed after bib 4 (1004): still fifth, no bonus.
    expect(await awards()).toEqual([
      [1, 1, 1000, 10 + 2, null],
      [2, 2, 1000, 6 + 3, null],
      [3, 3, 1000, 4 + 1, null],
      [4, 4, 1004, 0, null],
      [5, 5, 1000, 0, null],
    ]);
    expect((await classification('points')).at(-1)).toEqual([4, 4, 18]);
    await revoke(incident);
  });

  it('gives a rider reinstated after the time limit no points or mountain points, nobody moving up', async () => {
    const late = await formatRace(t, {
      format: 'road_race',
      riders: [1, 2, 3].map((bib) => ({ bib })),
      checkpoints: [{ kind: 'climb', name: 'Col', distance: 5000, climbCategory: '3' }],
      scoring: { timeLimitPercent: 5, finishPoints: [50, 30, 20], mountainPoints: { '3': [2, 1] } },
    });
    await pass(late, [
      [3, 'Col', 500.5],
      [1, 'Col', 510.25],
      [1, 'finish', 1000.2],
      [2, 'finish', 1001.7],
      [3, 'finish', 1100.9],
    ]);
    const standing = async (kind: string) =>
      (await t.anonymous.get(`/api/v1/races/${late.raceId}/classifications/${kind}`))
        .json()
        .items.map((r: { bib: number; rank: number; points?: number }) => [r.bib, r.rank, r.points]);
    expect((await stageResults(t, late)).items.map((r) => [r.bib, r.status])).toEqual([
      [1, null],
      [2, null],
      [3, 'OTL'],
    ]);
    const reinstated = await late.organiser.post(`/api/v1/stages/${late.stageId}/decisions`, {
      kind: 'reinstate',
      registrationId: late.riders.get(3),
      reason: 'jury: held up by a level crossing',
    });
    expect(reinstated.statusCode, reinstated.body).toBe(201);
    expect((await standing('general')).map(([bib]: number[]) => bib)).toEqual([1, 2, 3]);
    expect(await standing('points')).toEqual([
      [1, 1, 50],
      [2, 2, 30],
    ]);
    expect(await standing('mountains')).toEqual([[1, 1, 1]]);
  });
});
