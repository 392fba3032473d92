import { afterEach, describe, expect, it } from 'vitest';
import { groundTruthAt, runSimulation } from '../src/index.ts';
import { type FakeServer, ORGANISER_TOKEN, startFakeServer } from './support/fake-server.ts';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const run = (protocol: 'native' | 'osmand' | 'owntracks', extra: { start?: boolean } = {}) =>
  runSimulation({
    server: server!.url,
    raceId: 'R',
    token: ORGANISER_TOKEN,
    riders: 4,
    speedup: 600,
    protocol,
    seed: 5,
    ...extra,
  });

describe('a run against a server', () => {
  it('fills the start list, starts the race and sends native batches stamped in the past', async () => {
    server = await startFakeServer();
    const lines: string[] = [];
    const truth = await runSimulation({
      server: server.url,
      raceId: 'R',
      token: ORGANISER_TOKEN,
      riders: 4,
      speedup: 600,
      protocol: 'native',
      seed: 5,
      start: true,
      log: (line) => lines.push(line),
    });
    expect(server.unauthorised).toBe(0);
    expect(truth.stageId).toBe('S1');
    expect(truth.riders.map((r) => r.bib)).toEqual([1, 2, 3, 4]);
    expect(server.registrations.slice(2)).toMatchObject([
      { bib: 3, deviceId: 'sim-R-3' },
      { bib: 4, deviceId: 'sim-R-4' },
    ]);
    expect(server.statuses).toEqual([
      { status: 'published' },
      { status: 'live', stageId: 'S1', at: truth.startTime },
    ]);
    expect(new Set(server.fixes.map((f) => f.rider))).toEqual(new Set(['reg-1', 'reg-2', 'reg-3', 'reg-4']));
    for (const fix of server.fixes) {
      expect(fix.time).toBeLessThanOrEqual(fix.receivedAt);
      expect(fix.time).toBeGreaterThanOrEqual(truth.startTime);
      expect(fix.body).toMatchObject({
        lat: expect.any(Number),
        lon: expect.any(Number),
        battery: expect.any(Number),
      });
    }
    expect(lines.some((l) => /accepted/.test(l))).toBe(true);
    const order = groundTruthAt(truth, truth.startTime + 60_000);
    expect(order).toHaveLength(4);
    expect(truth.riders.filter((r) => r.dnf)).toHaveLength(1);
  });

  it('sends OsmAnd queries with speed in knots, for riders with a device id only', async () => {
    server = await startFakeServer();
    const truth = await run('osmand');
    expect(truth.riders.map((r) => r.bib)).toEqual([1, 3, 4, 5]); // bib 2 has no device id
    expect(new Set(server.fixes.map((f) => f.rider))).toEqual(
      new Set(['phone-1', 'sim-R-3', 'sim-R-4', 'sim-R-5']),
    );
    const speeds = server.fixes.map((f) => Number(f.body.speed));
    expect(Math.max(...speeds)).toBeLessThan(60 / 1.852);
    expect(Math.max(...speeds)).toBeGreaterThan(30 / 1.852);
    for (const fix of server.fixes) expect(fix.time).toBeLessThanOrEqual(fix.receivedAt);
  });

  it('sends OwnTracks locations with speed in km/h', async () => {
    server = await startFakeServer();
    await run('owntracks');
    const first = server.fixes.find((f) => typeof f.body.vel === 'number')!;
    expect(first.body).toMatchObject({ _type: 'location', tid: expect.stringMatching(/^\d\d$/) });
    expect(Number.isInteger(first.body.vel)).toBe(true);
    expect(Math.max(...server.fixes.map((f) => Number(f.body.vel ?? 0)))).toBeGreaterThan(30);
    for (const fix of server.fixes) expect(fix.time).toBeLessThanOrEqual(fix.receivedAt);
  });
});
