import type { LiveDelta, LiveRider, LiveSnapshot } from '@echelon/contracts';

export interface WatchedRider {
  id: string;
  bib: number;
  rank: number;
  d: number;
  fix: number | null;
  cond: LiveRider['cond'];
  fin: number | null;
  /** Seconds behind the leader as shown (a delta sends it when it moved by 2 s; a snapshot always). */
  gap: number | null;
  /** 1-based group from the front, null when in none. */
  grp: number | null;
}

/** What the spectator knew after one frame: its stage-clock time and every rider's state. */
export interface Observation {
  seq: number;
  at: number;
  /** Whether this frame was a whole snapshot (every field exact), not a delta. */
  snapshot: boolean;
  riders: WatchedRider[];
}

export interface WatcherOptions {
  /** Ask for a whole snapshot after every this many deltas, as a page reloaded now and then would. */
  snapshotEvery?: number;
}

/**
 * A spectator: subscribes to a stage on WS /api/v1/live, applies the snapshot and every delta as a
 * browser would, asks for a new snapshot when a seq goes missing, and keeps what it saw after each frame.
 */
export class LiveWatcher {
  readonly observations: Observation[] = [];
  missedSeqs = 0;
  bytes = 0;
  private socket: WebSocket | null = null;
  private riders: WatchedRider[] = [];
  private seq = -1;
  private deltas = 0;
  private readonly options: WatcherOptions;

  constructor(options: WatcherOptions = {}) {
    this.options = options;
  }

  async watch(url: string, stageId: string): Promise<void> {
    const socket = new WebSocket(url);
    this.socket = socket;
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    socket.onmessage = (event) => {
      const text = String(event.data);
      this.bytes += text.length;
      this.apply(JSON.parse(text), stageId);
    };
    socket.send(JSON.stringify({ type: 'subscribe', stageId }));
  }

  close(): void {
    this.socket?.close();
  }

  private apply(frame: LiveSnapshot | LiveDelta, stageId: string): void {
    if (frame.type === 'snapshot') {
      this.riders = [];
      for (const r of frame.riders) {
        this.riders[r.i] = {
          id: r.id,
          bib: r.bib,
          rank: r.rank,
          d: r.d,
          fix: r.fix,
          cond: r.cond,
          fin: r.fin,
          gap: r.gap,
          grp: r.grp,
        };
      }
      this.seq = frame.seq;
    } else {
      if (frame.seq !== this.seq + 1) {
        this.missedSeqs += 1;
        this.socket?.send(JSON.stringify({ type: 'snapshot', stageId }));
        return;
      }
      this.seq = frame.seq;
      // Flat lists count rider indices on from the previous entry (feed version 2).
      let i = -1;
      for (let k = 0; k < frame.pos.length; k += 3) {
        i += frame.pos[k]!;
        const rider = this.riders[i];
        if (!rider) continue;
        rider.d += frame.pos[k + 1]!;
        const age = frame.pos[k + 2]!;
        if (age >= 0) rider.fix = frame.at - age * 1000;
      }
      const rk = frame.rk ?? [];
      i = -1;
      for (let k = 0; k < rk.length; k += 2) {
        i += rk[k]!;
        const rider = this.riders[i];
        if (rider) rider.rank += rk[k + 1]!;
      }
      const ga = frame.ga ?? [];
      i = -1;
      for (let k = 0; k < ga.length; k += 2) {
        i += ga[k]!;
        const rider = this.riders[i];
        if (rider && rider.gap !== null) rider.gap += ga[k + 1]!;
      }
      const gp = frame.gp ?? [];
      i = -1;
      for (let k = 0; k < gp.length; k += 2) {
        i += gp[k]!;
        const rider = this.riders[i];
        if (rider) rider.grp = gp[k + 1]!;
      }
      for (const change of frame.st ?? []) {
        const rider = this.riders[change.i];
        if (!rider) continue;
        if (change.rank !== undefined) rider.rank = change.rank;
        if (change.cond !== undefined) rider.cond = change.cond;
        if (change.fin !== undefined) rider.fin = change.fin;
        if (change.gap !== undefined) rider.gap = change.gap;
        if (change.grp !== undefined) rider.grp = change.grp;
      }
      const every = this.options.snapshotEvery;
      if (every !== undefined && ++this.deltas % every === 0) {
        this.socket?.send(JSON.stringify({ type: 'snapshot', stageId }));
      }
    }
    this.observations.push({
      seq: this.seq,
      at: frame.at,
      snapshot: frame.type === 'snapshot',
      riders: this.riders.filter(Boolean).map((r) => ({ ...r })),
    });
  }
}
