// The ingest-load benchmark's figures (bench/ingest-load.ts measures them): each window's rate and
// latency with the server's and the phones' CPU, the 1-per-request ones beside the HTTP ceiling peers',
// the paced phones' fixes due, sent, skipped, acknowledged and stored, the audit of acknowledged fixes
// against stored rows, and the direct-write ceilings.
import type { PeerFigure } from '../peers/ingest-peers.ts';
import type { TrackersReport } from '../trackers.ts';
import type { DirectWrites } from './direct-writes.ts';
import type { AuditFigures } from './ingest-audit.ts';
import { type Metric, metric, withPeers } from './report.ts';

export interface Measured {
  name: string;
  fixesPerS: number;
  p50: number;
  p99: number;
  report: TrackersReport;
  serverCpuPct: number;
}

/** The phones' CPU per request, µs (both child processes). */
export const clientUs = (m: Measured) => (1000 * m.report.cpuMs) / Math.max(1, m.report.requests);

const n = (value: number) => Math.round(value).toLocaleString('en-US');

export interface LoadFigures {
  db: 'embedded' | 'postgres';
  flatDevices: number;
  pacedDevices: number;
  pacedMs: number;
  flat: Record<'native1' | 'native10' | 'native100' | 'osmand' | 'owntracks' | 'oauth', Measured>;
  paced: Measured;
  /** The paced phones joining (connecting, their first fixes) before the paced window. */
  pacedJoin: Measured;
  /** Rows the paced window added. */
  pacedStored: number;
  audit: AuditFigures;
  direct: DirectWrites;
  peers: PeerFigure[];
  /** The app's process CPU while the peers ran (its live processor's ticks). */
  appIdlePct: number;
}

