import { describe, expect, it } from 'vitest';
import { buildCourse } from '../src/model/course.ts';
import { formGroups } from '../src/model/groups.ts';
import { planModelRace } from '../src/model/plan-race.ts';
import { rolling, syntheticCourse } from './support/courses.ts';

const course = buildCourse({ points: syntheticCourse(20_000, rolling), lapCount: 1 });
const plan = planModelRace(course, 20, 7);

describe('the race model', () => {
  it('is deterministic for a seed and different for another', () => {
    const again = planModelRace(course, 20, 7);
    expect(again.fixes).toEqual(plan.fixes);
    expect(again.run.tracks.map((t) => t.finishTime)).toEqual(plan.run.tracks.map((t) => t.finishTime));
    const other = planModelRace(course, 20, 8);
    expect(other.run.tracks.map((t) => t.finishTime)).not.toEqual(plan.run.tracks.map((t) => t.finishTime));
  });

  it('brings every rider but the abandon to the finish at plausible speeds', () => {
    const { abandon } = plan.run.incidents;
    expect(abandon).not.toBeNull();
    plan.run.tracks.forEach((track, i) => {
      if (i === abandon!.rider) return;
      expect(track.finishTime).not.toBeNull();
      expect(track.distance.at(-1)).toBeCloseTo(course.length, 6);
      const kmh = (course.length / track.finishTime!) * 3.6;
      expect(kmh).toBeGreaterThan(20);
      expect(kmh).toBeLessThan(50);
    });
  });

  it('rides slower up the climb than on the flat, and faster down', () => {
    const speedOver = (from: number, to: number) => {
      const rates: number[] = [];
      for (const track of plan.run.tracks) {
        const a = track.distance.findIndex((d) => d >= from);
        const b = track.distance.findIndex((d) => d >= to);
        if (a >= 0 && b > a) rates.push((to - from) / (b - a));
      }
      return rates.reduce((s, v) => s + v, 0) / rates.length;
    };
    const flat = speedOver(1000, 3500);
    expect(speedOver(4500, 5800)).toBeLessThan(flat * 0.6);
    expect(speedOver(6300, 7800)).toBeGreaterThan(flat);
  });

  it('keeps riders together in groups and splits them on the climb', () => {
    // At the foot of the climb most riders are within a few seconds of another rider.
    const at = (s: number) => plan.run.tracks.map((t) => t.distance[Math.min(s, t.distance.length - 1)]!);
    const foot = plan.run.tracks[0]!.distance.findIndex((d) => d >= 3900);
    const positions = at(foot).sort((a, b) => b - a);
    const close = positions.filter((d, i) => i > 0 && positions[i - 1]! - d < 25).length;
    expect(close).toBeGreaterThan(10);
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    const finishTimes = plan.run.tracks.map((t) => t.finishTime).filter((t) => t !== null);
    expect(spread(finishTimes)).toBeGreaterThan(60);
  });

  it('stops the crash rider for about two minutes, who then loses time', () => {
    const crash = plan.run.incidents.crash!;
    const track = plan.run.tracks[crash.rider]!;
    const stopped = track.distance.slice(crash.at + 5, crash.at + crash.stopFor);
    expect(new Set(stopped).size).toBe(1);
    expect(crash.stopFor).toBeGreaterThanOrEqual(110);
    expect(crash.stopFor).toBeLessThanOrEqual(130);
    const clean = planModelRace(course, 20, 7, { crash: false });
    const before = clean.run.tracks[crash.rider]!.finishTime!;
    expect(track.finishTime! - before).toBeGreaterThan(100);
  });

  it('stops the abandon for good: no more distance and no more fixes', () => {
    const abandon = plan.run.incidents.abandon!;
    const track = plan.run.tracks[abandon.rider]!;
    expect(track.finishTime).toBeNull();
    expect(track.dnfTime).toBe(abandon.at);
    expect(track.distance.length).toBe(abandon.at + 1);
    const last = Math.max(...plan.fixes.filter((f) => f.rider === abandon.rider).map((f) => f.t));
    expect(last).toBeLessThan(abandon.at * 1000);
    expect(last).toBeGreaterThan((abandon.at - 300) * 1000);
  });

  it('launches attacks off the front of a group', () => {
    expect(plan.run.attacks.length).toBeGreaterThan(0);
    const attack = plan.run.attacks[0]!;
    expect(attack.riders.length).toBeGreaterThanOrEqual(1);
    expect(attack.until - attack.from).toBeGreaterThanOrEqual(120);
  });

  it('gives a field of 40 a breakaway, a chasing group and a peloton', () => {
    const flat = buildCourse({ points: syntheticCourse(40_000), lapCount: 1 });
    for (const seed of [1, 2, 3]) {
      const race = planModelRace(flat, 40, seed, { crash: false, abandon: false });
      const [breakaway, chase] = race.run.attacks.filter((a) => a.riders.length >= 3);
      expect(breakaway!.riders.length).toBeGreaterThanOrEqual(3);
      expect(chase!.riders.length).toBeGreaterThanOrEqual(4);
      // Two thirds into the race, on the road: the break, the chase, then the bunch, 5 s apart or more.
      const t = Math.round((race.run.duration * 2) / 3);
      const distance = race.run.tracks.map(
        (track) => track.distance[Math.min(t, track.distance.length - 1)]!,
      );
      const groups = formGroups(
        distance.map((_, i) => i),
        distance,
        distance.map(() => 12),
        5,
      );
      expect(
        groups[0]!.every((i) => breakaway!.riders.includes(i)),
        `seed ${seed}`,
      ).toBe(true);
      expect(
        groups[1]!.every((i) => chase!.riders.includes(i)),
        `seed ${seed}`,
      ).toBe(true);
      const peloton = Math.max(...groups.map((g) => g.length));
      expect(peloton, `seed ${seed}`).toBeGreaterThanOrEqual(20);
      expect(groups.length, `seed ${seed}`).toBeLessThanOrEqual(6);
    }
  });

  it('rides every lap of a circuit', () => {
    const circuit = buildCourse({ points: syntheticCourse(3000, () => 200, true), lapCount: 4 });
    const laps = planModelRace(circuit, 5, 3, { crash: false, abandon: false });
    for (const track of laps.run.tracks) {
      expect(track.distance.at(-1)).toBeCloseTo(4 * circuit.lapLength, 6);
      const kmh = ((4 * circuit.lapLength) / track.finishTime!) * 3.6;
      expect(kmh).toBeGreaterThan(30); // a bunch of five on a flat circuit
      expect(kmh).toBeLessThan(52);
    }
  });
});
