import type { LiveDelta, LiveRider, LiveSnapshot } from '@echelon/contracts';
import type { LiveStandings, RiderStanding } from '@echelon/domain';

export interface RiderMeta {
  id: string;
  bib: number;
  name: string;
  team: string | null;
  category: string | null;
}

type Fields = Omit<LiveRider, 'i' | 'id' | 'bib' | 'name' | 'team' | 'category'>;

const round = (value: number, step: number) => Math.round(value / step) * step;
const coord = (value: number | null) => (value === null ? null : Math.round(value * 1e5) / 1e5);

/**
 * Rounds a standing to what a spectator can see, so noise below display precision never costs
 * bandwidth: whole metres, whole km/h, whole seconds of gap, ETAs to 15 s.
 */
export function displayed(s: RiderStanding): Fields {
  return {
    rank: s.rank,
    cond: s.condition,
    d: Math.round(s.estimatedDistance),
    lap: s.lap,
    lat: coord(s.lat),
    lon: coord(s.lon),
    v: s.speed === null ? null : Math.round(s.speed * 3.6),
    gap: s.gap === null ? null : Math.round(s.gap),
    grp: s.group,
    togo: Math.round(s.distanceToGo - (s.estimatedDistance - s.distance)),
    eta: s.eta === null ? null : round(s.eta, 15_000),
    next: s.nextCheckpoint
      ? {
          id: s.nextCheckpoint.id,
          eta: s.nextCheckpoint.eta === null ? null : round(s.nextCheckpoint.eta, 15_000),
        }
      : null,
    fix: s.lastFixAt,
    batt: s.battery === null ? null : Math.round(s.battery),
    fin: s.finishTime,
    x: s.crossings.map((c) => [c.checkpointId, Math.round(c.time)] as [string, number]),
  };
}

/** Fields that are sent in `st` when they change (position travels in `pos`, lat/lon in `ll`). */
const STATUS_FIELDS = [
  'rank',
  'cond',
  'lap',
  'v',
  'gap',
  'grp',
  'togo',
  'eta',
  'next',
  'batt',
  'fin',
  'x',
] as const;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Builds the feed of one stage: a snapshot on request, and per tick the delta from what the previous
 * frame said. Riders are addressed by their index in `meta`.
 */
export class FrameBuilder {
  private readonly meta: RiderMeta[];
  private readonly index: Map<string, number>;
  private sent: Array<Fields | null>;
  private sentGroups = '';
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

  /** The next delta: positions of riders that moved or reported, and whatever else changed. */
  delta(stageId: string, standings: LiveStandings, extra: Pick<LiveDelta, 'status' | 'ann'>): LiveDelta {
    this.seq += 1;
    const pos: number[] = [];
    const ll: number[] = [];
    const st: NonNullable<LiveDelta['st']> = [];
    for (const s of standings.riders) {
      const i = this.index.get(s.riderId);
      if (i === undefined) continue;
      const now = displayed(s);
      const before = this.sent[i];
      if (!before || now.d !== before.d || now.fix !== before.fix) {
        const age = now.fix === null ? -1 : Math.max(0, Math.round((standings.at - now.fix) / 1000));
        pos.push(i, now.d - (before?.d ?? 0), age);
      }
      if (
        now.cond === 'off_course' &&
        now.lat !== null &&
        (now.lat !== before?.lat || now.lon !== before?.lon)
      ) {
        ll.push(i, now.lat, now.lon!);
      }
      const changed: Record<string, unknown> = {};
      for (const field of STATUS_FIELDS) {
        if (!before || !same(now[field], before[field])) changed[field] = now[field];
      }
      if (Object.keys(changed).length > 0) st.push({ i, ...changed });
      this.sent[i] = now;
    }
    const groups = this.groups(standings);
    const groupsJson = JSON.stringify(groups);
    const frame: LiveDelta = { type: 'delta', stageId, seq: this.seq, at: standings.at, pos };
    if (extra.status) frame.status = extra.status;
    if (ll.length > 0) frame.ll = ll;
    if (st.length > 0) frame.st = st;
    if (groupsJson !== this.sentGroups) {
      frame.groups = groups;
      this.sentGroups = groupsJson;
    }
    if (extra.ann && extra.ann.length > 0) frame.ann = extra.ann;
    return frame;
  }
}
