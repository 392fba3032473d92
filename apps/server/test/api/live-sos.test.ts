import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestRepository } from '../../src/modules/ingest/ingest.repository.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { snapshotAfterRestart } from '../support/rebuilt-processor.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rider {
  bib: number;
  cond: string;
  acc: number | null;
  sos: number | null;
}

describe.skipIf(databaseUnavailable !== null)('live feed: GPS accuracy and SOS', () => {
  let t: TestApp;
  let race: LiveRace;
  let tokens: string[];
  const start = Date.now() - 10 * 60_000;

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 50 });
    race = await setUpLiveRace(t, 3);
    tokens = [];
    for (const rider of race.riders) {
      tokens.push(
        (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json().token,
      );
    }
    const started = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      at: start,
    });
    expect(started.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  const device = (i: number) => new Client(t.http, { authorization: `Bearer ${tokens[i]}` });
  const fixAt = (metres: number, secondsAfterStart: number, extra: Record<string, unknown> = {}) => ({
    time: start + secondsAfterStart * 1000,
    ...along(metres),
    accuracy: 7.4,
    ...extra,
  });
  const riders = (snapshot: { riders: Rider[] }) => new Map(snapshot.riders.map((r) => [r.bib, r]));

  const sosAlerts = async () =>
    (await race.organiser.get(`/api/v1/races/${race.raceId}/sos`)).json().items as Array<{
      bib: number;
      time: number;
      positionRefused: string | null;
    }>;

  it('raises an SOS to race control, never on the public feed, which shows the accuracy of each last fix', async () => {
    const ordinary = await device(0).post('/api/v1/track/batch', {
      fixes: [fixAt(1000, 100), fixAt(1100, 110, { accuracy: 18.6 })],
    });
    expect(ordinary.json().accepted).toBe(2);
    const sos = await device(1).post('/api/v1/track/batch', {
      fixes: [fixAt(900, 100), fixAt(950, 110, { sos: true }), fixAt(950, 120)],
    });
    expect(sos.json().accepted).toBe(3);
    await sleep(200);

    const snapshot = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`)).json();
    const byBib = riders(snapshot);
    expect(byBib.get(1)).toMatchObject({ acc: 19, sos: null, cond: 'racing' });
    // Not on the public leaderboard, nor in an announcement: the condition stays what the race makes it.
    expect(byBib.get(2)).toMatchObject({ acc: 7, sos: null, cond: 'racing' });
    expect(byBib.get(3)).toMatchObject({ acc: null, sos: null });
    expect(JSON.stringify(snapshot.announcements)).not.toContain('SOS');
    // Race control has it, with where the rider was.
    expect(await sosAlerts()).toEqual([
      expect.objectContaining({ bib: 2, time: start + 110_000, lat: along(950).lat, positionRefused: null }),
    ]);
    expectProblem(await t.anonymous.get(`/api/v1/races/${race.raceId}/sos`), 401);
  });

  it('keeps the SOS stored, so a rebuilt processor does not put it on the public feed either', async () => {
    const json = await snapshotAfterRestart(t.database.db, race.stageId);
    expect(json).not.toBeNull();
    const byBib = riders(JSON.parse(json!));
    expect(byBib.get(2)).toMatchObject({ sos: null, acc: 7 });
    expect(byBib.get(1)).toMatchObject({ sos: null, acc: 19 });
    expect((await sosAlerts()).map((a) => a.bib)).toEqual([2]);
  });

  it('never drops an SOS whose position is impossible: stored, raised to race control and acknowledged', async () => {
    const before = await device(2).post('/api/v1/track/batch', { fixes: [fixAt(2000, 200)] });
    expect(before.json().accepted).toBe(1);
    // 40 km up the road 5 s later: the position is refused, the alarm is not.
    const sos = await device(2).post('/api/v1/track/batch', {
      fixes: [fixAt(42_000, 205, { sos: true, accuracy: 12 })],
    });
    expect(sos.statusCode).toBe(200);
    const ack = sos.json();
    expect(ack).toMatchObject({ accepted: 0, duplicates: 0 });
    expect(ack.rejected).toEqual([{ index: 0, reason: expect.stringMatching(/impossible jump/) }]);
    expect(ack.sos).toEqual([{ index: 0, time: start + 205_000, position: 'refused' }]);

    const stored = await new IngestRepository(t.database.db).sosOf(race.riders[2]!.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      time: start + 205_000,
      lat: along(42_000).lat,
      lon: 5,
      accuracy: 12,
      positionRefused: expect.stringMatching(/impossible jump/),
    });
    await sleep(200);

    const snapshot = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`)).json();
    const rider = snapshot.riders.find((r: Rider & { d: number }) => r.bib === 3);
    // The refused position moved nobody; race control has the alarm, with why its position was refused.
    expect(rider).toMatchObject({ sos: null, d: 2000 });
    expect((await sosAlerts())[0]).toMatchObject({
      bib: 3,
      time: start + 205_000,
      positionRefused: expect.stringMatching(/impossible jump/),
    });

    // An SOS with no position at all is an alarm too.
    const blind = await device(0).post('/api/v1/track/batch', {
      fixes: [{ time: start + 300_000, lat: 95, lon: 5, sos: true }],
    });
    expect(blind.json().sos).toEqual([{ index: 0, time: start + 300_000, position: 'refused' }]);
    expect(await new IngestRepository(t.database.db).sosOf(race.riders[0]!.id)).toMatchObject([
      { lat: null, lon: null, positionRefused: expect.stringMatching(/^lat: /) },
    ]);

    // A reading out of every range (a broken phone's speed) refuses the fix, never the alarm with it.
    const absurd = await device(1).post('/api/v1/track/batch', {
      fixes: [{ ...fixAt(2100, 310), speed: 1e39, sos: true }],
    });
    expect(absurd.statusCode).toBe(200);
    expect(absurd.json().rejected).toEqual([{ index: 0, reason: expect.stringMatching(/^speed: /) }]);
    expect(absurd.json().sos).toEqual([{ index: 0, time: start + 310_000, position: 'refused' }]);
    expect(await new IngestRepository(t.database.db).sosOf(race.riders[1]!.id)).toContainEqual(
      expect.objectContaining({ time: start + 310_000, positionRefused: expect.stringMatching(/^speed: /) }),
    );

    expect((await sosAlerts()).map((a) => [a.bib, a.time])).toEqual([
      [2, start + 310_000],
      [1, start + 300_000],
      [3, start + 205_000],
      [2, start + 110_000],
    ]);
  });
});
