// The fan-out peers (`--peers`): the frames Echelon's gateway sent in bench/fanout.ts, recorded, then
// broadcast by each peer server (bench/peers/*-broadcast.ts) to the same number of spectators, opened
// from the same child processes, on the same tick, while the bench process measures the same figures.
// Each peer broadcasts from the first tick its spectators can join, as Echelon's race does; the window
// then replays exactly the deltas Echelon sent in its own window.
import { deflateRawSync } from 'node:zlib';
import { settledMemory } from '../support/memory.ts';
import { collectReports, openSpectators, type Spectators } from '../support/spectator-pool.ts';
import { median, quantile, sleep, wallNow } from '../support/stats.ts';
import type { BroadcastPeer } from './broadcast-peer.ts';

export interface FanoutRecording {
  stageId: string;
  /** The snapshot a spectator got on subscribing, as JSON. */
  snapshot: string;
  /** seq → delta (JSON), every one after the snapshot's up to the window's end. */
  frames: Map<number, string>;
  /** The measured window, seqs inclusive. */
  from: number;
  to: number;
  connections: number;
  tickMs: number;
  warmUpTicks: number;
  children: number;
  chunk: number;
}

/** One server's figures, Echelon's or a peer's, measured the same way. */
export interface FanoutFigures {
  /** Spectators open that got every tick of the window. */
  complete: number;
  open: number;
  p50Ms: number;
  p99Ms: number;
  /** Connected and subscribed (snapshot received) per second while they all join. */
  connectPerS: number;
  bytesPerS: number;
  /** The server process's CPU in the window. */
  cpuPct: number;
  /** The CPU of the window's broadcasts alone (the synchronous fan-out of each tick's frame). */
  broadcastCpuPct: number;
}

/** Summed spectator reports → the figures every server is compared on. */
export function figuresOf(
  report: Awaited<ReturnType<typeof collectReports>>,
  measure: { ticks: number; tickMs: number; connectPerS: number; cpuPct: number; broadcastCpuPct: number },
): FanoutFigures {
  const seconds = (measure.ticks * measure.tickMs) / 1000;
  return {
    complete: report.complete,
    open: report.open,
    p50Ms: median(report.latencies),
    p99Ms: quantile(report.latencies, 0.99),
    connectPerS: measure.connectPerS,
    bytesPerS: report.open > 0 ? report.bytes / report.open / seconds : Number.NaN,
    cpuPct: measure.cpuPct,
    broadcastCpuPct: measure.broadcastCpuPct,
  };
}

/** Runs one peer server through the recording; the peer is closed afterwards. */
export async function runBroadcastPeer(
  peer: BroadcastPeer,
  recording: FanoutRecording,
): Promise<FanoutFigures> {
  const { from, to, tickMs } = recording;
  // The same bytes Echelon's spectators got: raw DEFLATE of the same JSON (deflateRawSync, as the gateway).
  const frames = [...recording.frames].sort(([a], [b]) => a - b);
  const early = frames.filter(([seq]) => seq < from).map(([, json]) => deflateRawSync(json));
  const window = frames
    .filter(([seq]) => seq >= from && seq <= to)
    .map(([seq, json]) => ({
      seq,
      bytes: deflateRawSync(json),
    }));
  if (early.length === 0 || window.length !== to - from + 1) throw new Error('incomplete fan-out recording');
  const children: Spectators[] = [];
  const tickAt = new Map<number, number>();
  let timer: NodeJS.Timeout | null = null;
  let broadcastCpuMs = 0;
  // What Echelon's app left in this process is garbage now: collected before the peer starts, so the
  // peer's window does not pay for it.
  await settledMemory();
  try {
    const url = await peer.listen(deflateRawSync(recording.snapshot));
    // One metronome: the early deltas round and round until the window starts, then the window's.
    let next = 0;
    let measuring = false;
    let windowDone: () => void = () => {};
    const windowSent = new Promise<void>((resolve) => {
      windowDone = resolve;
    });
    timer = setInterval(() => {
      if (!measuring) {
        peer.broadcast(early[next++ % early.length]!);
        return;
      }
      const frame = window[next++];
      if (!frame) return windowDone();
      tickAt.set(frame.seq, wallNow());
      const cpu = process.cpuUsage();
      peer.broadcast(frame.bytes);
      const used = process.cpuUsage(cpu);
      broadcastCpuMs += (used.user + used.system) / 1000;
    }, tickMs);

    const opened = await openSpectators(
      children,
      Array(recording.children).fill(url),
      recording.stageId,
      recording.connections,
      recording.chunk,
      peer.client,
    );
    await sleep(recording.warmUpTicks * tickMs);
    for (const c of children) c.send({ type: 'mark' });
    const cpu = process.cpuUsage();
    const windowStart = performance.now();
    next = 0;
    measuring = true;
    await windowSent;
    const used = process.cpuUsage(cpu);
    const windowSeconds = (performance.now() - windowStart) / 1000;
    await sleep(tickMs / 2); // the last frame's stragglers
    const report = await collectReports(children, [...tickAt], from, to);
    return figuresOf(report, {
      ticks: to - from + 1,
      tickMs,
      connectPerS: opened.subscribed / opened.seconds,
      cpuPct: (100 * (used.user + used.system)) / 1e6 / windowSeconds,
      broadcastCpuPct: (100 * broadcastCpuMs) / 1000 / windowSeconds,
    });
  } finally {
    if (timer) clearInterval(timer);
    await Promise.all(children.map((c) => c.close()));
    await peer.close();
  }
}
