import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import {
  type Client,
  expectProblem,
  multipartFile,
  SHARED_DATA,
  startTestApp,
  type TestApp,
} from '../support/test-app.ts';

const STAGE7 = readFileSync(
  `${SHARED_DATA}courses/tdf2024-stage07-itt-nuits-st-georges-gevrey-chambertin.gpx`,
);
const TDF25 = readFileSync(
  `${SHARED_DATA}courses/tdf2025-stage06-bayeux-vire-normandie__tdf-route-extractor.gpx`,
);

/** A closed loop of about 4 km around a Dijon block, flat: the shape of a criterium circuit. */
function loopGpx(): Uint8Array {
  const corners = [
    [47.32, 5.04],
    [47.329, 5.04],
    [47.329, 5.053],
    [47.32, 5.053],
    [47.32, 5.04],
  ] as const;
  const points: string[] = [];
  for (let i = 0; i < corners.length - 1; i++) {
    const [aLat, aLon] = corners[i]!;
    const [bLat, bLon] = corners[i + 1]!;
    for (let s = 0; s < 20; s++) {
      const f = s / 20;
      points.push(
        `<trkpt lat="${aLat + (bLat - aLat) * f}" lon="${aLon + (bLon - aLon) * f}"><ele>250</ele></trkpt>`,
      );
    }
  }
  points.push(`<trkpt lat="${corners[0][0]}" lon="${corners[0][1]}"><ele>250</ele></trkpt>`);
  const xml = `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${points.join('')}</trkseg></trk></gpx>`;
  return new TextEncoder().encode(xml);
}

