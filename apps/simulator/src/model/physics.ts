// Cycling power balance: the speed at which a rider's power equals gravity + rolling resistance + air drag.
//   P·η = v·(m·g·sin θ + m·g·Crr·cos θ) + ½·ρ·CdA·v³

export const GRAVITY = 9.81;
/** Chain, bearings and hubs lose a few percent between the pedals and the road. */
export const DRIVETRAIN_EFFICIENCY = 0.975;
/** Tyres on good tarmac. */
export const ROLLING_RESISTANCE = 0.004;
/** Nobody in a bunch of amateurs descends faster than this. */
export const MAX_DESCENT_SPEED = 80 / 3.6;

export interface Body {
  /** Rider plus bike, kg. */
  mass: number;
  /** Drag area riding alone, m². */
  cda: number;
}

/** Air density (kg/m³) at an altitude, standard atmosphere at 15 °C. */
export function airDensity(elevation: number | null): number {
  return 1.225 * Math.exp(-(elevation ?? 0) / 8500);
}

/**
 * Steady speed (m/s) for a power (W) on a gradient (rise/run), solved by bisection: the cubic has exactly one
 * positive root when the power is positive. `cdaFactor` < 1 models drafting in a group.
 */
export function speedForPower(
  power: number,
  grade: number,
  body: Body,
  options: { cdaFactor?: number; rho?: number; maxSpeed?: number } = {},
): number {
  const theta = Math.atan(grade);
  const resist = body.mass * GRAVITY * (Math.sin(theta) + ROLLING_RESISTANCE * Math.cos(theta));
  const k = 0.5 * (options.rho ?? 1.225) * body.cda * (options.cdaFactor ?? 1);
  const target = Math.max(0, power) * DRIVETRAIN_EFFICIENCY;
  const maxSpeed = options.maxSpeed ?? MAX_DESCENT_SPEED;
  const excess = (v: number) => k * v * v * v + resist * v - target;
  if (excess(maxSpeed) <= 0) return maxSpeed;
  let lo = 0;
  let hi = maxSpeed;
  if (target === 0 && resist >= 0) return 0;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (excess(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** Power (W) needed to hold a speed: the inverse of speedForPower. */
export function powerForSpeed(
  speed: number,
  grade: number,
  body: Body,
  options: { cdaFactor?: number; rho?: number } = {},
): number {
  const theta = Math.atan(grade);
  const resist = body.mass * GRAVITY * (Math.sin(theta) + ROLLING_RESISTANCE * Math.cos(theta));
  const k = 0.5 * (options.rho ?? 1.225) * body.cda * (options.cdaFactor ?? 1);
  return Math.max(0, (k * speed ** 3 + resist * speed) / DRIVETRAIN_EFFICIENCY);
}

/**
 * How much of their power a rider puts out: full on the flat and uphill, easing off on descents (nobody
 * pedals hard at 70 km/h) down to a fifth on steep ones.
 */
export function descentPowerFactor(grade: number): number {
  if (grade >= -0.02) return 1;
  return Math.max(0.2, 1 + (grade + 0.02) * 13);
}

/**
 * Drag factor for a rider in a group of n: the bunch shelters most riders by 30–40 %, the front one hardly
 * at all, so the average rider of a big group pays about two thirds of the solo drag.
 */
export function draftFactor(groupSize: number): number {
  if (groupSize <= 1) return 1;
  return 1 - 0.34 * (1 - 1 / groupSize);
}
