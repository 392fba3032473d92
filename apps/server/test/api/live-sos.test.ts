import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { snapshotAfterRestart } from '../support/rebuilt-processor.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';

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

  it('shows the SOS time of a rider whose batch carries an SOS, and the accuracy of each last fix', async () => {
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
    // The SOS is its own field: the condition stays what the race makes it.
    expect(byBib.get(2)).toMatchObject({ acc: 7, sos: start + 110_000, cond: 'racing' });
    expect(byBib.get(3)).toMatchObject({ acc: null, sos: null });
  });

  it('keeps the SOS in the stored fixes, so a processor rebuilt from them still shows it', async () => {
    const json = await snapshotAfterRestart(t.database.db, race.stageId);
    expect(json).not.toBeNull();
    const byBib = riders(JSON.parse(json!));
    expect(byBib.get(2)).toMatchObject({ sos: start + 110_000, acc: 7 });
    expect(byBib.get(1)).toMatchObject({ sos: null, acc: 19 });
  });
});