export function loadMetrics(f: LoadFigures): Metric[] {
  const { db, direct, flat } = f;
  const share = (perS: number) => perS / direct.copyPerS;
  const flatNote = (m: Measured) =>
    `${n(f.flatDevices)} devices flat out, ${n(m.report.requests)} requests; p50 ${m.p50.toFixed(1)} ms; ${Math.round(100 * share(m.fixesPerS))} % of COPY; server ${Math.round(m.serverCpuPct)} % cpu, clients ${Math.round((100 * m.report.cpuMs) / m.report.ms)} % (${Math.round(clientUs(m))} µs/request)`;
  // The 1-per-request windows beside the peers serving the same kind of request (OAuth: the native one).
  const peersOf = (m: Measured, pick: (p: PeerFigure) => number) => {
    const protocol = m.name.startsWith('osmand')
      ? 'osmand'
      : m.name.startsWith('owntracks')
        ? 'owntracks'
        : 'native';
    return f.peers.filter((p) => p.protocol === protocol).map((p) => ({ name: p.peer, value: pick(p) }));
  };
  // What a one-fix-per-request target leaves the server, which answers on one thread: its CPU per request
  // at the target rate, beside what the bare Fastify + zod peer (storing nothing) and Echelon spent.
  const serverUs = (cpuPct: number, perS: number) => (10_000 * cpuPct) / Math.max(1, perS);
  const budgetNote = (m: Measured, target: number) => {
    const fastify = f.peers.find((p) => p.protocol === 'native' && !p.peer.startsWith('bare node'));
    return `; at ${n(target)}/s one thread has ${n(1e6 / target)} µs a request, Echelon spent ${n(serverUs(m.serverCpuPct, m.fixesPerS))}${fastify ? `, bare Fastify + zod ${n(serverUs(fastify.peerCpuPct, fastify.perS))}` : ''}`;
  };
  const throughput = (m: Measured, target: number | null, withPeer = false) => {
    const base = metric(
      `load_${db}_${m.name}_fixes_per_s`,
      m.fixesPerS,
      'fixes/s',
      target,
      'min',
      flatNote(m) + (target === null ? '' : budgetNote(m, target)),
    );
    return withPeer
      ? withPeers(
          base,
          peersOf(m, (p) => p.perS),
        )
      : base;
  };
  const p99 = (m: Measured, withPeer = false) => {
    const base = metric(`load_${db}_${m.name}_p99_ms`, m.p99, 'ms', 250, 'max');
    return withPeer
      ? withPeers(
          base,
          peersOf(m, (p) => p.p99),
        )
      : base;
  };
  const paced = f.paced.report;
  const pacedNote = `${n(f.pacedDevices)} devices, 1 fix/s each for ${f.pacedMs / 1000} s: ${n(paced.due)} fixes due, ${n(paced.requests)} sent (${n(paced.failures)} failed, ${n(paced.failedConnects)} of them on a connection that never answered), ${n(paced.skipped)} skipped (the phone still waiting for its last answer), ${n(paced.fixes)} acknowledged (${n(paced.duplicates)} as already stored), ${n(f.pacedStored)} stored; p50 ${f.paced.p50.toFixed(1)} ms; server ${Math.round(f.paced.serverCpuPct)} % cpu, clients ${Math.round(clientUs(f.paced))} µs/request`;
  const a = f.audit;
  return [
    throughput(flat.native1, db === 'postgres' ? 25_000 : 20_000, true),
    p99(flat.native1, true),
    throughput(flat.native10, null),
    p99(flat.native10),
    throughput(flat.native100, null),
    metric(
      `load_${db}_native100_share_of_copy`,
      share(flat.native100.fixesPerS),
      'ratio',
      0.6,
      'min',
      `100 fixes/request against COPY of ${n(direct.rows)} rows`,
    ),
    throughput(flat.osmand, null, true),
    metric(
      `load_${db}_osmand_vs_native1`,
      flat.osmand.fixesPerS / flat.native1.fixesPerS,
      'ratio',
      0.8,
      'min',
      'OsmAnd query, one fix per request, against native batch-of-1',
    ),
    p99(flat.osmand, true),
    throughput(flat.owntracks, null, true),
    p99(flat.owntracks, true),
    throughput(flat.oauth, null, true),
    p99(flat.oauth, true),
    ...f.peers.map((p) =>
      metric(
        `load_${db}_peer_${p.peer.startsWith('bare node') ? 'node_http' : 'fastify'}_${p.protocol}1_per_s`,
        p.perS,
        'requests/s',
        null,
        'min',
        `${p.peer}: fixed answers, nothing stored; the same ${n(f.flatDevices)} devices flat out; p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms; peer ${Math.round(p.peerCpuPct)} % cpu, clients ${Math.round(p.clientUsPerRequest)} µs/request, the app's process ${Math.round(f.appIdlePct)} %`,
      ),
    ),
    metric(`load_${db}_paced_unacked`, paced.requests - paced.fixes, 'fixes', 0, 'max', pacedNote),
    metric(
      `load_${db}_paced_unstored`,
      paced.due - f.pacedStored,
      'fixes',
      0,
      'max',
      `fixes due (${n(paced.due)}) minus rows the window added (${n(f.pacedStored)}): skipped beats are fixes never stored`,
    ),
    metric(`load_${db}_paced_p99_ms`, f.paced.p99, 'ms', 250, 'max'),
    metric(
      `load_${db}_paced_join_p99_ms`,
      f.pacedJoin.p99,
      'ms',
      null,
      'max',
      `the ${n(f.pacedDevices)} paced phones' first ${f.pacedJoin.report.ms >= 1000 ? Math.round(f.pacedJoin.report.ms / 1000) : 0} s before the window, ${n(f.pacedDevices - f.flatDevices)} of them opening their connection within one interval: ${n(f.pacedJoin.report.requests)} sent, ${n(f.pacedJoin.report.skipped)} skipped; p50 ${f.pacedJoin.p50.toFixed(1)} ms`,
    ),
    metric(
      `load_${db}_unstored_fixes`,
      a.unstored,
      'fixes',
      0,
      'max',
      `acknowledged fixes with no row, looked up by key: ${n(a.acknowledged)} acknowledged (${n(a.acknowledgedAgain)} more than once), ${n(a.rows)} rows (${n(a.rowsNotAcknowledged)} never acknowledged)`,
    ),
    metric(
      `load_${db}_direct_insert_per_s`,
      direct.insertPerS,
      'fixes/s',
      null,
      'min',
      `multi-row INSERT ×1,000, ${Math.round(100 * share(direct.insertPerS))} % of COPY`,
    ),
    metric(
      `load_${db}_direct_group_statement_per_s`,
      direct.groupStatementPerS,
      'fixes/s',
      null,
      'min',
      `IngestRepository.copyFixes ×1,000 (a group commit's COPY), ${Math.round(100 * share(direct.groupStatementPerS))} % of COPY`,
    ),
    metric(
      `load_${db}_direct_fallback_statement_per_s`,
      direct.fallbackStatementPerS,
      'fixes/s',
      null,
      'min',
      `IngestRepository.insertFixes ×1,000 (the insert a group falls back to after a stored key), ${Math.round(100 * share(direct.fallbackStatementPerS))} % of COPY`,
    ),
    metric(
      `load_${db}_direct_copy_per_s`,
      direct.copyPerS,
      'fixes/s',
      null,
      'min',
      db === 'embedded' ? "COPY … FROM '/dev/blob' (text)" : 'COPY FROM STDIN (pg-copy-streams, text)',
    ),
  ];
}
