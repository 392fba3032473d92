// A quick estimate of how long the race lasts, to place incidents before the race is simulated.
import type { SimCourse } from './course.ts';
import { airDensity, descentPowerFactor, draftFactor, speedForPower } from './physics.ts';
import { referenceRider, WKG_MEAN } from './riders.ts';

/** Seconds an average rider of the field takes, sheltered in a bunch of `fieldSize`, in 10 s steps. */
export function estimateDuration(course: SimCourse, fieldSize: number): number {
  const rider = referenceRider(WKG_MEAN);
  const cdaFactor = draftFactor(fieldSize);
  const step = 10;
  let distance = 0;
  let t = 0;
  while (distance < course.length && t < 48 * 3600) {
    const grade = course.gradeAt(distance);
    const rho = airDensity(course.positionAt(distance).ele);
    const power = rider.power * descentPowerFactor(grade);
    distance += step * speedForPower(power, grade, rider.body, { cdaFactor, rho });
    t += step;
  }
  return t;
}
