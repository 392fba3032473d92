import { TRACK_SAMPLE_STRIDE } from '@echelon/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, M_PER_DEG_LAT, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

interface Track {
  id: string;
  bib: number;
  name: string;
  t0: number | null;
  samples: number[];
  finish: number | null;
  out: number | null;
}

/** The flat samples as rows of [t, distance, lat, lon, speed]. */
const rows = (samples: number[]) =>
  Array.from({ length: samples.length / TRACK_SAMPLE_STRIDE }, (_, k) =>
    samples.slice(k * TRACK_SAMPLE_STRIDE, (k + 1) * TRACK_SAMPLE_STRIDE),
  );

/** Replay tracks: the stored fixes of a stage placed on the course and sampled for the map. */
describe.skipIf(databaseUnavailable !== null)('stage tracks for replay', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 2 * 60 * 60_000;
  const finishedAt = start + 1500_000;
  const trackOf = async (query = '', client = t.anonymous) =>
    client.get(`/api/v1/stages/${race.stageId}/tracks${query}`);
  const riderOf = (body: { riders: Track[] }, bib: number) => body.riders.find((r) => r.bib === bib)!;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 3);
    await recordRace(
      t,
      race,
      start,
      {
        // 36 km/h to the 10 km finish and 50 m beyond; 28.8 km/h and out at 6 km; bib 3 never seen.
        1: steadyRide([{ to: 10_050, speed: 10 }]),
        2: steadyRide([{ to: 6000, speed: 8 }]),
      },
      finishedAt,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes the stage: times, length, the course line and its checkpoints', async () => {
    const response = await trackOf();
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      stageId: race.stageId,
      startedAt: start,
      finishedAt,
      length: 10_000,
      step: 10,
    });
    expect(body.course.simplified[0]).toEqual([45, 5]);
    expect(body.course.simplified.at(-1)[0]).toBeCloseTo(45 + 10_000 / M_PER_DEG_LAT, 5);
    expect(
      body.course.checkpoints.map((c: { kind: string; distance: number }) => [c.kind, c.distance]),
    ).toEqual([
      ['start', 0],
      ['sprint', 5000],
      ['finish', 10_000],
    ]);
    expect(body.riders.map((r: Track) => [r.bib, r.name])).toEqual([
      [1, 'Rider 1'],
      [2, 'Rider 2'],
      [3, 'Rider 3'],
    ]);
  });

  it('samples each rider once per step on the course, ending a finisher on the line', async () => {
    const body = (await trackOf()).json();
    const winner = riderOf(body, 1);
    const samples = rows(winner.samples);
    // Fixes every 5 s, boundaries every 10 s: the fix at each boundary, then the finish line at 1000 s.
    expect(samples).toHaveLength(100);
    expect(winner.t0).toBe(start + 10_000);
    expect(samples.map((s) => s[0])).toEqual(Array.from({ length: 100 }, (_, k) => k * 10));
    for (const [k, [, distance, lat, lon, speed]] of samples.entries()) {
      expect(Math.abs(distance! - (k + 1) * 100)).toBeLessThanOrEqual(1);
      expect(lat).toBeCloseTo(45 + ((k + 1) * 100) / M_PER_DEG_LAT, 4);
      expect(lon).toBe(5);
      expect(speed).toBeGreaterThan(34);
      expect(speed).toBeLessThan(38);
    }
    expect(samples.at(-1)!.slice(0, 2)).toEqual([990, 10_000]);
    expect(winner.finish).toBe(start + 1000_000);

    const abandoned = riderOf(body, 2);
    expect(rows(abandoned.samples)).toHaveLength(75);
    expect(rows(abandoned.samples).at(-1)![1]).toBe(6000);
    expect(abandoned.finish).toBeNull();
    expect(riderOf(body, 3)).toMatchObject({ t0: null, samples: [], finish: null });
    // Nobody has been taken out by a decision: bib 2 merely stopped sending.
    expect(body.riders.map((r: Track) => r.out)).toEqual([null, null, null]);
  });

  it('rounds every value for a compact answer', async () => {
    const body = (await trackOf('?step=7')).json();
    for (const rider of body.riders as Track[]) {
      for (const [time, distance, lat, lon, speed] of rows(rider.samples)) {
        expect(Number.isInteger(Math.round(time! * 10 * 1000) / 1000)).toBe(true);
        expect(Number.isInteger(distance)).toBe(true);
        expect(lat!.toString().split('.')[1]?.length ?? 0).toBeLessThanOrEqual(5);
        expect(lon!.toString().split('.')[1]?.length ?? 0).toBeLessThanOrEqual(5);
        expect(speed!.toString().split('.')[1]?.length ?? 0).toBeLessThanOrEqual(1);
      }
    }
  });

  it('thins to one sample per step: 60 s gives one a minute, plus the finish', async () => {
    const winner = riderOf((await trackOf('?step=60')).json(), 1);
    const times = rows(winner.samples).map((s) => s[0]!);
    expect(times).toHaveLength(17);
    expect(times.slice(0, 3)).toEqual([0, 60, 120]);
    expect(times.at(-1)).toBe(940);
    for (let k = 1; k < times.length - 1; k++) expect(times[k]! - times[k - 1]!).toBe(60);
  });

  it('gives one rider at full rate when asked for by registration', async () => {
    const rider = race.riders.find((r) => r.bib === 1)!;
    const body = (await trackOf(`?step=1&registrationId=${rider.id}`)).json();
    expect(body.riders.map((r: Track) => r.id)).toEqual([rider.id]);
    const samples = rows(body.riders[0].samples);
    // Every fix from 5 s to 995 s, then the line at 1000 s.
    expect(samples).toHaveLength(200);
    expect(samples[1]![0]! - samples[0]![0]!).toBe(5);
    expect(body.riders[0].finish).toBe(start + 1000_000);
  });

  it('agrees with the results computed from the same fixes', async () => {
    const results = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/results`)).json().items;
    const winner = riderOf((await trackOf()).json(), 1);
    expect(results[0]).toMatchObject({ bib: 1, rank: 1, time: 1000 });
    expect((winner.finish! - start) / 1000).toBe(results[0].time);
  });

  it('refuses bad queries with problem+json', async () => {
    for (const query of ['?step=0', '?step=61', '?step=fast', '?registrationId=nope']) {
      expectProblem(await trackOf(query), 400);
    }
    const stranger = await trackOf('?registrationId=00000000-0000-4000-8000-000000000000');
    expect(expectProblem(stranger, 404).detail).toContain('rider');
    expectProblem(await t.anonymous.get('/api/v1/stages/00000000-0000-4000-8000-000000000000/tracks'), 404);
  });

  it('answers 409 for a stage that has not started', async () => {
    const waiting = await setUpLiveRace(t, 1);
    const problem = expectProblem(await t.anonymous.get(`/api/v1/stages/${waiting.stageId}/tracks`), 409);
    expect(problem.detail).toContain('not started');
  });

  it('shows a private race’s tracks to its organiser and to nobody else', async () => {
    expect(
      (await race.organiser.patch(`/api/v1/races/${race.raceId}`, { visibility: 'private' })).statusCode,
    ).toBe(200);
    expectProblem(await trackOf(), 404);
    const { client: spectator } = await t.signIn('spectator');
    expectProblem(await trackOf('', spectator), 404);
    const { client: otherOrganiser } = await t.signIn('organiser');
    expectProblem(await trackOf('', otherOrganiser), 404);
    expect((await trackOf('', race.organiser)).statusCode).toBe(200);
    expect((await trackOf('', t.admin)).statusCode).toBe(200);
    await race.organiser.patch(`/api/v1/races/${race.raceId}`, { visibility: 'unlisted' });
    expect((await trackOf()).statusCode).toBe(200);
  });

  it('gives the time a standing DNF or DSQ took a rider out, and none for a revoked or undone one', async () => {
    const decide = async (bib: number, body: Record<string, unknown>) => {
      const rider = race.riders.find((r) => r.bib === bib)!;
      const response = await race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, {
        registrationId: rider.id,
        reason: 'as the commissaires decided',
        ...body,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; at: string };
    };
    const outOf = async () => {
      const body = (await trackOf()).json();
      return [1, 2, 3].map((bib) => riderOf(body, bib).out);
    };

    const abandoned = await decide(2, { kind: 'status', status: 'DNF' });
    const disqualified = await decide(3, { kind: 'status', status: 'DSQ' });
    // A DNS takes nobody out of the race: the rider was never in it.
    await decide(1, { kind: 'status', status: 'DNS' });
    expect(await outOf()).toEqual([null, Date.parse(abandoned.at), Date.parse(disqualified.at)]);

    expect((await race.organiser.delete(`/api/v1/decisions/${disqualified.id}`)).statusCode).toBe(204);
    await decide(2, { kind: 'reinstate' });
    expect(await outOf()).toEqual([null, null, null]);
  });
});
