// Attacks: at a planned moment one or two of the stronger riders of the biggest group go off the front,
// ride harder for a while, then pay for it.
import { type PlannedAttack, RECOVERY_FACTOR, RECOVERY_SECONDS } from './incidents.ts';
import type { Rng } from './prng.ts';

export interface AttackState {
  /** Launch the attacks due at second t from the current groups. */
  update(t: number, groups: readonly number[][], strength: (rider: number) => number): void;
  isAttacking(rider: number, t: number): boolean;
  /** Which attack (its launch order) the rider is riding in at t, or null. */
  attackOf(rider: number, t: number): number | null;
  /** Power factor from attacking (boost) or recovering from an attack (below 1). */
  powerFactor(rider: number, t: number): number;
  happened(): Array<{ riders: number[]; from: number; until: number }>;
}

interface Launched {
  riders: number[];
  from: number;
  until: number;
  boost: number;
}

export function createAttackState(planned: readonly PlannedAttack[], rng: Rng): AttackState {
  const queue = [...planned].sort((a, b) => a.at - b.at);
  const launched: Launched[] = [];
  const latest = new Map<number, Launched>();

  const current = (rider: number, t: number): Launched | undefined => {
    const attack = latest.get(rider);
    return attack && t >= attack.from && t < attack.until ? attack : undefined;
  };

  return {
    update(t, groups, strength) {
      while (queue.length > 0 && queue[0]!.at <= t) {
        const plan = queue.shift()!;
        const biggest = [...groups].sort((a, b) => b.length - a.length)[0];
        if (!biggest || biggest.length < 3) continue;
        // Fresh riders from the stronger half of the bunch.
        const fresh = biggest.filter((r) => {
          const last = latest.get(r);
          return !last || t >= last.until + RECOVERY_SECONDS;
        });
        const strong = [...fresh]
          .sort((a, b) => strength(b) - strength(a))
          .slice(0, Math.ceil(fresh.length / 2));
        const riders: number[] = [];
        while (riders.length < plan.riders && strong.length > 0) {
          riders.push(strong.splice(Math.floor(rng.next() * strong.length), 1)[0]!);
        }
        if (riders.length === 0) continue;
        const attack = { riders, from: t, until: t + plan.duration, boost: plan.boost };
        launched.push(attack);
        for (const r of riders) latest.set(r, attack);
      }
    },
    isAttacking: (rider, t) => current(rider, t) !== undefined,
    attackOf(rider, t) {
      const attack = current(rider, t);
      return attack === undefined ? null : launched.indexOf(attack);
    },
    powerFactor(rider, t) {
      const attack = latest.get(rider);
      if (!attack || t < attack.from) return 1;
      if (t < attack.until) return attack.boost;
      return t < attack.until + RECOVERY_SECONDS ? RECOVERY_FACTOR : 1;
    },
    happened: () => launched.map(({ riders, from, until }) => ({ riders: [...riders], from, until })),
  };
}
