// The race, second by second: every rider's true distance along the course until they finish or abandon.
import type { SimCourse } from './course.ts';
import { formGroups, groupSpeeds, type MemberSpeeds } from './groups.ts';
import type { Incidents } from './incidents.ts';
import { airDensity, descentPowerFactor, draftFactor, speedForPower } from './physics.ts';
import type { Rng } from './prng.ts';
import { fatigueFactor, type RiderProfile } from './riders.ts';
import { type AttackState, createAttackState } from './tactics.ts';

export interface RiderTrack {
  /** True distance along the course (all laps), metres, at t = 0, 1, 2 … s after the start. */
  distance: Float64Array;
  /** True speed, m/s, at the same instants. */
  speed: Float32Array;
  /** Seconds after the start the rider crossed the finish line (interpolated), or null. */
  finishTime: number | null;
  /** Seconds after the start the rider abandoned (or was still out at the time limit), or null. */
  dnfTime: number | null;
}

export interface RaceRun {
  tracks: RiderTrack[];
  incidents: Incidents;
  /** The attacks as they happened: who went, from when to when (s). */
  attacks: Array<{ riders: number[]; from: number; until: number }>;
  /** Seconds until the last rider finished or abandoned. */
  duration: number;
}

/** Acceleration limits, m/s per second: riders speed up gradually and brake harder. */
const MAX_ACCELERATION = 0.8;
const MAX_DECELERATION = 1.5;
/** Day-to-day form wanders around 1 with ~2 % spread over a couple of minutes. */
const FORM_REVERSION = 0.01;
const FORM_STEP_SD = 0.003;

export function simulateRace(
  course: SimCourse,
  riders: readonly RiderProfile[],
  incidents: Incidents,
  rng: Rng,
  maxSeconds = 16 * 3600,
): RaceRun {
  const n = riders.length;
  const distance = new Float64Array(n);
  const speed = new Float64Array(n);
  const form = new Float64Array(n).fill(1);
  const formRng = riders.map((_, i) => rng.fork(1000 + i));
  const history = riders.map(() => ({ distance: [0], speed: [0] }));
  const finishTime: Array<number | null> = riders.map(() => null);
  const dnfTime: Array<number | null> = riders.map(() => null);
  const active = new Set(riders.map((_, i) => i));
  const attacks: AttackState = createAttackState(incidents.attacks, rng.fork(7));
  const { crash, abandon } = incidents;

  let t = 0;
  while (active.size > 0 && t < maxSeconds) {
    // Step from t to t + 1, with the groups as they are at t.
    if (abandon && abandon.at <= t && active.has(abandon.rider)) {
      active.delete(abandon.rider);
      dnfTime[abandon.rider] = t;
    }
    const onGround = (i: number) =>
      crash !== null && crash.rider === i && t >= crash.at && t < crash.at + crash.stopFor;
    const moving = [...active].filter((i) => !onGround(i));
    const groups = formGroups(moving, distance, speed);
    attacks.update(t, groups, (i) => riders[i]!.power / riders[i]!.body.mass);

    const target = new Map<number, number>();
    for (const group of groups) {
      const own = new Map<number, MemberSpeeds>();
      const pack = group.filter((i) => !attacks.isAttacking(i, t));
      // Riders of one attack in this group ride together, sheltering each other, away from the rest.
      const away = new Map<number, number[]>();
      for (const i of group) {
        const id = attacks.attackOf(i, t);
        if (id !== null) away.set(id, [...(away.get(id) ?? []), i]);
      }
      for (const i of group) {
        const rider = riders[i]!;
        const grade = course.gradeAt(distance[i]!);
        const rho = airDensity(course.positionAt(distance[i]!).ele);
        let power = rider.power * fatigueFactor(rider, t / 3600) * form[i]! * attacks.powerFactor(i, t);
        if (crash && crash.rider === i && t >= crash.at) power *= crash.afterwards;
        power *= descentPowerFactor(grade);
        const options = { rho, maxSpeed: rider.descentCap };
        const solo = speedForPower(power, grade, rider.body, options);
        const attack = attacks.attackOf(i, t);
        const shelterSize = attack === null ? pack.length : away.get(attack)!.length;
        const sheltered = speedForPower(power, grade, rider.body, {
          ...options,
          cdaFactor: draftFactor(shelterSize),
        });
        own.set(i, { solo, sheltered });
      }
      for (const [i, v] of groupSpeeds(pack, own, distance)) target.set(i, v);
      for (const members of away.values()) {
        for (const [i, v] of groupSpeeds(members, own, distance)) target.set(i, v);
      }
    }

    for (const i of active) {
      const wanted = target.get(i) ?? 0;
      const previous = speed[i]!;
      let v = onGround(i)
        ? 0
        : Math.min(previous + MAX_ACCELERATION, Math.max(previous - MAX_DECELERATION, wanted));
      v = Math.max(0, v);
      const walk = formRng[i]!;
      form[i] = form[i]! + FORM_REVERSION * (1 - form[i]!) + walk.normal(0, FORM_STEP_SD);
      const before = distance[i]!;
      let after = before + v;
      if (after >= course.length) {
        finishTime[i] = t + (v > 0 ? (course.length - before) / v : 1);
        after = course.length;
        active.delete(i);
      }
      distance[i] = after;
      speed[i] = v;
      history[i]!.distance.push(after);
      history[i]!.speed.push(v);
    }
    t++;
  }
  for (const i of active) dnfTime[i] = t; // still out at the time limit

  return {
    tracks: history.map((h, i) => ({
      distance: Float64Array.from(h.distance),
      speed: Float32Array.from(h.speed),
      finishTime: finishTime[i]!,
      dnfTime: dnfTime[i]!,
    })),
    incidents,
    attacks: attacks.happened(),
    duration: t,
  };
}
