// The processor part of `npm run bench -- --cluster`: replay throughput with one and with two processor
// processes over the same backlog of fixes (see bench/cluster.ts for the whole run).
import type { Fix } from '@echelon/domain';
import { Kvm, KvWatchInclude } from '@nats-io/kv';
import { NatsBus } from '../../apps/server/src/live/nats-bus.ts';
import type { BenchCourse } from '../support/course.ts';
import { Peloton } from '../support/peloton.ts';
import type { BenchRace } from '../support/race.ts';
import { type Metric, metric, type Options } from '../support/report.ts';
import { sleep } from '../support/stats.ts';
import { type BenchCluster, cpuSeconds, NATS_URL, CLUSTER_RIDERS as RIDERS } from './harness.ts';

/**
 * Processing throughput with 1 and with 2 processor processes. One stage has one owner, so the work is
 * several stages at once: K races of RIDERS riders with `seconds` of fixes each, published straight to a
 * fresh fixes stream (prefix of its own per run, so nothing else competes) before the processors start.
 * Both processors are ready before the stages go live, then hear the go-live together and compete for the
 * leases, as in production.
 */
export async function processors(
  cluster: BenchCluster,
  course: BenchCourse,
  options: Options,
): Promise<Metric[]> {
  const stages = options.quick ? 4 : 8;
  const seconds = options.quick ? 200 : 900;
  const results: Array<{ n: number; perSecond: number; took: number; split: string }> = [];
  const total = stages * RIDERS * seconds;
  for (const n of [1, 2]) {
    const startAt = Date.now() - (seconds + 60) * 1000;
    const races: BenchRace[] = [];
    for (let k = 0; k < stages; k++)
      races.push(
        await cluster.setUpRace(course, {
          riders: RIDERS,
          startAt,
          tokens: false,
          live: false,
          name: `P${n}.${k}`,
        }),
      );
    const prefix = `${cluster.prefix}p${n}`;
    const bus = await NatsBus.connect({ servers: NATS_URL, prefix, name: 'bench' });
    const published = performance.now();
    await publishBacklog(bus, races, course, startAt, seconds);
    console.error(
      `  ${n} processor${n > 1 ? 's' : ''}: ${total.toLocaleString('en-US')} fixes of ${stages} stages in the stream in ${((performance.now() - published) / 1000).toFixed(1)} s`,
    );
    const procs = await Promise.all(
      Array.from({ length: n }, () =>
        cluster.spawn('processor', { NATS_PREFIX: prefix, LIVE_TICK_MS: '200' }),
      ),
    );
    await Promise.all(procs.map((p) => p.ready()));
    for (const race of races) await cluster.goLive(race, startAt);

    // Caught up: the stage's snapshot shows every rider's last fix.
    const lastFixAt = startAt + seconds * 1000;
    const kv = await new Kvm(bus.nc).open(`${prefix}_snapshots`);
    const pending = new Set(races.map((r) => r.stageId));
    const watch = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
    const cpuBefore = procs.map((p) => cpuSeconds(p.pid));
    const live = performance.now();
    const done = (async () => {
      for await (const entry of watch) {
        if (!pending.has(entry.key) || entry.operation !== 'PUT') continue;
        const snapshot = JSON.parse(entry.string()) as { riders: Array<{ fix: number | null }> };
        if (snapshot.riders.length === RIDERS && snapshot.riders.every((r) => r.fix === lastFixAt))
          pending.delete(entry.key);
        if (pending.size === 0) break;
      }
    })();
    // 100 ms apart: a processor busy replaying a stage is slower to the next lease, so the stages spread
    // over both (sent at once, whichever process answers first tends to take them all).
    for (const race of races) {
      bus.publishControl({
        type: 'status',
        raceId: race.raceId,
        stageId: race.stageId,
        status: 'live',
        at: startAt,
      });
      await sleep(100);
    }
    const limit = sleep(120_000).then(() => 'timeout');
    const outcome = await Promise.race([done, limit]);
    const took = (performance.now() - live) / 1000;
    const cpu = procs.reduce((sum, p, k) => sum + cpuSeconds(p.pid) - cpuBefore[k]!, 0);
    watch.stop();
    if (outcome === 'timeout') console.error(`  ${pending.size} stages never caught up`);
    const leases = await new Kvm(bus.nc).open(`${prefix}_leases`);
    const owners = new Map<string, number>();
    for (const race of races) {
      const entry = await leases.get(race.stageId);
      const owner = entry?.operation === 'PUT' ? entry.string() : 'none';
      owners.set(owner, (owners.get(owner) ?? 0) + 1);
    }
    const split = [...owners.values()].sort((a, b) => b - a).join('+');
    console.error(
      `  ${n} processor${n > 1 ? 's' : ''}: caught up in ${took.toFixed(1)} s, ${(cpu / took).toFixed(2)} cores busy, stages per owner ${split}`,
    );
    results.push({ n, perSecond: outcome === 'timeout' ? Number.NaN : total / took, took, split });
    await Promise.all(procs.map((p) => p.kill('SIGTERM')));
    await bus.close();
  }
  const [one, two] = results as [(typeof results)[0], (typeof results)[0]];
  const what = `${stages} stages × ${RIDERS} riders × ${seconds} s replayed from the stream`;
  return [
    metric(
      'processor_1_fixes_per_s',
      one.perSecond,
      'fixes/s',
      null,
      'min',
      `1 process; ${what}, ${one.took.toFixed(1)} s`,
    ),
    metric(
      'processor_2_fixes_per_s',
      two.perSecond,
      'fixes/s',
      null,
      'min',
      `2 processes, stages per owner ${two.split}; ${two.took.toFixed(1)} s`,
    ),
    metric(
      'processor_scaling',
      two.perSecond / one.perSecond,
      '×',
      null,
      'min',
      '2 processors over 1, 2 cores shared',
    ),
    metric(
      'processor_1_stages_per_s',
      stages / one.took,
      'stages/s',
      null,
      'min',
      `${RIDERS} riders × ${seconds} s each`,
    ),
    metric(
      'processor_2_stages_per_s',
      stages / two.took,
      'stages/s',
      null,
      'min',
      `${RIDERS} riders × ${seconds} s each`,
    ),
  ];
}

/** Each race's riders' fixes, in batches of 300 (as ingest publishes them: one batch per upload). */
async function publishBacklog(
  bus: NatsBus,
  races: BenchRace[],
  course: BenchCourse,
  startAt: number,
  seconds: number,
): Promise<void> {
  const peloton = Peloton.race(course.points, RIDERS);
  const BATCH = 300;
  const jobs: Array<() => Promise<unknown>> = [];
  for (const race of races) {
    for (let i = 0; i < RIDERS; i++) {
      const registrationId = race.riders[i]!.id;
      for (let from = 1; from <= seconds; from += BATCH) {
        jobs.push(() => {
          const fixes: Fix[] = [];
          for (let s = from; s < Math.min(from + BATCH, seconds + 1); s++) {
            const f = peloton.fix(i, s);
            fixes.push({
              riderId: registrationId,
              time: (startAt + s * 1000) as Fix['time'],
              lat: f.lat,
              lon: f.lon,
              accuracy: 5,
              speed: peloton.speeds[i]!,
              altitude: 1000,
              battery: 80,
            });
          }
          return bus.publishFixesAcked({ raceId: race.raceId, registrationId, fixes, sos: false });
        });
      }
    }
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}
