import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import { startOsmAndListener } from '../../src/modules/ingest/osmand-listener.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(databaseUnavailable !== null)('tracking: ingest and the live feed', () => {
  let t: TestApp;
  let race: LiveRace;
  let tokens: string[];
  let base: string;
  const start = Date.now() - 10 * 60_000;

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 50 });
    race = await setUpLiveRace(t, 4);
    tokens = [];
    for (const rider of race.riders) {
      const created = await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`);
      expect(created.statusCode).toBe(201);
      tokens.push(created.json().token);
    }
    const started = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      at: start,
    });
    expect(started.statusCode).toBe(200);
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    base = `127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  const device = (i: number) => new Client(t.http, { authorization: `Bearer ${tokens[i]}` });
  const fixAt = (metres: number, secondsAfterStart: number) => ({
    time: start + secondsAfterStart * 1000,
    ...along(metres),
    accuracy: 5,
  });

  it('stores a batch, reports each bad fix by index, and keeps the good ones', async () => {
    const response = await device(0).post('/api/v1/track/batch', {
      fixes: [
        fixAt(100, 10),
        { ...fixAt(200, 20), lat: 95 },
        fixAt(300, 30),
        { ...fixAt(400, 40), time: Date.now() + 120_000 },
        { lat: 45 },
        fixAt(500, 50),
      ],
    });
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result.accepted).toBe(3);
    expect(result.duplicates).toBe(0);
    expect(result.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3, 4]);
    expect(result.rejected[0].reason).toMatch(/^lat: must be between -90 and 90/);
    expect(result.rejected[1].reason).toMatch(/ahead/);
    expect(result.rejected[2].reason).toMatch(/time/);
  });

  it('accepts a replayed batch in any order, and counts what it already has as duplicates', async () => {
    const response = await device(0).post('/api/v1/track/batch', {
      fixes: [fixAt(800, 80), fixAt(300, 30), fixAt(700, 70), fixAt(600, 60)],
    });
    expect(response.json()).toEqual({ accepted: 3, duplicates: 1, rejected: [] });
  });

  it('refuses a batch without a device token, or with someone else’s kind of token', async () => {
    expectProblem(await t.anonymous.post('/api/v1/track/batch', { fixes: [fixAt(1, 1)] }), 401);
    expectProblem(await race.organiser.post('/api/v1/track/batch', { fixes: [fixAt(1, 1)] }), 401);
    const wrong = new Client(t.http, { authorization: 'Bearer ech_dev_forged' });
    expectProblem(await wrong.post('/api/v1/track/batch', { fixes: [fixAt(1, 1)] }), 401);
    const tooMany = Array.from({ length: 1001 }, (_, i) => fixAt(i, i));
    expectProblem(await device(1).post('/api/v1/track/batch', { fixes: tooMany }), 400);
  });

  it('takes OsmAnd (Traccar Client) positions by device id, knots included', async () => {
    const rider = race.riders[1]!;
    const { lat, lon } = along(900);
    const ok = await t.anonymous.get(
      `/osmand?id=${rider.deviceId}&lat=${lat}&lon=${lon}&timestamp=${Math.floor(start / 1000) + 90}&speed=19.4&batt=80`,
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('');
    expectProblem(await t.anonymous.get(`/osmand?id=nobody&lat=${lat}&lon=${lon}`), 403);
    expectProblem(await t.anonymous.get(`/osmand?lat=${lat}&lon=${lon}`), 400);
    const form = await t.anonymous.request(
      'POST',
      '/osmand',
      `id=${rider.deviceId}&lat=${along(950).lat}&lon=5&timestamp=${Math.floor(start / 1000) + 95}`,
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(form.statusCode).toBe(200);
  });

  it('takes OsmAnd on a dedicated port at /, as Traccar Client is usually set up', async () => {
    const listener = await startOsmAndListener(0, '127.0.0.1', t.services.ingest);
    try {
      const rider = race.riders[1]!;
      const { lat, lon } = along(980);
      const response = await fetch(
        `http://127.0.0.1:${listener.port}/?id=${rider.deviceId}&lat=${lat}&lon=${lon}&timestamp=${Math.floor(start / 1000) + 98}`,
        { method: 'POST' },
      );
      expect(response.status).toBe(200);
      const refused = await fetch(`http://127.0.0.1:${listener.port}/?lat=${lat}&lon=${lon}`);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await listener.close();
    }
  });

  it('takes OwnTracks HTTP positions and answers an empty list', async () => {
    const rider = race.riders[2]!;
    const response = await t.anonymous.post(`/owntracks?u=${rider.deviceId}&d=phone`, {
      _type: 'location',
      tid: 'r3',
      ...along(1200),
      tst: Math.floor(start / 1000) + 100,
      vel: 40,
      acc: 8,
      batt: 70,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
    const unknown = await t.anonymous.post('/owntracks?u=stranger&d=phone', {
      _type: 'location',
      lat: 45,
      lon: 5,
      tst: 1,
    });
    expectProblem(unknown, 403);
  });

  it('answers the native WebSocket with an acknowledgement per message', async () => {
    const socket = new WebSocket(`ws://${base}/api/v1/track?token=${tokens[3]}`);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const answer = new Promise<Record<string, unknown>>((resolve) => {
      socket.onmessage = (event) => resolve(JSON.parse(String(event.data)));
    });
    socket.send(JSON.stringify({ id: 7, fixes: [fixAt(1500, 110), fixAt(1600, 120)] }));
    expect(await answer).toEqual({ id: 7, accepted: 2, duplicates: 0, rejected: [] });
    socket.close();
  });

  it('ranks the riders live by distance, with the sprint crossing interpolated', async () => {
    // Rider 4 passes the 5 km sprint between 4,950 m at 300 s and 5,050 m at 310 s: 305 s.
    await device(3).post('/api/v1/track/batch', { fixes: [fixAt(4950, 300), fixAt(5050, 310)] });
    await sleep(200);
    const snapshot = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`)).json();
    expect(snapshot.type).toBe('snapshot');
    expect(snapshot.status).toBe('live');
    const byBib = new Map(snapshot.riders.map((r: { bib: number }) => [r.bib, r]));
    expect(snapshot.riders.map((r: { bib: number }) => r.bib).slice(0, 3)).toEqual([4, 3, 2]);
    const leader = byBib.get(4) as { rank: number; d: number; x: Array<[string, number]> };
    expect(leader.rank).toBe(1);
    expect(Math.abs(leader.d - 5050)).toBeLessThan(5);
    const sprint = snapshot.checkpoints.find((c: { kind: string }) => c.kind === 'sprint');
    const crossing = leader.x.find(([id]) => id === sprint.id);
    expect(crossing?.[1]).toBeCloseTo(start + 305_000, -1);
  });

  it('streams a snapshot then numbered deltas to a spectator, with announcements', async () => {
    const socket = new WebSocket(`ws://${base}/api/v1/live`);
    const frames: Array<Record<string, unknown>> = [];
    socket.onmessage = (event) => frames.push(JSON.parse(String(event.data)));
    await new Promise((resolve) => {
      socket.onopen = resolve;
    });
    socket.send(JSON.stringify({ type: 'subscribe', stageId: race.stageId }));
    await sleep(300);
    await race.organiser.post(`/api/v1/races/${race.raceId}/announcements`, { text: 'Crash at km 3' });
    await device(2).post('/api/v1/track/batch', { fixes: [fixAt(5400, 320)] });
    await sleep(300);
    socket.close();
    expect(frames[0]!.type).toBe('snapshot');
    const deltas = frames.slice(1);
    expect(deltas.length).toBeGreaterThan(2);
    const seqs = deltas.map((f) => f.seq as number);
    expect(seqs[0]).toBe((frames[0]!.seq as number) + 1);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(
      deltas.some((f) => (f.ann as Array<{ text: string }> | undefined)?.[0]?.text === 'Crash at km 3'),
    ).toBe(true);
    const moved = deltas.find((f) => (f.pos as number[]).length > 0);
    expect(moved).toBeDefined();
  });

  it('sends the same frames as raw DEFLATE to a spectator who asks for it', async () => {
    const socket = new WebSocket(`ws://${base}/api/v1/live`);
    socket.binaryType = 'arraybuffer';
    const frames: Array<Record<string, unknown>> = [];
    socket.onmessage = (event) => {
      expect(event.data).toBeInstanceOf(ArrayBuffer);
      frames.push(JSON.parse(inflateRawSync(Buffer.from(event.data as ArrayBuffer)).toString('utf8')));
    };
    await new Promise((resolve) => {
      socket.onopen = resolve;
    });
    socket.send(JSON.stringify({ type: 'subscribe', stageId: race.stageId, encoding: 'deflate' }));
    await device(1).post('/api/v1/track/batch', { fixes: [fixAt(2000, 200)] });
    await sleep(300);
    socket.close();
    expect(frames[0]!.type).toBe('snapshot');
    expect(
      frames.slice(1).every((f, k) => f.type === 'delta' && f.seq === (frames[0]!.seq as number) + k + 1),
    ).toBe(true);
  });

  it('shows a rider taken out by a commissaire’s decision as DNF, and back when reinstated', async () => {
    const rider = race.riders[0]!;
    const cond = async () => {
      await sleep(150);
      const snapshot = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`)).json();
      return snapshot.riders.find((r: { bib: number }) => r.bib === rider.bib).cond;
    };
    const decide = (body: Record<string, unknown>) =>
      race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, { registrationId: rider.id, ...body });
    expect(
      (await decide({ kind: 'status', status: 'DNF', reason: 'abandoned at the feed zone' })).statusCode,
    ).toBe(201);
    expect(await cond()).toBe('dnf');
    expect((await decide({ kind: 'reinstate', reason: 'recorded on the wrong rider' })).statusCode).toBe(201);
    expect(await cond()).not.toBe('dnf');
  });

  it('refuses to subscribe a spectator to a private race’s stage', async () => {
    await race.organiser.patch(`/api/v1/races/${race.raceId}`, { visibility: 'private' });
    const socket = new WebSocket(`ws://${base}/api/v1/live`);
    const first = new Promise<Record<string, unknown>>((resolve) => {
      socket.onmessage = (event) => resolve(JSON.parse(String(event.data)));
    });
    await new Promise((resolve) => {
      socket.onopen = resolve;
    });
    socket.send(JSON.stringify({ type: 'subscribe', stageId: race.stageId }));
    expect(await first).toMatchObject({ type: 'error', code: 'not-found', stageId: race.stageId });
    socket.close();
    expectProblem(await t.anonymous.get(`/api/v1/stages/${race.stageId}/live`), 404);
    await race.organiser.patch(`/api/v1/races/${race.raceId}`, { visibility: 'public' });
  });

  it('subscribes a signed-in organiser to their private race’s stage over the socket (the session travels with the upgrade)', async () => {
    await race.organiser.patch(`/api/v1/races/${race.raceId}`, { visibility: 'private' });
    const first = async (headers: Record<string, string>) => {
      const socket = new WsClient(`ws://${base}/api/v1/live`, { headers });
      const message = new Promise<Record<string, unknown>>((resolve) => {
        socket.once('message', (data) => resolve(JSON.parse(String(data))));
      });
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'subscribe', stageId: race.stageId }));
      const got = await message;
      socket.close();
      return got;
    };
    const cookie = race.organiser.headers.cookie;
    expect(cookie).toBeDefined();
    expect(await first({ cookie: cookie! })).toMatchObject({ type: 'snapshot', stageId: race.stageId });
    expect(await first({})).toMatchObject({ type: 'error', code: 'not-found', stageId: race.stageId });
    await race.organiser.patch(`/api/v1/races/${race.raceId}`, { visibility: 'public' });
  });

  it('opens a private race’s live feed to a commissaire the moment they join its staff, and closes it after', async () => {
    const commissaire = await t.signIn('commissaire');
    const live = `/api/v1/stages/${race.stageId}/live`;
    await race.organiser.patch(`/api/v1/races/${race.raceId}`, { visibility: 'private' });
    expectProblem(await commissaire.client.get(live), 404);
    const staff = `/api/v1/races/${race.raceId}/staff`;
    expect((await race.organiser.post(staff, { email: commissaire.user.email })).statusCode).toBe(201);
    expect((await commissaire.client.get(live)).statusCode).toBe(200);
    expect((await race.organiser.delete(`${staff}/${commissaire.user.id}`)).statusCode).toBe(204);
    expectProblem(await commissaire.client.get(live), 404);
    await race.organiser.patch(`/api/v1/races/${race.raceId}`, { visibility: 'public' });
    expect((await t.anonymous.get(live)).statusCode).toBe(200);
  });
});
