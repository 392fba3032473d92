import { describe, expect, it } from 'vitest';
import { nameGroups } from '../../src/live/groups.ts';
import { StageState } from '../../src/live/stage-state.ts';
import { at, merge, ride, straightCourse } from './live-helpers.ts';

describe('gaps from positions (scenario 28)', () => {
  it('leader passes 85 km at 10:00:00, chaser at 10:02:15 → gap 2:15', () => {
    const c = straightCourse(100);
    const state = new StageState(c.course, [{ riderId: 'leader' }, { riderId: 'chaser' }]);
    const startS = -6800; // 08:06:40: the leader, at 12.5 m/s, is at 85 km at 10:00:00
    state.start(at(startS));
    // Fixes every 5 s, offset so that no fix lands on 85 km: the time there is interpolated.
    const leader = ride(c, 'leader', startS + 2, 135, 5, (s) => 12.5 * (s - startS));
    // The chaser rides at 12.3 m/s and its last fix puts it at exactly 85 km at 10:02:15.
    const chaser = ride(c, 'chaser', startS + 5, 135, 5, (s) => Math.max(0, 85_000 - 12.3 * (135 - s)));
    for (const f of merge(leader, chaser)) state.addFix(f);
    const standings = state.standings(at(135));
    const [first, second] = standings.riders;
    expect(first!.riderId).toBe('leader');
    expect(first!.gap).toBe(0);
    expect(second!.riderId).toBe('chaser');
    expect(second!.distance).toBeCloseTo(85_000, 3);
    expect(second!.gap).toBeCloseTo(135, 2);
  });

  it('does not use distance ÷ speed: a chaser at the same distance but slower still trails by time', () => {
    // Leader passed 5 km at 500 s and rode away; the chaser reaches 5 km at 700 s, much slower.
    const c = straightCourse(20);
    const state = new StageState(c.course, [{ riderId: 'a' }, { riderId: 'b' }]);
    state.start(at(0));
    const a = ride(c, 'a', 5, 700, 5, (s) => 10 * s);
    const b = ride(c, 'b', 5, 700, 5, (s) => (5000 * s) / 700);
    for (const f of merge(a, b)) state.addFix(f);
    const gap = state.standings(at(700)).riders[1]!.gap;
    expect(gap).toBeCloseTo(200, 1);
  });

  it('gives finishers the difference of their finish times', () => {
    const c = straightCourse(2);
    const state = new StageState(c.course, [{ riderId: 'a' }, { riderId: 'b' }]);
    state.start(at(0));
    for (const f of merge(
      ride(c, 'a', 5, 215, 5, (s) => 10 * s),
      ride(c, 'b', 5, 260, 5, (s) => 8 * s),
    ))
      state.addFix(f);
    const [a, b] = state.standings(at(300)).riders;
    expect(a!.gap).toBe(0);
    expect(b!.gap).toBeCloseTo(250 - 200, 3);
  });
});

describe('groups', () => {
  /**
   * A field on a straight road at 11 m/s, everyone starting at 10:00:00 but setting off after a delay: one
   * rider alone in front, a 10-rider peloton 60 s back (riders 1 s apart), a trio 150 s back and a rider
   * stopped by the road (not racing, so in no group).
   */
  function field() {
    const c = straightCourse(50);
    const delays: Array<[string, number]> = [['breakaway', 0]];
    for (let i = 0; i < 10; i++) delays.push([`p${i}`, 60 + i]);
    for (let i = 0; i < 3; i++) delays.push([`t${i}`, 150 + 2 * i]);
    const state = new StageState(c.course, [
      ...delays.map(([riderId]) => ({ riderId })),
      { riderId: 'stopped' },
    ]);
    state.start(at(0));
    const streams = delays.map(([id, delay]) =>
      ride(c, id, 5, 1800, 5, (s) => Math.max(0, 11 * (s - delay))),
    );
    streams.push(ride(c, 'stopped', 5, 1800, 5, (s) => Math.min(11 * s, 10_000)));
    for (const f of merge(...streams)) state.addFix(f);
    return state.standings(at(1801));
  }

  it('names the leaders, the peloton and the groups by position, with the head’s gap', () => {
    const { groups, riders } = field();
    expect(groups.map((g) => [g.index, g.name, g.riderIds.length])).toEqual([
      [1, 'Leaders', 1],
      [2, 'Peloton', 10],
      [3, 'Group 3', 3],
    ]);
    expect(groups[0]!.riderIds).toEqual(['breakaway']);
    expect(groups[1]!.gap).toBeCloseTo(60, 1);
    expect(groups[2]!.gap).toBeCloseTo(150, 1);
    const stopped = riders.find((r) => r.riderId === 'stopped')!;
    expect(stopped.condition).toBe('stopped');
    expect(stopped.group).toBeNull();
    expect(riders.find((r) => r.riderId === 'p9')!.group).toBe(2);
    expect(riders.find((r) => r.riderId === 'p9')!.gap).toBeCloseTo(69, 1);
  });

  it('splits on the time gap to the rider ahead, not to the head of the group', () => {
    // Riders 4 s apart in a line: every link is within 5 s, so they are one group despite 36 s end to end.
    const c = straightCourse(30);
    const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
    const state = new StageState(
      c.course,
      ids.map((riderId) => ({ riderId })),
    );
    state.start(at(0));
    for (const f of merge(
      ...ids.map((id, i) => ride(c, id, 5, 1200, 5, (s) => Math.max(0, 11 * (s - 4 * i)))),
    ))
      state.addFix(f);
    const { groups } = state.standings(at(1201));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.name).toBe('Peloton');
  });

  it('names groups by size, ties going to the group further ahead', () => {
    expect(nameGroups([1, 40, 3])).toEqual(['Leaders', 'Peloton', 'Group 3']);
    expect(nameGroups([5, 8, 8, 2])).toEqual(['Leaders', 'Peloton', 'Group 3', 'Group 4']);
    expect(nameGroups([1, 1])).toEqual(['Leaders', 'Peloton']);
    expect(nameGroups([60, 3])).toEqual(['Peloton', 'Group 2']);
    expect(nameGroups([12])).toEqual(['Peloton']);
    expect(nameGroups([1])).toEqual(['Leaders']);
    expect(nameGroups([])).toEqual([]);
  });
});
