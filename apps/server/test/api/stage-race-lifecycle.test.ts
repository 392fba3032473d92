import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { addStartableStage, type LiveRace } from '../support/live-race.ts';
import { type Ride, sendRide } from '../support/recorded-race.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

const HOUR = 3600_000;
/** The straight test course is 10 km; a rider's finish passing is where they cross it. */
const FINISH_M = 10_000;

/**
 * A rider's phone on its own clock: a fix every `every` seconds from `phase` seconds after the flag
 * (so no two riders report at the same instant), at a steady `speed`, until just past the line.
 */
function phoneRide(speed: number, phase: number, every = 5): Ride {
  const fixes: Ride = [];
  for (let s = phase; ; s += every) {
    const metres = Math.round(speed * s * 1000) / 1000;
    fixes.push([metres, Math.round(s * 1000) / 1000]);
    if (metres > FINISH_M + 20) return fixes;
  }
}

/** Where a rider at `speed` crosses the line, as a timing system stamps it: epoch ms. */
const lineAt = (start: number, speed: number) => start + Math.round((FINISH_M / speed) * 1000);

type StageJson = {
  id: string;
  number: number;
  status: string;
  startedAt: number | null;
  finishedAt: number | null;
};
type ResultJson = { bib: number; time: number | null; bonus: number; penalty: number; status: string | null };

/**
 * A three-stage race run as race control runs one: each stage started on its day from the back office's
 * stage endpoint, riders' phones reporting on their own clocks, a timing system's finish passings in
 * milliseconds, each stage finished, then approved; the race's status follows its stages throughout,
 * and the GC after stage 3 is exactly the sum of the three stage results.
 */