describe.skipIf(databaseUnavailable !== null)('stages, courses and checkpoints', () => {
  let t: TestApp;
  let organiser: Client;
  let raceId: string;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
    raceId = (await organiser.post('/api/v1/races', { name: 'Tour test', timeZone: 'Europe/Paris' })).json()
      .id;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newStage(body: Record<string, unknown> = {}) {
    const response = await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage', ...body });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  async function upload(stageId: string, bytes: Uint8Array, fileName: string) {
    const form = await multipartFile('file', fileName, bytes);
    return organiser.put(`/api/v1/stages/${stageId}/course`, form.payload, form.headers);
  }

  it('numbers stages in order and keeps waves', async () => {
    const first = await newStage({
      format: 'individual_time_trial',
      scheduledStart: '2024-07-05T13:05:00+02:00',
    });
    const second = await newStage({
      waves: [
        { name: 'Elite', startOffsetSeconds: 0, categories: ['ELITE'] },
        { name: 'Masters', startOffsetSeconds: 300, categories: ['M40', 'M50'] },
      ],
    });
    expect(second.number).toBe(first.number + 1);
    expect(first.scheduledStart).toBe('2024-07-05T11:05:00.000Z');
    expect(second.waves[1]).toEqual({ name: 'Masters', startOffsetSeconds: 300, categories: ['M40', 'M50'] });
    const duplicate = expectProblem(
      await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'X', number: first.number }),
      409,
    );
    expect(duplicate.detail).toContain(`Stage ${first.number}`);
  });

  it('uploads a GPX, answers with the normalised course and sets start and finish', async () => {
    const stage = await newStage();
    const response = await upload(stage.id, STAGE7, 'stage7.gpx');
    expect(response.statusCode).toBe(200);
    const course = response.json();
    expect(course.fileFormat).toBe('gpx');
    expect(course.length).toBeGreaterThan(25_300 * 0.99);
    expect(course.length).toBeLessThan(25_300 * 1.01);
    expect(course.climbing).toBeGreaterThan(285 * 0.8);
    expect(course.climbing).toBeLessThan(285 * 1.2);
    expect(course.simplified.length).toBeLessThan(course.pointCount);
    expect(course.simplified.length).toBeGreaterThan(20);
    expect(course.points).toBeUndefined();

    const full = (await t.anonymous.get(`/api/v1/stages/${stage.id}/course?include=points`)).statusCode;
    expect(full).toBe(404); // a draft race is not public yet
    const mine = (await organiser.get(`/api/v1/stages/${stage.id}/course?include=points`)).json();
    expect(mine.points).toHaveLength(mine.pointCount);
    expect(mine.points.at(-1)[3]).toBeCloseTo(course.lapLength, 0);

    const checkpoints = (await organiser.get(`/api/v1/stages/${stage.id}/checkpoints`)).json().items;
    expect(checkpoints.map((c: { kind: string }) => c.kind)).toEqual(['start', 'finish']);
    expect(checkpoints[1].distance).toBeCloseTo(course.length, 3);
    expect((await organiser.get(`/api/v1/stages/${stage.id}`)).json().hasCourse).toBe(true);
  });

  it('multiplies a circuit by its laps, and follows a change of lap count', async () => {
    const stage = await newStage({ format: 'criterium', lapCount: 3 });
    const course = (await upload(stage.id, loopGpx(), 'lap.gpx')).json();
    expect(course.isCircuit).toBe(true);
    expect(course.lapCount).toBe(3);
    expect(course.length).toBeCloseTo(course.lapLength * 3, 3);
    await organiser.patch(`/api/v1/stages/${stage.id}`, { lapCount: 5 });
    const after = (await organiser.get(`/api/v1/stages/${stage.id}/course`)).json();
    expect(after.length).toBeCloseTo(course.lapLength * 5, 3);
    expect(after.climbing).toBeCloseTo((course.climbing / 3) * 5, 3);
    const finish = (await organiser.get(`/api/v1/stages/${stage.id}/checkpoints`)).json().items.at(-1);
    expect(finish).toMatchObject({ kind: 'finish' });
    expect(finish.distance).toBeCloseTo(course.lapLength * 5, 3);
  });

  it('refuses laps on a course that is not a circuit', async () => {
    const stage = await newStage();
    await upload(stage.id, STAGE7, 'stage7.gpx');
    const problem = expectProblem(await organiser.patch(`/api/v1/stages/${stage.id}`, { lapCount: 2 }), 409);
    expect(problem.detail).toContain('circuit');
    const laps = await newStage({ lapCount: 2 });
    expect(expectProblem(await upload(laps.id, STAGE7, 'stage7.gpx'), 422).detail).toContain('circuit');
  });

  it('suggests the file’s climb waypoints as checkpoints', async () => {
    const stage = await newStage();
    const course = (await upload(stage.id, TDF25, 'tdf25-6.gpx')).json();
    expect(course.hasElevation).toBe(false);
    expect(course.suggestedCheckpoints).toHaveLength(6);
    expect(course.suggestedCheckpoints.map((c: { climbCategory: string }) => c.climbCategory)).toEqual([
      '3',
      '3',
      '3',
      '3',
      '3',
      '4',
    ]);
    expect(course.suggestedCheckpoints[0].name).toBe('Côte du Mont Pinçon');
  });

  it('places checkpoints by distance and by a lat/lon snapped to the course', async () => {
    const stage = await newStage();
    await upload(stage.id, STAGE7, 'stage7.gpx');
    const byDistance = await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
      kind: 'timing',
      name: 'Split 1',
      distance: 10_000,
    });
    expect(byDistance.statusCode).toBe(201);
    const split = byDistance.json();
    expect(split.distance).toBe(10_000);
    // A point 30 m east of that split snaps back onto the course near 10 km.
    const nearby = await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
      kind: 'climb',
      name: 'Côte test',
      climbCategory: '4',
      lat: split.lat,
      lon: split.lon + 30 / (111_320 * Math.cos((split.lat * Math.PI) / 180)),
    });
    expect(nearby.statusCode).toBe(201);
    expect(Math.abs(nearby.json().distance - 10_000)).toBeLessThan(60);

    const far = expectProblem(
      await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
        kind: 'feed_zone',
        name: 'Far',
        lat: 48.85,
        lon: 2.35,
      }),
      400,
    );
    expect(far.detail).toMatch(/lies \d+ m from the course/);
    const beyond = expectProblem(
      await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
        kind: 'sprint',
        name: 'Beyond',
        distance: 90_000,
      }),
      400,
    );
    expect(beyond.detail).toContain('beyond the finish');
    const noCategory = expectProblem(
      await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
        kind: 'climb',
        name: 'Col',
        distance: 100,
      }),
      400,
    );
    expect(noCategory.detail).toContain('category');
    expectProblem(
      await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
        kind: 'start',
        name: 'Second start',
        distance: 0,
      }),
      409,
    );

    const deleted = await organiser.delete(`/api/v1/stages/${stage.id}/checkpoints/${split.id}`);
    expect(deleted.statusCode).toBe(204);
    expectProblem(await organiser.delete(`/api/v1/stages/${stage.id}/checkpoints/${split.id}`), 404);
  });

  it('wants a course before checkpoints', async () => {
    const stage = await newStage();
    const problem = expectProblem(
      await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
        kind: 'sprint',
        name: 'S',
        distance: 5,
      }),
      409,
    );
    expect(problem.detail).toContain('Upload');
  });

  it('refuses bad course files with a clear 4xx and keeps the earlier course', async () => {
    const stage = await newStage();
    await upload(stage.id, STAGE7, 'stage7.gpx');
    const kml = expectProblem(
      await upload(stage.id, new TextEncoder().encode('<kml></kml>'), 'route.kml'),
      422,
    );
    expect(kml.detail).toContain('route.kml');
    const broken = expectProblem(
      await upload(stage.id, new TextEncoder().encode('<gpx><trk><trkseg>'), 'broken.gpx'),
      422,
    );
    expect(broken.detail).toContain('broken.gpx');
    const fit = expectProblem(
      await upload(stage.id, new Uint8Array([14, 16, 1, 2, 3, 4, 5, 6, 46, 70, 73, 84]), 'cut.fit'),
      422,
    );
    expect(fit.detail).toContain('cut.fit');
    expectProblem(await upload(stage.id, new Uint8Array(), 'empty.gpx'), 400);
    const notMultipart = await organiser.put(`/api/v1/stages/${stage.id}/course`, { file: 'x' });
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
    expect(notMultipart.statusCode).toBeLessThan(500);
    const tooBig = expectProblem(
      await upload(stage.id, new Uint8Array(25 * 1024 * 1024 + 1), 'huge.gpx'),
      413,
    );
    expect(tooBig.detail).toMatch(/limit|large/i);
    const kept = (await organiser.get(`/api/v1/stages/${stage.id}/course`)).json();
    expect(kept.fileName).toBe('stage7.gpx');
  });
});
