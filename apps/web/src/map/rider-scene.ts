import type { LiveRider } from '../api/types.ts';
import type { FeedClock } from '../live/feed-clock.ts';
import type { FeedState } from '../live/feed-state.ts';
import { type RiderLook, riderColour, riderLook } from '../live/group-colours.ts';
import { inCategory } from '../live/leaderboard-rows.ts';
import { type Placer, RiderMotion } from '../live/motion.ts';

export interface SceneFocus {
  followed: ReadonlySet<string>;
  selectedId: string | null;
  /** 1-based group highlighted from the groups panel: the others are dimmed. */
  group: number | null;
  /** Only riders of this category are drawn ('' for all). */
  category: string;
}

export interface SceneItem {
  rider: LiveRider;
  lat: number;
  lon: number;
  colour: string;
  look: RiderLook;
  followed: boolean;
  selected: boolean;
  dimmed: boolean;
}

/** Draw order: quiet riders under the ones that matter, followed and selected riders on top. */
function layer(item: SceneItem): number {
  if (item.selected) return 4;
  if (item.followed) return 3;
  if (item.dimmed) return 0;
  return item.look === 'group' ? 2 : 1;
}

/**
 * What the riders layer draws on each animation frame: every rider's eased position along the course
 * and how it looks. Kept apart from Leaflet so it can be tested with plain data.
 */
export class RiderScene {
  readonly motion = new RiderMotion();
  state: FeedState | null = null;
  line: Placer | null = null;
  focus: SceneFocus = { followed: new Set(), selectedId: null, group: null, category: '' };
  private readonly clock: FeedClock;
  private stageId: string | null = null;
  private items: SceneItem[] = [];

  constructor(clock: FeedClock) {
    this.clock = clock;
  }

  setState(state: FeedState | null): void {
    if (state && state.stageId !== this.stageId) {
      this.motion.reset();
      this.stageId = state.stageId;
    }
    this.state = state;
  }

  /** Advances to wall time `wall` (ms) and answers the riders to draw, bottom first. */
  frame(wall: number): SceneItem[] {
    const state = this.state;
    if (!state) return [];
    const now = this.clock.now(wall);
    this.motion.step(state.riders, now, wall, state.length);
    const items: SceneItem[] = [];
    const { followed, selectedId, group, category } = this.focus;
    for (const rider of state.riders) {
      if (!rider || !inCategory(rider, category)) continue;
      const point = this.motion.point(rider, this.line, wall);
      if (!point) continue;
      const look = riderLook(rider, now);
      items.push({
        rider,
        lat: point[0],
        lon: point[1],
        colour: riderColour(rider, now),
        look,
        followed: followed.has(rider.id),
        selected: rider.id === selectedId,
        dimmed: group !== null && rider.grp !== group,
      });
    }
    items.sort((a, b) => layer(a) - layer(b));
    this.items = items;
    return items;
  }

  /** The riders of the last frame, bottom first. */
  get drawn(): readonly SceneItem[] {
    return this.items;
  }
}
