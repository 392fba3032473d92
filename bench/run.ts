// `npm run bench [-- --quick] [-- --only projection,live,ingest,fanout,scoring,reads,readspg,live3000,livepage]`: runs the benchmarks, prints each
// metric with its target, and writes bench/results/latest.json. `-- --cluster` measures ingest and fan-out
// on a cluster of role processes instead (bench/cluster.ts: NATS, PostgreSQL, 2 ingest, 2 processors,
// 2 gateways), plus one processor against two, and writes bench/results/latest-cluster.json. Performance is measured here, never by
// timed tests. --quick uses smaller sizes and finishes in under a minute; --profile CPU-profiles the
// measured windows of ingest and fanout (bench/results/*.cpuprofile.json) and prints the hot spots;
// --peers measures the peers too (bench/peers/: Socket.IO and bare ws fan-out, Turf and cheap-ruler).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchFanout } from './fanout.ts';
import { benchFinish, benchFinishPostgres } from './finish.ts';
import { benchIdle } from './idle.ts';
import { benchIngest } from './ingest.ts';
import { benchIngestLoad } from './ingest-load.ts';
import { benchLive } from './live.ts';
import { benchLive3000 } from './live3000.ts';
import { benchLivePage } from './livepage.ts';
import { benchProjection } from './projection.ts';
import { benchReads, benchReadsPostgres } from './reads.ts';
import { benchScoring } from './scoring.ts';
import { type Metric, type Options, printTable, writeResults } from './support/report.ts';

const BENCHES: Record<string, (options: Options) => Promise<Metric[]>> = {
  projection: benchProjection,
  live: benchLive,
  ingest: benchIngest,
  fanout: benchFanout,
  idle: benchIdle,
  scoring: benchScoring,
  reads: benchReads,
  readspg: benchReadsPostgres,
  live3000: benchLive3000,
  livepage: benchLivePage,
  // Not in a plain `npm run bench`: several minutes, and it needs the machine's PostgreSQL.
  ingestload: benchIngestLoad,
  // Not in a plain run either: the finish alone, which reads and readspg measure too.
  finish: benchFinish,
  finishpg: benchFinishPostgres,
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    cluster: { type: 'boolean', default: false },
    peers: { type: 'boolean', default: false },
  },
});
if (values.cluster) {
  // Loaded only here: it checks NATS as it loads. Projection and scoring are pure (one core, no I/O), so
  // they are the same figures in a cluster and run as they are; ingest and fanout become `cluster`.
  const { clusterUnavailable } = await import('./cluster/harness.ts');
  const unavailable = clusterUnavailable();
  if (unavailable) {
    console.error(`Cannot run the cluster bench: ${unavailable}`);
    process.exit(2);
  }
  const { benchCluster } = await import('./cluster.ts');
  delete BENCHES.ingest;
  delete BENCHES.fanout;
  BENCHES.cluster = benchCluster;
}
const names = values.only
  ? values.only.split(',').map((n) => n.trim())
  : Object.keys(BENCHES).filter((n) => !['ingestload', 'finish', 'finishpg'].includes(n));
for (const name of names) {
  if (!BENCHES[name]) {
    console.error(`Unknown benchmark '${name}'; choose from ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
}

const options: Options = { quick: values.quick, profile: values.profile, peers: values.peers };
const metrics: Metric[] = [];
const started = performance.now();
for (const name of names) {
  const t0 = performance.now();
  console.error(`▶ ${name}${options.quick ? ' (quick)' : ''}`);
  metrics.push(...(await BENCHES[name]!(options)));
  console.error(`  ${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.error(`all done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
printTable(metrics);
const file = path.resolve(
  import.meta.dirname,
  values.cluster ? 'results/latest-cluster.json' : 'results/latest.json',
);
writeResults(file, options.quick, metrics);
console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
// Open handles (a PGlite worker, sockets closing) must not keep the run alive.
process.exit(0);
