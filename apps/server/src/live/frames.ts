import type { LiveDelta, LiveRider, LiveSnapshot } from '@echelon/contracts';
import type { LiveStandings } from '@echelon/domain';
import { changedFields, displayed, type Fields } from './feed-fields.ts';
import { FeedGroups } from './feed-groups.ts';

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
  private sentGroups: Array<{ id: number; name: string; gap: number; n: number }> = [];
  private readonly feedGroups: FeedGroups;
  seq = 0;

  constructor(meta: RiderMeta[]) {
    this.meta = meta;
    this.index = new Map(meta.map((m, i) => [m.id, i]));
    this.sent = meta.map(() => null);
    this.feedGroups = new FeedGroups(meta.length);
  }

  /** A rider as the feed shows it: its group by the feed's stable group id. */
  private shown(s: LiveStandings['riders'][number], i: number): Fields {
    const fields = displayed(s);
    fields.grp = this.feedGroups.of(i);
    return fields;
  }

  riders(standings: LiveStandings): LiveRider[] {
    this.feedGroups.assign(standings, this.index);
    return standings.riders
      .filter((s) => this.index.has(s.riderId))
      .map((s) => {
        const i = this.index.get(s.riderId)!;
        const m = this.meta[i]!;
        return {
          i,
          id: m.id,
          bib: m.bib,
          name: m.name,
          team: m.team,
          category: m.category,
          ...this.shown(s, i),
        };
      });
  }

  groups(standings: LiveStandings): LiveSnapshot['groups'] {
    const ids = this.feedGroups.assign(standings, this.index);
    return standings.groups.map((g, k) => ({
      id: ids[k]!,
      name: g.name,
      gap: Math.round(g.gap),
      riders: g.riderIds.map((id) => this.index.get(id)).filter((i): i is number => i !== undefined),
    }));
  }

  /**
   * The next delta: positions of riders with a new fix, lat/lon of riders off the course, the status
   * fields that changed enough to show, and the groups when their ids, names, sizes or gaps change.
   * Riders go in feed-index order, and every flat list counts its indices on from its previous entry:
   * in a big field hundreds of riders change each tick, and "3," costs less than "1234," (before and
   * after compression). Ranks and gaps go as changes from what the client has, which are small.
   */
  delta(stageId: string, standings: LiveStandings, extra: Pick<LiveDelta, 'status' | 'ann'>): LiveDelta {
    this.seq += 1;
    this.feedGroups.assign(standings, this.index);
    const pos = new IndexedList();
    const ll = new IndexedList();
    const rk = new IndexedList();
    const ga = new IndexedList();
    const gp = new IndexedList();
    const st: NonNullable<LiveDelta['st']> = [];
    const byIndex = this.inFeedOrder(standings);
    for (let i = 0; i < byIndex.length; i++) {
      const s = byIndex[i];
      if (!s) continue;
      const now = this.shown(s, i);
      const sent = this.sent[i];
      if (!sent) {
        // First sight of this rider in the feed: everything, positions relative to zero.
        pos.add(i, now.d, this.age(standings.at, now.fix));
        st.push({ i, ...now });
        this.sent[i] = { ...now };
        continue;
      }
      if (now.d !== sent.d || now.fix !== sent.fix) {
        pos.add(i, now.d - sent.d, this.age(standings.at, now.fix));
        sent.d = now.d;
        sent.fix = now.fix;
      }
      if (now.cond === 'off_course' && now.lat !== null && (now.lat !== sent.lat || now.lon !== sent.lon)) {
        ll.add(i, now.lat, now.lon!);
        sent.lat = now.lat;
        sent.lon = now.lon;
      }
      const rankBefore = sent.rank;
      const gapBefore = sent.gap;
      const changed = changedFields(now, sent);
      if (!changed) continue;
      // Rank, gap and group change for many riders at once when a bunch shuffles: they go as flat lists.
      const { rank, grp, gap, ...rest } = changed;
      if (rank !== undefined) rk.add(i, rank - rankBefore);
      if (grp !== undefined) gp.add(i, grp);
      // A gap that appears or goes is a field of its own; one that moves is a change of seconds.
      if (gap !== undefined && gap !== null && gapBefore !== null) ga.add(i, gap - gapBefore);
      else if (gap !== undefined) (rest as Partial<Fields>).gap = gap;
      if (Object.keys(rest).length > 0) st.push({ i, ...rest });
    }
    const frame: LiveDelta = { type: 'delta', stageId, seq: this.seq, at: standings.at, pos: pos.numbers };
    if (extra.status) frame.status = extra.status;
    if (ll.length > 0) frame.ll = ll.numbers;
    if (st.length > 0) frame.st = st;
    if (rk.length > 0) frame.rk = rk.numbers;
    if (ga.length > 0) frame.ga = ga.numbers;
    if (gp.length > 0) frame.gp = gp.values;
    Object.assign(frame, this.groupChanges(standings));
    if (extra.ann && extra.ann.length > 0) frame.ann = extra.ann;
    return frame;
  }

  /** The standings' riders by feed index (riders not in this feed left out). */
  private inFeedOrder(standings: LiveStandings): Array<LiveStandings['riders'][number] | undefined> {
    const byIndex = new Array<LiveStandings['riders'][number] | undefined>(this.meta.length);
    for (const s of standings.riders) {
      const i = this.index.get(s.riderId);
      if (i !== undefined) byIndex[i] = s;
    }
    return byIndex;
  }

  /** Seconds between a rider's last fix and the frame; -1 when never seen. */
  private age(at: number, fix: number | null): number {
    return fix === null ? -1 : Math.max(0, Math.round((at - fix) / 1000));
  }

  /**
   * The groups, when they changed (membership travels as each rider's `grp`, a feed group id): `gl` is
   * flat [id, size, gap] per group from the front, `gn` names the groups that have a name of their own ("Leaders",
   * "Peloton"); the rest are "Group k". A race's tail is many lone riders whose gaps creep up every
   * second, so a gap must move by 2 s to count.
   */
  private groupChanges(standings: LiveStandings): Pick<LiveDelta, 'gl' | 'gn'> {
    const ids = this.feedGroups.assign(standings, this.index);
    const heads = standings.groups.map((g, k) => ({
      id: ids[k]!,
      name: g.name,
      gap: Math.round(g.gap),
      n: g.riderIds.length,
    }));
    const before = this.sentGroups;
    const same =
      heads.length === before.length &&
      heads.every(
        (h, k) =>
          h.id === before[k]!.id &&
          h.n === before[k]!.n &&
          h.name === before[k]!.name &&
          Math.abs(h.gap - before[k]!.gap) < 2,
      );
    if (same) return {};
    this.sentGroups = heads;
    return {
      gl: heads.flatMap((h) => [h.id, h.n, h.gap]),
      gn: heads.flatMap((h, k) => (h.name === `Group ${k + 1}` ? [] : [[k + 1, h.name] as [number, string]])),
    };
  }
}

/**
 * A flat list of [index step, values…] entries: each entry's rider index counts on from the previous
 * entry's (the first from −1), so entries must come in increasing index order.
 */
class IndexedList {
  readonly values: Array<number | null> = [];
  private last = -1;
  length = 0;

  add(i: number, ...values: Array<number | null>): void {
    this.values.push(i - this.last, ...values);
    this.last = i;
    this.length += 1;
  }

  /** The list when every value is a number. */
  get numbers(): number[] {
    return this.values as number[];
  }
}
