import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRideGpx } from '../src/replay/gpx.ts';
import { COPY_STRETCH, planReplay } from '../src/replay/replay.ts';
import { loadRides, RIDES_DIR } from '../src/replay/rides.ts';

const gpx = (times: string[]) =>
  `<gpx><trk><trkseg>${times
    .map((t, i) => `<trkpt lat="47.${3200 + i * 9}" lon="5.04"><ele>250</ele><time>${t}</time></trkpt>`)
    .join('\n')}</trkseg></trk></gpx>`;

describe('replay', () => {
  it('reads timed points and drops repeated or backward timestamps', () => {
    const points = parseRideGpx(
      gpx([
        '2020-01-01T10:00:00Z',
        '2020-01-01T10:00:01Z',
        '2020-01-01T10:00:01Z',
        '2020-01-01T09:59:59Z',
        '2020-01-01T10:00:03Z',
      ]),
    );
    expect(points.map((p) => p.time - points[0]!.time)).toEqual([0, 1000, 3000]);
    expect(points[0]).toMatchObject({ lat: 47.32, lon: 5.04, ele: 250 });
  });

  it('starts every ride together and stretches the extra copies', () => {
    const ride = {
      name: 'r',
      points: parseRideGpx(
        gpx(Array.from({ length: 101 }, (_, s) => new Date(Date.UTC(2020, 0, 1, 10, 0, s)).toISOString())),
      ),
    };
    const length = 100 * 100; // ~100 m apart: the ride is ~10 km
    const plan = planReplay([ride], 3, length);
    const first = [0, 1, 2].map((r) => plan.fixes.filter((f) => f.rider === r));
    for (const fixes of first) expect(fixes[0]!.t).toBe(0);
    expect(first[0]!.at(-1)!.t).toBe(100_000);
    expect(first[1]!.at(-1)!.t).toBe(Math.round(100 * (1 + COPY_STRETCH)) * 1000);
    expect(plan.tracks[0]!.distance.at(-1)).toBeGreaterThan(9_900);
    expect(plan.tracks[0]!.finishTime).not.toBeNull();
    expect(new Set(first[2]!.map((f) => f.t)).size).toBe(first[2]!.length);
  });

  it.skipIf(!existsSync(RIDES_DIR))('loads the shared rides', async () => {
    const rides = await loadRides();
    expect(rides).toHaveLength(8);
    for (const ride of rides) expect(ride.points.length).toBeGreaterThan(1000);
    const plan = planReplay(rides, 10, 40_000);
    expect(plan.tracks).toHaveLength(10);
    expect(plan.notes[8]).toContain(rides[0]!.name);
  });
});
