import type { LiveDelta, LiveRider, LiveSnapshot } from '@echelon/contracts';
import type { LiveStandings } from '@echelon/domain';
import { changedFields, displayed, type Fields } from './feed-fields.ts';

export interface RiderMeta {
  id: string;
  bib: number;
  name: string;
  team: string | null;
  category: string | null;
}

/**
 * Builds the feed of one stage: a snapshot on request, and per tick the delta from what the previous
 * frame said. Riders are addressed by their index in `meta`.
 */
export class FrameBuilder {
  private readonly meta: RiderMeta[];
  private readonly index: Map<string, number>;
  private sent: Array<Fields | null>;
  private sentGroups: Array<{ name: string; gap: number; n: number }> = [];
  seq = 0;

  constructor(meta: RiderMeta[]) {
    this.meta = meta;
    this.index = new Map(meta.map((m, i) => [m.id, i]));
    this.sent = meta.map(() => null);
  }

  riders(standings: LiveStandings): LiveRider[] {
    return standings.riders
      .filter((s) => this.index.has(s.riderId))
      .map((s) => {
        const i = this.index.get(s.riderId)!;
        const m = this.meta[i]!;
        return { i, id: m.id, bib: m.bib, name: m.name, team: m.team, category: m.category, ...displayed(s) };
      });
  }

  groups(standings: LiveStandings): LiveSnapshot['groups'] {
    return standings.groups.map((g) => ({
      name: g.name,
      gap: Math.round(g.gap),
      riders: g.riderIds.map((id) => this.index.get(id)).filter((i): i is number => i !== undefined),
    }));
  }

  /**
   * The next delta: positions of riders with a new fix, lat/lon of riders off the course, the status
   * fields that changed enough to show, and the groups when their names, sizes or gaps change.
   */
  delta(stageId: string, standings: LiveStandings, extra: Pick<LiveDelta, 'status' | 'ann'>): LiveDelta {
    this.seq += 1;
    const pos: number[] = [];
    const ll: number[] = [];
    const st: NonNullable<LiveDelta['st']> = [];
    const rk: number[] = [];
    const gp: Array<number | null> = [];
    for (const s of standings.riders) {
      const i = this.index.get(s.riderId);
      if (i === undefined) continue;
      const now = displayed(s);
      const sent = this.sent[i];
      if (!sent) {
        // First sight of this rider in the feed: everything, positions relative to zero.
        pos.push(i, now.d, this.age(standings.at, now.fix));
        st.push({ i, ...now });
        this.sent[i] = { ...now };
        continue;
      }
      if (now.d !== sent.d || now.fix !== sent.fix) {
        pos.push(i, now.d - sent.d, this.age(standings.at, now.fix));
        sent.d = now.d;
        sent.fix = now.fix;
      }
      if (now.cond === 'off_course' && now.lat !== null && (now.lat !== sent.lat || now.lon !== sent.lon)) {
        ll.push(i, now.lat, now.lon!);
        sent.lat = now.lat;
        sent.lon = now.lon;
      }
      const changed = changedFields(now, sent);
      if (!changed) continue;
      // Rank and group change for many riders at once when a bunch shuffles: they go as flat pairs.
      const { rank, grp, ...rest } = changed;
      if (rank !== undefined) rk.push(i, rank);
      if (grp !== undefined) gp.push(i, grp);
      if (Object.keys(rest).length > 0) st.push({ i, ...rest });
    }
    const frame: LiveDelta = { type: 'delta', stageId, seq: this.seq, at: standings.at, pos };
    if (extra.status) frame.status = extra.status;
    if (ll.length > 0) frame.ll = ll;
    if (st.length > 0) frame.st = st;
    if (rk.length > 0) frame.rk = rk;
    if (gp.length > 0) frame.gp = gp;
    Object.assign(frame, this.groupChanges(standings));
    if (extra.ann && extra.ann.length > 0) frame.ann = extra.ann;
    return frame;
  }

  /** Seconds between a rider's last fix and the frame; -1 when never seen. */
  private age(at: number, fix: number | null): number {
    return fix === null ? -1 : Math.max(0, Math.round((at - fix) / 1000));
  }

  /**
   * The groups, when they changed (membership travels as each rider's `grp`): `gl` is flat [size, gap]
   * per group from the front, `gn` names the groups that have a name of their own ("Leaders",
   * "Peloton"); the rest are "Group k". A race's tail is many lone riders whose gaps creep up every
   * second, so a gap must move by 2 s to count.
   */
  private groupChanges(standings: LiveStandings): Pick<LiveDelta, 'gl' | 'gn'> {
    const heads = standings.groups.map((g) => ({
      name: g.name,
      gap: Math.round(g.gap),
      n: g.riderIds.length,
    }));
    const before = this.sentGroups;
    const same =
      heads.length === before.length &&
      heads.every(
        (h, k) => h.n === before[k]!.n && h.name === before[k]!.name && Math.abs(h.gap - before[k]!.gap) < 2,
      );
    if (same) return {};
    this.sentGroups = heads;
    return {
      gl: heads.flatMap((h) => [h.n, h.gap]),
      gn: heads.flatMap((h, k) => (h.name === `Group ${k + 1}` ? [] : [[k + 1, h.name] as [number, string]])),
    };
  }
}
