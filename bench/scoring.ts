// gc_21x180_ms: a full recompute of a 21-stage, 180-rider stage race from raw inputs — each stage scored from
// its crossings (same-time groups, final-kilometres rule, time limit), bonuses, then the GC, points, mountains
// and team classifications. granfondo_20k_ms: every published ranking of a 20,000-rider gran fondo (gun and
// chip times, overall, by gender, gender × age group, category and wave). Both pure, one core; the inputs are
// seeded synthetic races built before timing, and each output is checked for sanity (printed as the note).
import { scoring } from '@echelon/domain';
import { buildFondo, checkFondo, FONDO_RIDERS, RACE_YEAR } from './support/fondo.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { buildStageRace, checkStageRace, recompute } from './support/stage-race.ts';
import { median } from './support/stats.ts';

function timed<T>(run: () => T): { ms: number; out: T } {
  const started = performance.now();
  const out = run();
  return { ms: performance.now() - started, out };
}

/** Median of `runs` timings after `warmUp` untimed runs; the value is NaN when the output fails its check. */
function measure<T>(
  name: string,
  target: number,
  runs: number,
  warmUp: number,
  run: () => T,
  check: (out: T) => { problems: string[]; summary: string },
): Metric {
  for (let i = 0; i < warmUp; i++) run();
  const times: number[] = [];
  let out: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = timed(run);
    times.push(t.ms);
    out = t.out;
  }
  const { problems, summary } = check(out!);
  const ms = median(times);
  if (problems.length > 0) {
    console.error(`  ${name}: output check failed: ${problems.join('; ')}`);
    return metric(
      name,
      Number.NaN,
      'ms',
      target,
      'max',
      `CHECK FAILED (${ms.toFixed(1)} ms): ${problems[0]}`,
    );
  }
  return metric(name, ms, 'ms', target, 'max', `median of ${runs}; ${summary}`);
}

export async function benchScoring(options: Options): Promise<Metric[]> {
  const race = buildStageRace(21);
  const fondo = buildFondo(2025, FONDO_RIDERS);
  const config = { basis: 'gun' as const, raceYear: RACE_YEAR };
  return [
    measure(
      'gc_21x180_ms',
      50,
      options.quick ? 9 : 25,
      options.quick ? 3 : 5,
      () => recompute(race),
      (out) => checkStageRace(race, out),
    ),
    measure(
      'granfondo_20k_ms',
      500,
      options.quick ? 3 : 7,
      options.quick ? 1 : 2,
      () => scoring.formats.fondoResults(fondo.riders, config),
      (out) => checkFondo(fondo, out),
    ),
  ];
}
