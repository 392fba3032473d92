import { describe, expect, it } from 'vitest';
import type { TrackPoint } from '../../src/course/types.ts';
import { normaliseCourse, pointAtDistance } from '../../src/index.ts';
import { StageState } from '../../src/live/stage-state.ts';
import { metres } from '../../src/units.ts';
import { at, E, fix, merge, ride, straightCourse, type TestCourse } from './live-helpers.ts';

/** Out 3 km east, back west on the other side of the road (11 m north) to the start. */
function outAndBack(): TestCourse {
  const dLon = 3000 / ((6378137 * Math.PI) / 180);
  const north = 0.0001;
  const points: TrackPoint[] = [];
  for (let i = 0; i <= 30; i++) points.push({ lat: 0, lon: E + (dLon * i) / 30, ele: null });
  for (let i = 30; i >= 0; i--) points.push({ lat: north, lon: E + (dLon * i) / 30, ele: null });
  const n = normaliseCourse({ name: null, points, waypoints: [] });
  return {
    course: {
      points: n.points,
      lapLength: n.lapLength,
      lapCount: 1,
      length: n.length,
      checkpoints: [{ id: 'finish', kind: 'finish', name: 'Finish', distance: n.length }],
    },
    position: (d) => pointAtDistance(n.points, metres(d)),
  };
}

const order = (state: StageState, now: number) =>
  state.standings(at(now)).riders.map((r) => [r.riderId, r.rank, r.condition] as const);

describe('live ranking', () => {
  it('orders riders by where they are now, not by how recently their phones reported', () => {
    const c = straightCourse(10);
    const state = new StageState(c.course, [{ riderId: 'early' }, { riderId: 'fresh' }]);
    state.start(at(0));
    // Both ride 12 m/s; 'early' reports every 5 s and last did at 100 s, 'fresh' every second.
    // 'fresh' rides 24 m behind: at 104 s 'early' is really at 1,248 m and 'fresh' at 1,224 m.
    for (const f of merge(
      ride(c, 'early', 5, 100, 5, (s) => 12 * s),
      ride(c, 'fresh', 1, 104, 1, (s) => 12 * s - 24),
    )) {
      state.addFix(f);
    }
    const standings = state.standings(at(104));
    const early = standings.riders.find((r) => r.riderId === 'early')!;
    const fresh = standings.riders.find((r) => r.riderId === 'fresh')!;
    expect(fresh.distance).toBeGreaterThan(early.distance);
    expect(early.estimatedDistance).toBeCloseTo(1248, 0);
    expect(fresh.estimatedDistance).toBeCloseTo(1224, 0);
    expect([early.rank, fresh.rank]).toEqual([1, 2]);
    // Carrying on stops at extrapolateMs (30 s): a rider silent for a minute is not moved on for a minute.
    expect(state.standings(at(160)).riders.find((r) => r.riderId === 'early')!.estimatedDistance).toBeCloseTo(
      1560,
      0,
    );
  });

  it('ranks an out-and-back by distance along the course, not by where riders are on the map', () => {
    const c = outAndBack();
    const total = c.course.length;
    const state = new StageState(c.course, [{ riderId: 'out' }, { riderId: 'back' }]);
    state.start(at(0));
    // At 300 s both are at 1,500 m from the start on the map, on opposite sides of the road.
    const back = (s: number) => ((total - 1500) * s) / 300;
    for (const f of merge(
      ride(c, 'out', 5, 300, 5, (s) => 5 * s),
      ride(c, 'back', 5, 300, 5, back),
    )) {
      state.addFix(f);
    }
    const [first, second] = state.standings(at(300)).riders;
    expect(first!.riderId).toBe('back');
    expect(first!.distance).toBeCloseTo(total - 1500, 0);
    expect(second!.riderId).toBe('out');
    expect(second!.distance).toBeCloseTo(1500, 0);
    expect(second!.gap).toBeCloseTo(300 - 1500 / ((total - 1500) / 300), 0);
  });

  it('ranks finishers by finish time first, then riders on the road, DNF decisions, and riders not started', () => {
    const c = straightCourse(2);
    const ids = ['fast', 'late-finisher', 'far', 'near', 'dnf', 'absent'];
    const state = new StageState(
      c.course,
      ids.map((riderId) => ({ riderId })),
    );
    state.start(at(0));
    const streams = [
      ride(c, 'fast', 5, 205, 5, (s) => 10 * s), // finishes at 200 s
      // Crosses between its fixes at 200 s (1,800 m) and 240 s (200 m past the end): finish at 220 s.
      [fix(c, 'late-finisher', at(200), 1800), fix(c, 'late-finisher', at(240), c.course.length + 200)],
      ride(c, 'far', 5, 240, 5, (s) => 7 * s),
      ride(c, 'near', 5, 240, 5, (s) => 5 * s),
      ride(c, 'dnf', 5, 240, 5, (s) => 8 * s),
    ];
    for (const f of merge(...streams)) state.addFix(f);
    state.setDnf('dnf', at(230));
    expect(order(state, 241)).toEqual([
      ['fast', 1, 'finished'],
      ['late-finisher', 2, 'finished'],
      ['far', 3, 'racing'],
      ['near', 4, 'racing'],
      ['dnf', 5, 'dnf'],
      ['absent', 6, 'not_started'],
    ]);
    const lateFinisher = state.standings(at(241)).riders[1]!;
    expect((lateFinisher.finishTime! - at(0)) / 1000).toBeCloseTo(220, 3);
    expect(state.reinstate('dnf')).toBe(true);
    expect(order(state, 241)[2]).toEqual(['dnf', 3, 'racing']);
    expect(state.setDnf('nobody', at(241))).toBe(false);
  });

  it('ranks a finisher ahead of a rider further along a course the finisher has completed', () => {
    // The late finisher's last fix lies 200 m past the line, further than the first finisher's: time decides.
    const c = straightCourse(2);
    const state = new StageState(c.course, [{ riderId: 'b' }, { riderId: 'a' }]);
    state.start(at(0));
    state.addFix(fix(c, 'a', at(100), 1990));
    state.addFix(fix(c, 'a', at(101), 2001));
    state.addFix(fix(c, 'b', at(100), 1980));
    state.addFix(fix(c, 'b', at(120), 2200));
    expect(order(state, 130).map(([id]) => id)).toEqual(['a', 'b']);
  });

  it('uses competition ranking for riders at the same distance (1, 2, 2, 4)', () => {
    const c = straightCourse(10);
    const state = new StageState(
      c.course,
      ['a', 'b', 'c', 'd'].map((riderId) => ({ riderId })),
    );
    state.start(at(0));
    for (const f of merge(
      ride(c, 'a', 5, 100, 5, (s) => 10 * s),
      ride(c, 'b', 5, 100, 5, (s) => 8 * s),
      ride(c, 'c', 5, 100, 5, (s) => 8 * s),
      ride(c, 'd', 5, 100, 5, (s) => 6 * s),
    ))
      state.addFix(f);
    expect(order(state, 101).map(([id, rank]) => [id, rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('keeps the furthest distance when GPS noise puts a rider a few metres back', () => {
    const c = straightCourse(10);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    state.addFix(fix(c, 'a', at(10), 100));
    state.addFix(fix(c, 'a', at(15), 92));
    expect(state.standings(at(16)).riders[0]!.distance).toBeCloseTo(100, 3);
  });
});
