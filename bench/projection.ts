// projection_per_s: CourseProjector on the 138 km stage-4 course, fed the way StageState feeds it — a
// peloton of riders moving ~10 m per fix with ±5 m of GPS error, in time order, each projection hinted
// with the rider's previous distance and segment and a reach of dt × 30 m/s + 60 m. One core.
import { CourseProjector, metres } from '@echelon/domain';
import { benchProjectionPeers } from './peers/projection-peers.ts';
import { loadStage4 } from './support/course.ts';
import { Peloton } from './support/peloton.ts';
import { type Metric, metric, type Options, withPeers } from './support/report.ts';
import { median } from './support/stats.ts';

const RIDERS = 200;
/** Seconds between two fixes of a rider (~10 m at 9–11 m/s). */
const DT = 1;
const REACH = DT * 30 + 60;
/** A projection this far from the true distance is counted as misplaced (a correctness check, not speed). */
const MISPLACED = 50;

interface Stream {
  steps: number;
  lat: Float64Array;
  lon: Float64Array;
  truth: Float64Array;
}

/** Every rider's fixes, step by step (time order), prepared before timing. */
function buildStream(peloton: Peloton, steps: number): Stream {
  const n = steps * RIDERS;
  const stream = { steps, lat: new Float64Array(n), lon: new Float64Array(n), truth: new Float64Array(n) };
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < RIDERS; i++) {
      const f = peloton.fix(i, s * DT);
      const k = s * RIDERS + i;
      stream.lat[k] = f.lat;
      stream.lon[k] = f.lon;
      stream.truth[k] = f.distance;
    }
  }
  return stream;
}

/**
 * Projects the stream once; returns seconds taken and how many projections landed far from the truth.
 * `out` receives each fix's distance along the course (the peers are compared with it).
 */
function pass(projector: CourseProjector, stream: Stream, steps: number, out?: Float64Array) {
  const within = new Float64Array(RIDERS);
  const segment = new Int32Array(RIDERS);
  let misplaced = 0;
  const started = performance.now();
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < RIDERS; i++) {
      const k = s * RIDERS + i;
      const hint =
        s === 0 ? null : { distance: metres(within[i]!), segment: segment[i]!, reach: metres(REACH) };
      const p = projector.project(stream.lat[k]!, stream.lon[k]!, hint);
      within[i] = p.distance;
      segment[i] = p.segment;
      if (out) out[k] = p.distance;
      if (Math.abs(p.distance - stream.truth[k]!) > MISPLACED) misplaced++;
    }
  }
  return { seconds: (performance.now() - started) / 1000, misplaced };
}

export async function benchProjection(options: Options): Promise<Metric[]> {
  const course = loadStage4();
  const projector = new CourseProjector(course.points);
  // Full: the peloton rides the whole stage (start to finish). Quick: riders spread along the stage,
  // each riding a stretch of it, so the whole course is still covered.
  const steps = options.quick ? 1500 : Math.ceil(course.length / 9.8);
  const peloton = new Peloton(course.points, {
    riders: RIDERS,
    minSpeed: options.quick ? 9 : 9.8,
    maxSpeed: options.quick ? 11 : 10.2,
    startSpread: options.quick ? course.length - steps * 11 : 200,
  });
  const stream = buildStream(peloton, steps);

  pass(projector, stream, Math.min(steps, 500)); // warm-up: let the JIT settle
  const repeats = 3;
  const rates: number[] = [];
  let misplaced = 0;
  for (let r = 0; r < repeats; r++) {
    const result = pass(projector, stream, steps);
    rates.push((steps * RIDERS) / result.seconds);
    misplaced = result.misplaced;
  }
  const total = steps * RIDERS;
  const perS = metric(
    'projection_per_s',
    median(rates),
    'projections/s',
    1_000_000,
    'min',
    `median of ${repeats} × ${total.toLocaleString('en-US')}`,
  );
  const peers: Metric[] = [];
  if (options.peers) {
    const distances = new Float64Array(total);
    pass(projector, stream, steps, distances);
    const figures = benchProjectionPeers(course.points, stream, distances, options.quick ? 2000 : 5000);
    peers.push(
      withPeers(
        perS,
        figures.map((f) => ({ name: f.name, value: f.perS })),
      ),
    );
    for (const f of figures) {
      const a = f.agreement;
      peers.push(
        metric(
          `projection_agreement_${f.name.split(' ')[0]!.toLowerCase().replace('-', '_')}_p99_m`,
          a.p99,
          'm',
          null,
          'max',
          `${f.name} vs Echelon along the course, ${f.samples.toLocaleString('en-US')} fixes: p50 ${a.p50.toFixed(2)} m, max ${a.max.toFixed(1)} m, ${(100 * a.beyond50m).toFixed(2)} % beyond 50 m`,
        ),
      );
    }
  }
  return [
    peers[0] ?? perS,
    ...peers.slice(1),
    metric(
      'projection_misplaced_pct',
      (100 * misplaced) / total,
      '%',
      null,
      'max',
      `> ${MISPLACED} m from the truth`,
    ),
  ];
}
