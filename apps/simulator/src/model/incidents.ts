// What happens in the race besides riding: one crash, one abandon, a breakaway that goes early, a chasing
// group that goes after it, and a few short attacks, drawn in advance.
import type { Rng } from './prng.ts';

export interface Crash {
  rider: number;
  /** Seconds after the start. */
  at: number;
  /** Seconds on the ground before riding on. */
  stopFor: number;
  /** Power factor for the rest of the race. */
  afterwards: number;
}

export interface Abandon {
  rider: number;
  /** Seconds after the start: the rider stops and the phone falls silent for good. */
  at: number;
}

export interface PlannedAttack {
  /** Seconds after the start. Who attacks is chosen then, from the biggest group. */
  at: number;
  /** How many riders go: 1 or 2 for a short attack, a handful for the breakaway and the chase. */
  riders: number;
  /** Seconds off the front (the breakaway and the chase ride to the finish). */
  duration: number;
  /** Power factor while attacking. */
  boost: number;
}

export interface Incidents {
  crash: Crash | null;
  abandon: Abandon | null;
  attacks: PlannedAttack[];
}

export interface IncidentOptions {
  crash?: boolean;
  abandon?: boolean;
  /** Short attacks, and the breakaway and chase (which need at least 15 riders). */
  attacks?: boolean;
}

/** A field this big has a breakaway and a chasing group. */
export const BREAKAWAY_MIN_FIELD = 15;
/** Long enough to be "until the finish" for any race. */
const TO_THE_FINISH = 48 * 3600;

/** After an attack the rider pays: this power factor for RECOVERY_SECONDS. */
export const RECOVERY_FACTOR = 0.9;
export const RECOVERY_SECONDS = 600;

/**
 * Incidents for a race of `riders` expected to last about `estimatedSeconds`. The crash and the abandon hit
 * two different riders (the abandon needs at least two riders).
 */
export function planIncidents(
  rng: Rng,
  riders: number,
  estimatedSeconds: number,
  options: IncidentOptions = {},
): Incidents {
  const crashRider = riders > 0 ? rng.int(0, riders - 1) : -1;
  let abandonRider = riders > 1 ? rng.int(0, riders - 2) : -1;
  if (abandonRider >= crashRider && abandonRider >= 0) abandonRider++;

  const crash: Crash | null =
    options.crash !== false && crashRider >= 0
      ? {
          rider: crashRider,
          at: Math.round(estimatedSeconds * rng.uniform(0.2, 0.6)),
          stopFor: rng.int(110, 130),
          afterwards: rng.uniform(0.82, 0.88),
        }
      : null;
  const abandon: Abandon | null =
    options.abandon !== false && abandonRider >= 0
      ? { rider: abandonRider, at: Math.round(estimatedSeconds * rng.uniform(0.3, 0.75)) }
      : null;

  const attacks: PlannedAttack[] = [];
  if (options.attacks !== false && riders >= 3) {
    const count = Math.max(1, Math.round((estimatedSeconds / 3600) * 1.5));
    for (let i = 0; i < count; i++) {
      attacks.push({
        at: Math.round(estimatedSeconds * rng.uniform(0.1, 0.85)),
        riders: rng.chance(0.35) ? 2 : 1,
        duration: rng.int(120, 600),
        boost: rng.uniform(1.25, 1.45),
      });
    }
    if (riders >= BREAKAWAY_MIN_FIELD) {
      // The day's breakaway goes early and rides harder to the finish; later a few riders chase it.
      attacks.push({
        at: Math.round(estimatedSeconds * rng.uniform(0.04, 0.1)),
        riders: rng.int(3, 5),
        duration: TO_THE_FINISH,
        boost: rng.uniform(1.22, 1.3),
      });
      attacks.push({
        at: Math.round(estimatedSeconds * rng.uniform(0.2, 0.3)),
        riders: rng.int(4, 7),
        duration: TO_THE_FINISH,
        boost: rng.uniform(1.15, 1.2),
      });
    }
    attacks.sort((a, b) => a.at - b.at);
  }
  return { crash, abandon, attacks };
}