describe.skipIf(databaseUnavailable !== null)('a stage race run live, stage by stage', () => {
  let t: TestApp;
  let organiser: Client;
  let race: LiveRace;
  const stageIds: string[] = [];
  /** Each stage's flag: three days, in the past so every fix is already due. */
  const starts = [Date.now() - 50 * HOUR, Date.now() - 26 * HOUR, Date.now() - 2 * HOUR];
  /** m/s per bib, per stage: a different winner each day, and bibs 2 and 3 within a second on stage 2. */
  const speeds: Array<Record<number, number>> = [
    { 1: 11.1, 2: 10.9, 3: 10.6, 4: 10.2 },
    { 1: 10.4, 2: 11.02, 3: 11.0, 4: 10.1 },
    { 1: 10.7, 2: 10.5, 3: 10.55, 4: 11.3 },
  ];
  /** Each bib's phone phase (seconds after the flag of its first fix), the same phone every day. */
  const phases: Record<number, number> = { 1: 1.317, 2: 3.904, 3: 0.25, 4: 4.561 };

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
    // Another race in the database already, live on its own stage: nothing of it may leak into this one.
    const other = (await organiser.post('/api/v1/races', { name: 'Other race' })).json().id;
    await addStartableStage(organiser, other);
    await organiser.post(`/api/v1/races/${other}/status`, { status: 'published' });
    expect((await organiser.post(`/api/v1/races/${other}/status`, { status: 'live' })).statusCode).toBe(200);

    const raceId = (await organiser.post('/api/v1/races', { name: 'Three-day tour' })).json().id;
    for (let n = 0; n < 3; n++) stageIds.push(await addStartableStage(organiser, raceId));
    const bonus = await organiser.patch(`/api/v1/stages/${stageIds[2]}`, {
      scoring: { finishBonus: [10, 6, 4] },
    });
    expect(bonus.statusCode, bonus.body).toBe(200);
    const csv = ['bib,first_name,last_name,device_id'];
    for (const bib of [1, 2, 3, 4]) csv.push(`${bib},Rider,${bib},tour-${bib}-${raceId.slice(0, 8)}`);
    const imported = await organiser.post(`/api/v1/races/${raceId}/registrations/import`, csv.join('\n'), {
      'content-type': 'text/csv',
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect((await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' })).statusCode).toBe(
      200,
    );
    const riders = (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().items;
    race = { organiser, raceId, stageId: stageIds[0]!, riders };
  });
  afterAll(async () => {
    await t?.close();
  });

  const raceStatus = async () => (await t.anonymous.get(`/api/v1/races/${race.raceId}`)).json().status;
  const stageStatuses = async () =>
    ((await t.anonymous.get(`/api/v1/races/${race.raceId}/stages`)).json().items as StageJson[]).map(
      (s) => s.status,
    );
  const stageResults = async (stageId: string): Promise<ResultJson[]> => {
    const response = await t.anonymous.get(`/api/v1/stages/${stageId}/results`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const setStageStatus = (stageId: string, body: Record<string, unknown>) =>
    organiser.post(`/api/v1/stages/${stageId}/status`, body);

  /** One day of racing: flag, phones, the timing system's finish passings, the line closed. */
  async function runStage(index: number) {
    const stageId = stageIds[index]!;
    const start = starts[index]!;
    const started = await setStageStatus(stageId, { status: 'live', at: start });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'live', startedAt: start, finishedAt: null });
    expect(await raceStatus()).toBe('live');
    const next = stageIds[index + 1];
    if (next) {
      expect(expectProblem(await setStageStatus(next, { status: 'live' }), 409).detail).toBe(
        `Stage ${index + 1} is live; finish it before starting stage ${index + 2}`,
      );
    }

    for (const [bib, speed] of Object.entries(speeds[index]!)) {
      await sendRide(t, race, Number(bib), start, phoneRide(speed, phases[Number(bib)]!));
    }
    await t.services.ingest.drain();
    // The processor runs this stage now, the one before it finished: its live feed says so.
    const live = await t.anonymous.get(`/api/v1/stages/${stageId}/live`);
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json()).toMatchObject({ stageId, status: 'live', startedAt: start });

    const passings = Object.entries(speeds[index]!).map(([bib, speed]) => ({
      bib: Number(bib),
      point: 'finish',
      time: lineAt(start, speed),
    }));
    const recorded = await organiser.post(`/api/v1/stages/${stageId}/passings`, passings);
    expect(recorded.json()).toEqual({ imported: 4 });

    const finishAt = start + 20 * 60_000;
    const finished = await setStageStatus(stageId, { status: 'finished', at: finishAt });
    expect(finished.json()).toMatchObject({ status: 'finished', startedAt: start, finishedAt: finishAt });
  }

  it('starts stage 1 as the stage of the day and keeps the race live between stages', async () => {
    expect(await stageStatuses()).toEqual(['scheduled', 'scheduled', 'scheduled']);
    await runStage(0);
    expect(await stageStatuses()).toEqual(['finished', 'scheduled', 'scheduled']);
    expect(await raceStatus()).toBe('live');
    // Each rider's time is their own passing, to the second at worst.
    const results = await stageResults(stageIds[0]!);
    expect(results.map((r) => r.bib)).toEqual([1, 2, 3, 4]);
    for (const r of results) {
      const exact = (lineAt(starts[0]!, speeds[0]![r.bib]!) - starts[0]!) / 1000;
      expect(Math.abs(r.time! - exact)).toBeLessThan(1);
    }
  });

  it('refuses to run two stages at once or to restart a finished one, naming what it can do', async () => {
    const restart = expectProblem(await setStageStatus(stageIds[0]!, { status: 'live' }), 409);
    expect(restart.detail).toBe(
      'Stage 1 cannot go from finished to live; from finished it can go to: official, annulled',
    );
    await runStage(1);
    expect(await stageStatuses()).toEqual(['finished', 'finished', 'scheduled']);
    expect(await raceStatus()).toBe('live');
  });

  it('runs the last stage through the race-level endpoint of older clients, neutralised on the way', async () => {
    const path = `/api/v1/races/${race.raceId}/status`;
    const start = starts[2]!;
    // No stage named: the stage of the day is stage 3, the next scheduled one.
    const live = await organiser.post(path, { status: 'live', at: start });
    expect(live.json().status).toBe('live');
    expect(await stageStatuses()).toEqual(['finished', 'finished', 'live']);
    expect(expectProblem(await setStageStatus(stageIds[1]!, { status: 'live' }), 409).detail).toContain(
      'Stage 2 cannot go from finished to live',
    );
    expect((await organiser.post(path, { status: 'neutralised', at: start + 60_000 })).json().status).toBe(
      'neutralised',
    );
    expect(await stageStatuses()).toEqual(['finished', 'finished', 'neutralised']);
    expect((await organiser.post(path, { status: 'live', at: start + 120_000 })).json().status).toBe('live');
    for (const [bib, speed] of Object.entries(speeds[2]!)) {
      await sendRide(t, race, Number(bib), start, phoneRide(speed, phases[Number(bib)]!));
    }
    await t.services.ingest.drain();
    const passings = Object.entries(speeds[2]!).map(([bib, speed]) => ({
      bib: Number(bib),
      point: 'finish',
      time: lineAt(start, speed),
    }));
    expect((await organiser.post(`/api/v1/stages/${stageIds[2]}/passings`, passings)).statusCode).toBe(200);
    const finished = await organiser.post(path, { status: 'finished', at: start + 20 * 60_000 });
    expect(finished.json().status).toBe('finished');
    expect(await stageStatuses()).toEqual(['finished', 'finished', 'finished']);
  });

  it('gives a GC after stage 3 that is exactly the sum of the three stage results', async () => {
    const perStage = await Promise.all(stageIds.map((id) => stageResults(id)));
    expect(perStage[2]!.filter((r) => r.bonus > 0).map((r) => [r.bib, r.bonus])).toEqual([
      [4, 10],
      [1, 6],
      [3, 4],
    ]);
    const sums = new Map<number, number>();
    for (const results of perStage) {
      expect(results.every((r) => r.status === null && r.time !== null)).toBe(true);
      for (const r of results) sums.set(r.bib, (sums.get(r.bib) ?? 0) + r.time! - r.bonus + r.penalty);
    }
    for (const [after, counted] of [
      [1, 1],
      [2, 2],
      [3, 3],
    ] as const) {
      const partial = new Map<number, number>();
      for (const results of perStage.slice(0, counted))
        for (const r of results)
          partial.set(r.bib, (partial.get(r.bib) ?? 0) + r.time! - r.bonus + r.penalty);
      const gc = (
        await t.anonymous.get(`/api/v1/races/${race.raceId}/classifications/general?stage=${after}`)
      ).json();
      expect(gc.stages).toEqual([1, 2, 3].slice(0, counted));
      const expected = [...partial].sort((a, b) => a[1] - b[1]);
      expect(gc.items.map((r: { bib: number; time: number }) => [r.bib, r.time])).toEqual(expected);
    }
    const latest = (await t.anonymous.get(`/api/v1/races/${race.raceId}/classifications/general`)).json();
    expect(latest.afterStage.number).toBe(3);
    expect(latest.items.map((r: { bib: number; time: number }) => [r.bib, r.time])).toEqual(
      [...sums].sort((a, b) => a[1] - b[1]),
    );
  });

  it('makes each stage official by approval, and the race official with the last', async () => {
    for (const [index, stageId] of stageIds.entries()) {
      expect((await organiser.post(`/api/v1/stages/${stageId}/results/approve`)).statusCode).toBe(200);
      expect(await raceStatus()).toBe(index < 2 ? 'finished' : 'official');
    }
    expect(await stageStatuses()).toEqual(['official', 'official', 'official']);
    const gc = (await t.anonymous.get(`/api/v1/races/${race.raceId}/classifications/general`)).json();
    expect(gc.state).toBe('official');
  });

  it('leaves the other race in the database as it was: live on its own stage', async () => {
    const others = (await organiser.get('/api/v1/races?q=Other%20race')).json().items;
    expect(others.map((r: { status: string }) => r.status)).toEqual(['live']);
    const [stage] = (await organiser.get(`/api/v1/races/${others[0].id}/stages`)).json().items;
    expect(stage.status).toBe('live');
  });
});
