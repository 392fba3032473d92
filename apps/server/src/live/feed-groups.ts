import type { LiveStandings } from '@echelon/domain';

/**
 * Stable ids for the groups on the road, as the feed names them. The live standings number groups
 * from the front, so when a group forms ahead every rider behind it gets a new number: in a big field
 * that is thousands of riders "changing group" in one tick although nobody moved. The feed instead
 * gives each group a small id that it keeps while most of its riders stay together: a group inherits
 * the id most of its riders had (the biggest claims first), and a group none of whose riders' ids is
 * free gets a new one. A rider's `grp` then changes only when the rider changes group.
 */
export class FeedGroups {
  /** Feed index → group id (0: in no group). */
  private ids: Int32Array;
  private nextId = 1;
  private assignedFor: LiveStandings | null = null;
  private groupIds: number[] = [];

  constructor(riders: number) {
    this.ids = new Int32Array(riders);
  }

  /** The group id of rider `i` as of the last `assign` (null: in none). */
  of(i: number): number | null {
    const id = this.ids[i]!;
    return id === 0 ? null : id;
  }

  /** The ids of `standings.groups`, front first, assigned once per standings. */
  assign(standings: LiveStandings, index: ReadonlyMap<string, number>): readonly number[] {
    if (this.assignedFor === standings) return this.groupIds;
    const previous = this.ids;
    // Each group's votes: how many of its riders had each id. The biggest claims go first, so when a
    // rider goes clear of the bunch the bunch keeps its id and the lone rider gets a new one.
    const claims: Array<{ group: number; id: number; count: number }> = [];
    standings.groups.forEach((group, g) => {
      const votes = new Map<number, number>();
      for (const riderId of group.riderIds) {
        const i = index.get(riderId);
        const id = i === undefined ? 0 : previous[i]!;
        if (id !== 0) votes.set(id, (votes.get(id) ?? 0) + 1);
      }
      for (const [id, count] of votes) claims.push({ group: g, id, count });
    });
    claims.sort((a, b) => b.count - a.count || a.group - b.group || a.id - b.id);
    const groupIds = new Array<number>(standings.groups.length).fill(0);
    const taken = new Set<number>();
    for (const { group, id } of claims) {
      if (groupIds[group] !== 0 || taken.has(id)) continue;
      groupIds[group] = id;
      taken.add(id);
    }
    const next = new Int32Array(previous.length);
    standings.groups.forEach((group, g) => {
      if (groupIds[g] === 0) groupIds[g] = this.nextId++;
      for (const riderId of group.riderIds) {
        const i = index.get(riderId);
        if (i !== undefined) next[i] = groupIds[g]!;
      }
    });
    this.ids = next;
    this.groupIds = groupIds;
    this.assignedFor = standings;
    return groupIds;
  }
}
