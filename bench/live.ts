// live_standings_200_ms, live_standings_2000_ms: StageState.standings — order, gaps and groups on the one
// time base of the tick (every rider's smoothed position carried to the same instant) — for a race of 200
// and of 2,000 riders on the 138 km stage-4 course, one core. The race (support/peloton.ts: breakaway,
// chase, bunch, stragglers) is ridden for some minutes first, each phone on its own phase and interval
// (1–10 s) with metres of noise, so trails, gaps and groups are those of a race under way; then each tick
// feeds that second's fixes (not timed) and times one standings call.
import { type Fix, type LiveCourse, metres, StageState } from '@echelon/domain';
import { loadStage4 } from './support/course.ts';
import { Peloton, random } from './support/peloton.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { median, quantile } from './support/stats.ts';

const T0 = Date.UTC(2025, 6, 8, 11, 0, 0);

interface Phone {
  interval: number;
  next: number;
}

function bench(
  course: LiveCourse,
  points: Parameters<typeof Peloton.race>[0],
  riders: number,
  history: number,
  ticks: number,
) {
  const peloton = Peloton.race(points, riders);
  const ids = Array.from({ length: riders }, (_, i) => `r${i}`);
  const state = new StageState(
    course,
    ids.map((riderId) => ({ riderId })),
  );
  state.start(T0 as never);
  const rand = random(11);
  const phones: Phone[] = ids.map(() => {
    const interval = 1 + Math.floor(rand() * 10);
    return { interval, next: 1 + rand() * interval };
  });
  const feedUntil = (second: number) => {
    for (let i = 0; i < riders; i++) {
      const phone = phones[i]!;
      while (phone.next <= second) {
        const { lat, lon } = peloton.fix(i, phone.next);
        const fix: Fix = {
          riderId: ids[i]!,
          time: (T0 + Math.round(phone.next * 1000)) as Fix['time'],
          lat,
          lon,
          accuracy: 8,
          speed: null,
          altitude: null,
          battery: null,
        };
        state.addFix(fix);
        phone.next += phone.interval;
      }
    }
  };
  feedUntil(history);
  const times: number[] = [];
  let groups = 0;
  let gapless = 0;
  for (let s = history + 1; s <= history + ticks; s++) {
    feedUntil(s);
    const started = performance.now();
    const standings = state.standings((T0 + s * 1000) as Fix['time']);
    times.push(performance.now() - started);
    groups = standings.groups.length;
    gapless = standings.riders.filter((r) => r.condition === 'racing' && r.gap === null).length;
  }
  return { times, groups, gapless };
}

export async function benchLive(options: Options): Promise<Metric[]> {
  const stage4 = loadStage4();
  const course: LiveCourse = {
    points: stage4.points,
    lapLength: metres(stage4.length),
    lapCount: 1,
    length: metres(stage4.length),
    checkpoints: [{ id: 'finish', kind: 'finish', name: 'Finish', distance: metres(stage4.length) }],
  };
  const history = options.quick ? 300 : 900;
  const ticks = options.quick ? 30 : 120;
  const out: Metric[] = [];
  for (const [riders, target] of [
    [200, 2],
    [2000, 20],
  ] as const) {
    const { times, groups, gapless } = bench(course, stage4.points, riders, history, ticks);
    out.push(
      metric(
        `live_standings_${riders}_ms`,
        median(times),
        'ms',
        target,
        'max',
        `per tick, median of ${ticks} after ${history} s of race; p99 ${quantile(times, 0.99).toFixed(2)} ms; ` +
          `${groups} groups, ${gapless} racing riders without a gap`,
      ),
    );
  }
  return out;
}
