import { describe, expect, it } from 'vitest';
import { FeedClock } from '../../src/live/feed-clock.ts';
import type { FeedState } from '../../src/live/feed-state.ts';
import { radiusOf } from '../../src/map/RidersLayer.ts';
import { RiderScene } from '../../src/map/rider-scene.ts';
import { liveRider } from '../live/fixtures.ts';

function state(riders: FeedState['riders']): FeedState {
  return {
    stageId: 's',
    raceId: 'r',
    seq: 1,
    at: 1_000_000,
    status: 'live',
    startedAt: 0,
    length: 20_000,
    riders,
    groups: [],
    checkpoints: [],
    announcements: [],
    version: 1,
    groupIds: [],
  };
}

describe('RiderScene', () => {
  const line = { at: (d: number): [number, number] => [d / 1000, 0] };

  it('draws followed and selected riders on top, filters by category, dims other groups', () => {
    const clock = new FeedClock();
    clock.observe(1_000_000, 0);
    const scene = new RiderScene(clock);
    const riders = [
      liveRider(0, { fix: 1_000_000, grp: 1 }),
      liveRider(1, { fix: 1_000_000, grp: 2 }),
      liveRider(2, { fix: 1_000_000, grp: 2, category: 'OTHER' }),
      liveRider(3, { fix: 1_000_000, grp: 1 }),
    ];
    scene.setState(state(riders));
    scene.line = line;
    scene.focus = {
      followed: new Set([riders[0]!.id]),
      selectedId: riders[3]!.id,
      group: 2,
      category: 'ELITE',
    };
    const items = scene.frame(0);
    expect(items.map((item) => item.rider.bib)).toEqual([2, 1, 4]);
    expect(items[0]).toMatchObject({ dimmed: false, followed: false });
    expect(items[1]).toMatchObject({ followed: true, dimmed: true });
    expect(items[2]).toMatchObject({ selected: true });
    expect(radiusOf(items[2]!)).toBeGreaterThan(radiusOf(items[1]!));
    expect(radiusOf(items[1]!)).toBeGreaterThan(radiusOf(items[0]!));
    expect(items[0]!.lat).toBeCloseTo(riders[1]!.d / 1000);
  });
});
