import type { LiveStandings } from '@echelon/domain';

/**
 * Stable ids for the groups on the road, as the feed names them. The live standings number groups
 * from the front, so when a group forms ahead every rider behind it gets a new number: in a big field
 * that is thousands of riders "changing group" in one tick although nobody moved. The feed instead
 * gives each group a small id that it keeps while most of its riders stay together: a group inherits
 * the id most of its riders had (the front group first), and a group none of whose riders' ids is
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
    const next = new Int32Array(previous.length);
    const taken = new Set<number>();
    const votes = new Map<number, number>();
    const groupIds: number[] = [];
    for (const group of standings.groups) {
      votes.clear();
      for (const riderId of group.riderIds) {
        const i = index.get(riderId);
        if (i === undefined) continue;
        const id = previous[i]!;
        if (id !== 0 && !taken.has(id)) votes.set(id, (votes.get(id) ?? 0) + 1);
      }
      let id = 0;
      let best = 0;
      for (const [candidate, count] of votes) {
        if (count > best || (count === best && candidate < id)) [id, best] = [candidate, count];
      }
      if (id === 0) id = this.nextId++;
      taken.add(id);
      groupIds.push(id);
      for (const riderId of group.riderIds) {
        const i = index.get(riderId);
        if (i !== undefined) next[i] = id;
      }
    }
    this.ids = next;
    this.groupIds = groupIds;
    this.assignedFor = standings;
    return groupIds;
  }
}
