// CourseProjector where the course passes a place more than once (figure-8, out-and-back, laps, a U
// ridden across): the continuity window must keep the rider on the pass they are riding.
import { describe, expect, it } from 'vitest';
import { geodesicDistance } from '../../src/course/geodesy.ts';
import { CourseProjector } from '../../src/live/projection.ts';
import type { ProjectionHint } from '../../src/live/types.ts';
import { metres } from '../../src/units.ts';
import { seededRandom } from '../course/helpers.ts';
import { courseFromXY, hintFrom, line, max, positionAt, ride, toLatLon } from './projection-helpers.ts';

describe('CourseProjector: places the course passes more than once', () => {
  // A figure-8 (lemniscate of Gerono, 2 × 500 m): it crosses itself at right angles at the origin, a quarter
  // and three quarters of the way round.
  const figure8XY = Array.from({ length: 400 }, (_, i): [number, number] => {
    const theta = Math.PI / 2 + (2 * Math.PI * i) / 400;
    return [500 * Math.sin(theta), 500 * Math.sin(theta) * Math.cos(theta)];
  });
  const figure8 = courseFromXY(figure8XY);
  const [lastLat, lastLon] = toLatLon(figure8XY.at(-1)!);
  const [firstLat, firstLon] = toLatLon(figure8XY[0]!);
  const figure8Gap = geodesicDistance(lastLat, lastLon, firstLat, firstLon);
  const crossing1 = figure8.points[100]!.distance;
  const crossing2 = figure8.points[300]!.distance;

  it('keeps the branch the rider is on through the crossing of a figure-8', () => {
    const projector = new CourseProjector(figure8.points);
    expect(crossing2 - crossing1).toBeGreaterThan(1000);
    const clean = ride(projector, figure8.points, { to: projector.length, step: 10 });
    expect(max(clean.errors)).toBeLessThan(0.01);
    const random = seededRandom(11);
    const noisy = ride(projector, figure8.points, {
      to: projector.length,
      step: 10,
      lateral: () => (random() * 2 - 1) * 10,
    });
    expect(max(noisy.errors)).toBeLessThan(3);
    // Right on the second crossing, coming from 10 m before it: the second branch, not the first.
    const [lat, lon] = toLatLon([0, 0]);
    const before = positionAt(figure8.points, crossing2 - 10);
    const hint = hintFrom(projector.project(before.lat, before.lon, null), 75);
    expect(hint.distance).toBeCloseTo(crossing2 - 10, 6);
    expect(projector.project(lat, lon, hint).distance).toBeCloseTo(crossing2, 6);
    // Without a hint the crossing is a tie, and the earliest pass wins.
    expect(projector.project(lat, lon, null).distance).toBeCloseTo(crossing1, 6);
  });

  // 5 km out and 5 km back on the very same points.
  const outAndBack = courseFromXY([[0, 0], ...line([0, 0], [5000, 0], 25), ...line([5000, 0], [0, 0], 25)]);

  it('puts a rider on the way back of an out-and-back beyond 5 km', () => {
    const projector = new CourseProjector(outAndBack.points);
    expect(projector.length).toBeCloseTo(10000, -1);
    const half = outAndBack.points[200]!.distance;
    for (const step of [10, 17, 22, 30, 45]) {
      for (const from of [0, 7, 13]) {
        const result = ride(projector, outAndBack.points, { from, to: projector.length, step });
        // Just past the tip a fix lies on both legs, both ahead: the nearer one ahead wins until the next
        // fix settles it, so for one fix the rider may be shown up to twice the way past the tip behind.
        result.errors.forEach((error, i) => {
          const truth = from + i * step;
          expect(error).toBeLessThan(truth > half && truth - half < step ? 2 * (truth - half) + 0.5 : 0.5);
        });
      }
    }
    const random = seededRandom(3);
    const noisy = ride(projector, outAndBack.points, {
      from: 4000,
      to: 6000,
      step: 10,
      lateral: () => (random() * 2 - 1) * 10,
    });
    expect(max(noisy.errors)).toBeLessThan(0.5);
    // 3 km from the start on the way back (7 km along), coming from 20 m before.
    const pos = positionAt(outAndBack.points, 7000);
    const hint = hintFrom(projector.project(pos.lat, pos.lon, null), 75);
    expect(hint.distance).toBeCloseTo(3000, 0); // first fix: the earliest pass
    const back: ProjectionHint = { distance: metres(6980), segment: 279, reach: metres(75) };
    const p = projector.project(pos.lat, pos.lon, back);
    expect(p.distance).toBeGreaterThan(5000);
    expect(p.distance).toBeCloseTo(7000, 0);
  });

  it('after a long gap prefers the pass closest ahead of the previous distance', () => {
    const projector = new CourseProjector(outAndBack.points);
    const pos = positionAt(outAndBack.points, 3000);
    // The window covers the whole course: both passes qualify, the one ahead of 1 km wins.
    const gap = { distance: metres(1000), segment: 40, reach: metres(100_000) };
    expect(projector.project(pos.lat, pos.lon, gap).distance).toBeCloseTo(3000, 0);
    // From 6 km (on the way back), 3 km out lies behind: the way back at 7 km is ahead.
    const gapBack = { distance: metres(6000), segment: 240, reach: metres(100_000) };
    expect(projector.project(pos.lat, pos.lon, gapBack).distance).toBeCloseTo(7000, 0);
  });

  it('falls back to the nearest road when the rider took a shortcut', () => {
    // Up 2 km, across 300 m, down 2 km: a U.
    const u = courseFromXY([
      [0, 0],
      ...line([0, 0], [0, 2000], 20),
      ...line([0, 2000], [300, 2000], 20),
      ...line([300, 2000], [300, 0], 20),
    ]);
    const projector = new CourseProjector(u.points);
    const [lat, lon] = toLatLon([300, 500]);
    const hint: ProjectionHint = { distance: metres(500), segment: 25, reach: metres(75) };
    const p = projector.project(lat, lon, hint);
    expect(p.distance).toBeCloseTo(2000 + 300 + 1500, 0);
    expect(p.offset).toBeLessThan(0.01);
    // A hint whose segment does not match its distance is still understood by its distance.
    const wrongSegment: ProjectionHint = { distance: metres(3780), segment: 3, reach: metres(75) };
    expect(projector.project(lat, lon, wrongSegment).distance).toBeCloseTo(3800, 0);
  });

  it('walks three laps of a figure-8 circuit, wrapping from the end of the lap onto its start', () => {
    // The figure-8 ridden 3 times: normalisation closes the lap onto its first point (500 m east).
    const circuit = courseFromXY(figure8XY, 3);
    const projector = new CourseProjector(circuit.points);
    expect(projector.isCircuit).toBe(true);
    const lap = projector.length;
    expect(lap).toBeCloseTo(figure8.length + figure8Gap, 6);
    const result = ride(projector, circuit.points, { to: 3 * lap - 5, step: 10 });
    expect(max(result.errors)).toBeLessThan(0.01);
    expect(result.laps).toBe(2);
    expect(2 * lap + result.last.distance).toBeCloseTo(Math.floor((3 * lap - 5) / 10) * 10, 1);
    const random = seededRandom(13);
    const noisy = ride(projector, circuit.points, {
      to: 3 * lap + 50,
      step: 10,
      lateral: () => (random() * 2 - 1) * 10,
    });
    expect(max(noisy.errors)).toBeLessThan(3);
    expect(noisy.laps).toBe(3);

    // 15 m into the next lap, coming from 20 m before the line: the start of the lap.
    const end = positionAt(circuit.points, lap - 20);
    const hint = hintFrom(projector.project(end.lat, end.lon, null), 75);
    const next = positionAt(circuit.points, 15);
    const p = projector.project(next.lat, next.lon, hint);
    expect(p.distance).toBeCloseTo(15, 6);
    expect(p.segment).toBe(1);
    // A little behind the line after crossing it (GPS noise): the end of the lap, as it is.
    const behind = positionAt(circuit.points, lap - 3);
    const back = projector.project(behind.lat, behind.lon, hintFrom(p, 75));
    expect(back.distance).toBeCloseTo(lap - 3, 6);
    // On the line without a hint: the start; with a hint from just before it: the end of the lap.
    const [lat, lon] = toLatLon([500, 0]);
    expect(projector.project(lat, lon, null).distance).toBe(0);
    expect(projector.project(lat, lon, hint).distance).toBeCloseTo(lap, 6);
  });

  it('does not wrap on a point-to-point course', () => {
    const points = courseFromXY([[0, 0], ...line([0, 0], [3000, 0], 50)]).points;
    const projector = new CourseProjector(points);
    expect(projector.isCircuit).toBe(false);
    const start = positionAt(points, 10);
    const hint: ProjectionHint = { distance: metres(2990), segment: 59, reach: metres(200) };
    expect(projector.project(start.lat, start.lon, hint).distance).toBeCloseTo(10, 6);
  });
});
