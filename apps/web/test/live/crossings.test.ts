import { describe, expect, it } from 'vitest';
import { CrossingWatcher } from '../../src/live/crossings.ts';
import { liveRider } from './fixtures.ts';

describe('CrossingWatcher', () => {
  it('reports a followed rider’s new crossing once, not those known when first seen', () => {
    const watcher = new CrossingWatcher();
    const rider = liveRider(0, { x: [['cp-start', 100]] });
    const followed = new Set([rider.id]);
    expect(watcher.check([rider], followed)).toEqual([]);
    rider.x.push(['cp-sprint', 200]);
    expect(watcher.check([rider], followed)).toEqual([
      { riderId: rider.id, bib: 1, name: 'Rider 1', checkpointId: 'cp-sprint', at: 200 },
    ]);
    expect(watcher.check([rider], followed)).toEqual([]);
  });

  it('ignores riders not followed', () => {
    const watcher = new CrossingWatcher();
    const rider = liveRider(0);
    watcher.check([rider], new Set());
    rider.x.push(['cp', 1]);
    expect(watcher.check([rider], new Set())).toEqual([]);
  });

  it('does not replay old crossings when a rider is followed again', () => {
    const watcher = new CrossingWatcher();
    const rider = liveRider(0);
    const followed = new Set([rider.id]);
    watcher.check([rider], followed);
    watcher.check([rider], new Set());
    rider.x.push(['cp', 1]);
    expect(watcher.check([rider], followed)).toEqual([]);
  });
});
