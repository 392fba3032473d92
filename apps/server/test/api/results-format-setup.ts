// Races of every format for the results API tests: a course, riders, timing points and a started stage,
// all through the HTTP API, so that passings imported as CSV give each format's crossings exactly.
import { expect } from 'vitest';
import { M_PER_DEG_LAT, straightGpx } from '../support/live-race.ts';
import { type Client, multipartFile, type TestApp } from '../support/test-app.ts';

/** Metres per degree of longitude at 45° on the WGS84 ellipsoid. */
const M_PER_DEG_LON = 78_846.8;

/** A square circuit of `sideM` metres a side from (45, 5), back to its start: laps can be ridden on it. */
export function circuitGpx(sideM: number): Uint8Array {
  const corners: Array<[number, number]> = [
    [0, 0],
    [sideM, 0],
    [sideM, sideM],
    [0, sideM],
    [0, 0],
  ];
  const points: string[] = [];
  for (let k = 0; k < corners.length - 1; k++) {
    const [n0, e0] = corners[k]!;
    const [n1, e1] = corners[k + 1]!;
    for (let step = 0; step < 10; step++) {
      const n = n0 + ((n1 - n0) * step) / 10;
      const e = e0 + ((e1 - e0) * step) / 10;
      points.push(
        `<trkpt lat="${(45 + n / M_PER_DEG_LAT).toFixed(7)}" lon="${(5 + e / M_PER_DEG_LON).toFixed(7)}"><ele>100</ele></trkpt>`,
      );
    }
  }
  points.push('<trkpt lat="45.0000000" lon="5.0000000"><ele>100</ele></trkpt>');
  return new TextEncoder().encode(
    `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${points.join('')}</trkseg></trk></gpx>`,
  );
}

export interface RiderInput {
  bib: number;
  firstName?: string;
  lastName?: string;
  team?: string;
  gender?: 'M' | 'F' | 'X';
  birthYear?: number;
  category?: string;
  wave?: string;
  deviceId?: string;
}

export interface FormatRaceOptions {
  format: string;
  riders: RiderInput[];
  /** Laps of a 1.04 km square circuit; without, a straight course of `km`. */
  laps?: number;
  km?: number;
  checkpoints?: Array<{ kind: string; name: string; distance: number; climbCategory?: string }>;
  scoring?: Record<string, unknown>;
  waves?: Array<{ name: string; startOffsetSeconds: number; categories?: string[] }>;
  startDate?: string;
  /** The race's own categories, defined before any rider is registered. */
  categories?: Array<{
    code: string;
    name?: string;
    kind?: 'age' | 'gender' | 'custom';
    gender?: 'M' | 'F' | 'X' | null;
    minAge?: number | null;
    maxAge?: number | null;
  }>;
}

export interface FormatRace {
  organiser: Client;
  raceId: string;
  stageId: string;
  /** Bib → registration id. */
  riders: Map<number, string>;
  /** Checkpoint name → id. */
  points: Map<string, string>;
  /** The stage's start, epoch ms, on a whole second. */
  start: number;
}

/** A public race with one stage of the format, its riders registered and the stage started. */
export async function formatRace(t: TestApp, options: FormatRaceOptions): Promise<FormatRace> {
  const { client: organiser } = await t.signIn('organiser');
  const race = await organiser.post('/api/v1/races', {
    name: `${options.format} race`,
    ...(options.startDate && { startDate: options.startDate }),
  });
  expect(race.statusCode, race.body).toBe(201);
  const raceId = race.json().id;
  const stage = await organiser.post(`/api/v1/races/${raceId}/stages`, {
    name: 'Stage 1',
    format: options.format,
    lapCount: options.laps ?? 1,
    waves: options.waves ?? [],
    ...(options.scoring && { scoring: options.scoring }),
  });
  expect(stage.statusCode, stage.body).toBe(201);
  const stageId = stage.json().id;
  const gpx = options.laps ? circuitGpx(260) : straightGpx(options.km ?? 10);
  const form = await multipartFile('file', 'course.gpx', gpx);
  const uploaded = await organiser.put(`/api/v1/stages/${stageId}/course`, form.payload, form.headers);
  expect(uploaded.statusCode, uploaded.body).toBe(200);
  for (const checkpoint of options.checkpoints ?? []) {
    const created = await organiser.post(`/api/v1/stages/${stageId}/checkpoints`, checkpoint);
    expect(created.statusCode, created.body).toBe(201);
  }
  for (const category of options.categories ?? []) {
    const created = await organiser.post(`/api/v1/races/${raceId}/categories`, {
      name: category.code,
      kind: 'age',
      ...category,
    });
    expect(created.statusCode, created.body).toBe(201);
  }
  const riders = new Map<number, string>();
  for (const r of options.riders) {
    const created = await organiser.post(`/api/v1/races/${raceId}/registrations`, {
      bib: r.bib,
      firstName: r.firstName ?? 'Rider',
      lastName: r.lastName ?? String(r.bib),
      team: r.team ?? null,
      gender: r.gender ?? null,
      birthYear: r.birthYear ?? null,
      category: r.category ?? null,
      wave: r.wave ?? null,
      deviceId: r.deviceId ?? null,
    });
    expect(created.statusCode, created.body).toBe(201);
    riders.set(r.bib, created.json().id);
  }
  const points = new Map<string, string>(
    (await organiser.get(`/api/v1/stages/${stageId}/checkpoints`))
      .json()
      .items.map((c: { name: string; id: string }) => [c.name, c.id]),
  );
  const start = Math.floor(Date.now() / 1000) * 1000 - 6 * 3600_000;
  await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
  const live = await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'live', at: start });
  expect(live.statusCode, live.body).toBe(200);
  return { organiser, raceId, stageId, riders, points, start };
}

/** Imports passings (`[bib or chip, point, seconds after the start]`) as CSV; expects them all taken. */
export async function pass(
  race: FormatRace,
  rows: Array<[rider: number | string, point: string, secondsAfterStart: number]>,
): Promise<void> {
  const csv = ['bib,chip,point,time'];
  for (const [rider, point, s] of rows) {
    const who = typeof rider === 'number' ? `${rider},` : `,${rider}`;
    csv.push(`${who},${point},${Math.round(race.start + s * 1000)}`);
  }
  const imported = await race.organiser.post(`/api/v1/stages/${race.stageId}/passings`, csv.join('\n'), {
    'content-type': 'text/csv',
  });
  expect(imported.statusCode, imported.body).toBe(200);
}

export interface Line {
  rank: number | null;
  bib: number;
  time: number | null;
  gap: number | null;
  status: string | null;
  bonus: number;
  penalty: number;
  laps?: number;
  lapsDown?: number;
  points?: number;
  splits?: Array<{ checkpointId: string; name: string; time: number; rank: number; gap: number }>;
  gender?: string | null;
  genderRank?: number | null;
  category?: string | null;
  categoryRank?: number | null;
  gunTime?: number | null;
  chipTime?: number | null;
  wave?: string | null;
  ageGroup?: string | null;
  ageGroupRank?: number | null;
  awards?: string[];
}

/** The stage's results as JSON (anyone may read a public race's results). */
export async function stageResults(t: TestApp, race: FormatRace) {
  const response = await t.anonymous.get(`/api/v1/stages/${race.stageId}/results`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { state: string; items: Line[]; controls?: Array<Record<string, unknown>> };
}
