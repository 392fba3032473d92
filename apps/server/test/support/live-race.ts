import type { Client, TestApp } from './test-app.ts';
import { multipartFile } from './test-app.ts';

/** Metres per degree of latitude at 45° on the WGS84 ellipsoid, so test distances match the geodesics. */
export const M_PER_DEG_LAT = 111_132.95;

/** A straight course due north from (45, 5), `km` long, one point every 100 m. */
export function straightGpx(km: number): Uint8Array {
  const points: string[] = [];
  for (let m = 0; m <= km * 1000; m += 100) {
    points.push(`<trkpt lat="${(45 + m / M_PER_DEG_LAT).toFixed(7)}" lon="5"><ele>200</ele></trkpt>`);
  }
  return new TextEncoder().encode(
    `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${points.join('')}</trkseg></trk></gpx>`,
  );
}

/** The position `metres` along the straight course. */
export const along = (metres: number) => ({ lat: 45 + metres / M_PER_DEG_LAT, lon: 5 });

export interface LiveRace {
  organiser: Client;
  raceId: string;
  stageId: string;
  riders: Array<{ id: string; bib: number; deviceId: string }>;
}

/** A published public race with a straight 10 km course, a sprint at 5 km, and `count` riders. */
export async function setUpLiveRace(t: TestApp, count: number): Promise<LiveRace> {
  const { client: organiser } = await t.signIn('organiser');
  const raceId = (await organiser.post('/api/v1/races', { name: 'Live test' })).json().id;
  const stageId = (await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage 1' })).json().id;
  const form = await multipartFile('file', 'straight.gpx', straightGpx(10));
  const uploaded = await organiser.put(`/api/v1/stages/${stageId}/course`, form.payload, form.headers);
  if (uploaded.statusCode !== 200) throw new Error(uploaded.body);
  await organiser.post(`/api/v1/stages/${stageId}/checkpoints`, {
    kind: 'sprint',
    name: 'Sprint',
    distance: 5000,
  });
  const csv = ['bib,first_name,last_name,device_id'];
  for (let bib = 1; bib <= count; bib++) csv.push(`${bib},Rider,${bib},dev-${bib}-${raceId.slice(0, 8)}`);
  const imported = await organiser.post(`/api/v1/races/${raceId}/registrations/import`, csv.join('\n'), {
    'content-type': 'text/csv',
  });
  if (imported.statusCode !== 200) throw new Error(imported.body);
  await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
  const riders = (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().items;
  return { organiser, raceId, stageId, riders };
}

/** Gives a race a stage with a 10 km course, so that it can go live. */
export async function addStartableStage(client: Client, raceId: string): Promise<string> {
  const stage = await client.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage' });
  if (stage.statusCode !== 201) throw new Error(stage.body);
  const form = await multipartFile('file', 'straight.gpx', straightGpx(10));
  const uploaded = await client.put(`/api/v1/stages/${stage.json().id}/course`, form.payload, form.headers);
  if (uploaded.statusCode !== 200) throw new Error(uploaded.body);
  return stage.json().id;
}
