// A seeded 20,000-rider gran fondo for the scoring benchmark (waves, a neutralised zone, gun and chip times,
// ages and categories), with a sanity check of the rankings.
import type { scoring } from '@echelon/domain';
import { random } from './peloton.ts';
import { clock } from './stage-race.ts';

export const FONDO_RIDERS = 20_000;
const WAVES = 10;
export const RACE_YEAR = 2025;
const GUN = 7 * 3600;

interface Fondo {
  riders: scoring.formats.FondoRider[];
  finishers: number;
  withAge: number;
}

export function buildFondo(seed: number, n: number): Fondo {
  const rand = random(seed);
  const perWave = Math.ceil(n / WAVES);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  let finishers = 0;
  let withAge = 0;
  const riders = Array.from({ length: n }, (_, i): scoring.formats.FondoRider => {
    const w = Math.floor(i / perWave);
    const waveStart = GUN + w * 300;
    const gender = rand() < 0.18 ? 'F' : 'M';
    const years = Math.round(Math.min(80, Math.max(17, 44 + 11 * normal())));
    const known = rand();
    const age = known < 0.7 ? { age: years } : known < 0.97 ? { birthYear: RACE_YEAR - years } : {};
    if (known < 0.97) withAge++;
    const category = rand() < 0.03 ? 'Elite' : rand() < 0.01 ? 'Para' : rand() < 0.9 ? 'Amateur' : null;
    // A wave of 2,000 takes about four minutes to roll over the start line; 1 % of chips are not read there.
    const startCrossing =
      rand() < 0.01 ? null : waveStart + Math.round((240 * (i % perWave)) / perWave + rand() * 8);
    const start = startCrossing ?? waveStart + 120;
    // Earlier waves are faster on average; 5 % do not finish.
    const ride = Math.min(
      9.5 * 3600,
      Math.max(3.3 * 3600, 5.2 * 3600 * Math.exp(0.16 * normal() + 0.015 * w)),
    );
    const dnf = rand() < 0.05;
    const enter = start + ride * 0.4;
    const held = 120 + rand() * 600; // a neutralised level crossing / town transit
    if (!dnf) finishers++;
    return {
      riderId: `f${String(i + 1).padStart(5, '0')}`,
      gender,
      ...age,
      category,
      wave: String.fromCharCode(65 + w),
      waveStart,
      startCrossing,
      // Finish mats publish whole seconds, so ties in gun and chip time are common.
      finish: dnf ? null : Math.round(start + ride + held),
      ...(!dnf && { neutralised: [[Math.round(enter), Math.round(enter + held)] as const] }),
    };
  });
  return { riders, finishers, withAge };
}

export function checkFondo(fondo: Fondo, out: scoring.formats.FondoResults) {
  const problems: string[] = [];
  const n = fondo.riders.length;
  const total = (m: Map<string, unknown[]>) => [...m.values()].reduce((s, l) => s + l.length, 0);
  const placed = out.overall.filter((l) => l.place !== null).length;
  if (out.overall.length !== n) problems.push(`overall has ${out.overall.length} of ${n}`);
  if (placed !== fondo.finishers) problems.push(`${placed} placed, expected ${fondo.finishers}`);
  if (total(out.byGender) !== n) problems.push('genders do not add up');
  if (total(out.byWave) !== n || out.byWave.size !== WAVES) problems.push('waves do not add up');
  if (total(out.byAgeGroup) !== fondo.withAge) problems.push(`age groups hold ${total(out.byAgeGroup)}`);
  if (out.overall[0]?.place !== 1) problems.push('no winner');
  let ties = 0;
  for (let i = 1; i < placed; i++) {
    const a = out.overall[i - 1]!;
    const b = out.overall[i]!;
    if (b.time! < a.time! || b.place! < a.place!) {
      problems.push(`overall out of order at ${i + 1}`);
      break;
    }
    if (b.place === a.place) ties++;
    if (b.chip! > b.gun!) {
      problems.push(`chip > gun for ${b.riderId}`);
      break;
    }
  }
  const summary =
    `${placed.toLocaleString('en-US')} placed of ${n.toLocaleString('en-US')}, ${ties} shared places, ` +
    `${out.byGender.size} genders, ${out.byAgeGroup.size} gender×age groups, ${out.byWave.size} waves, ` +
    `winner ${clock(out.overall[0]?.time ?? 0)}`;
  return { problems, summary };
}
