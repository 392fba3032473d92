import type { LiveStandings, RiderStanding } from '@echelon/domain';
import { epochMs, metres, seconds } from '@echelon/domain';
import { describe, expect, it } from 'vitest';
import { displayed } from '../../src/live/feed-fields.ts';
import { FrameBuilder } from '../../src/live/frames.ts';

const T = Date.UTC(2025, 5, 14, 10, 0, 0);
const ID = '00000000-0000-4000-8000-00000000000a';

function standing(over: Partial<RiderStanding> = {}): RiderStanding {
  return {
    riderId: ID,
    rank: 1,
    condition: 'racing',
    distance: metres(1000),
    estimatedDistance: metres(1000),
    lap: 0,
    lat: 0,
    lon: 10,
    speed: 10,
    gap: seconds(0),
    group: null,
    distanceToGo: metres(9000),
    eta: null,
    nextCheckpoint: null,
    lastFixAt: epochMs(T),
    battery: 80,
    accuracy: 8.4,
    sosAt: null,
    finishTime: null,
    crossings: [],
    ...over,
  };
}

const standings = (at: number, rider: RiderStanding): LiveStandings => ({
  at: epochMs(at),
  riders: [rider],
  groups: [],
});

const builder = () => new FrameBuilder([{ id: ID, bib: 7, name: 'Ada Rider', team: null, category: null }]);

describe('feed fields: accuracy and SOS', () => {
  it('shows accuracy in whole metres, and never an SOS (race control reads those elsewhere)', () => {
    const shown = displayed(standing({ accuracy: 8.6, sosAt: epochMs(T - 5000) }));
    expect(shown.acc).toBe(9);
    expect(shown.sos).toBeNull();
    expect(displayed(standing({ accuracy: null })).acc).toBeNull();
  });

  it('puts the accuracy in the snapshot and in a rider’s first delta, the SOS in neither', () => {
    const frames = builder();
    const s = standings(T, standing({ sosAt: epochMs(T - 1000) }));
    expect(frames.riders(s)[0]).toMatchObject({ acc: 8, sos: null });
    const first = frames.delta('stage', s, {});
    expect(first.st?.[0]).toMatchObject({ i: 0, acc: 8, sos: null });
  });

  it('sends accuracy only when it moves by 5 m, or appears or disappears', () => {
    const frames = builder();
    frames.delta('stage', standings(T, standing({ accuracy: 8 })), {});
    // Jitter of a few metres, fix after fix: nothing.
    for (const [k, accuracy] of [9, 6, 12, 4].entries()) {
      const d = frames.delta('stage', standings(T + (k + 1) * 1000, standing({ accuracy })), {});
      expect(d.st).toBeUndefined();
    }
    const worse = frames.delta('stage', standings(T + 6000, standing({ accuracy: 13 })), {});
    expect(worse.st).toEqual([{ i: 0, acc: 13 }]);
    // Measured from what was sent (13), not from the previous fix.
    expect(frames.delta('stage', standings(T + 7000, standing({ accuracy: 9 })), {}).st).toBeUndefined();
    expect(frames.delta('stage', standings(T + 8000, standing({ accuracy: 8 })), {}).st).toEqual([
      { i: 0, acc: 8 },
    ]);
    expect(frames.delta('stage', standings(T + 9000, standing({ accuracy: null })), {}).st).toEqual([
      { i: 0, acc: null },
    ]);
    expect(frames.delta('stage', standings(T + 10_000, standing({ accuracy: 3 })), {}).st).toEqual([
      { i: 0, acc: 3 },
    ]);
  });

  it('sends no SOS in any delta: the public feed serves leaderboards and embeds', () => {
    const frames = builder();
    frames.delta('stage', standings(T, standing()), {});
    const sos = frames.delta('stage', standings(T + 1000, standing({ sosAt: epochMs(T + 1000) })), {});
    expect(sos.st).toBeUndefined();
    // The condition is not touched by an SOS.
    expect(frames.riders(standings(T + 3000, standing({ sosAt: epochMs(T + 3000) })))[0]!.cond).toBe(
      'racing',
    );
  });
});

describe('feed fields: gaps', () => {
  it('keeps the gap a spectator sees within a second of the server’s, tick after tick', () => {
    const frames = builder();
    // A gap drifting up by 0.3 s a second, with the wobble a fix brings: the client applies every delta.
    let shown: number | null = null;
    let sent = 0;
    for (let k = 0; k <= 120; k++) {
      const gap = 30 + 0.3 * k + 0.4 * Math.sin(k * 1.7);
      const delta = frames.delta('stage', standings(T + k * 1000, standing({ gap: seconds(gap) })), {});
      // A gap that appears travels in `st`; one that moves, as a change in `ga` ([index step, seconds]).
      const appeared = delta.st?.find((s) => s.gap !== undefined);
      if (appeared) {
        shown = appeared.gap!;
        sent++;
      } else if (delta.ga) {
        shown = shown! + delta.ga[1]!;
        sent++;
      }
      expect({ k, off: Math.abs(shown! - gap) <= 1 }).toEqual({ k, off: true });
    }
    // Not every tick: only when the whole second moves.
    expect(sent).toBeLessThan(60);
  });

  it('sends a gap that moved by a whole second, not a wobble within the same second', () => {
    const frames = builder();
    frames.delta('stage', standings(T, standing({ gap: seconds(12.2) })), {});
    const wobble = frames.delta('stage', standings(T + 1000, standing({ gap: seconds(12.4) })), {});
    expect(wobble.st).toBeUndefined();
    expect(wobble.ga).toBeUndefined();
    const moved = frames.delta('stage', standings(T + 2000, standing({ gap: seconds(12.6) })), {});
    expect(moved.ga).toEqual([1, 1]);
    expect(moved.st).toBeUndefined();
  });
});

describe('feed v2: index steps, rank and gap changes, stable group ids', () => {
  const ids = ['a', 'b', 'c', 'd'].map((k) => `00000000-0000-4000-8000-00000000000${k}`);
  const field = () =>
    new FrameBuilder(ids.map((id, k) => ({ id, bib: k + 1, name: `R${k}`, team: null, category: null })));
  const group = (name: string, gap: number, riderIds: string[]) => ({
    index: 0,
    name,
    gap: seconds(gap),
    riderIds,
  });
  const at = (
    t: number,
    riders: Array<[number, Partial<RiderStanding>]>,
    groups: LiveStandings['groups'],
  ): LiveStandings => ({
    at: epochMs(t),
    riders: riders.map(([k, over]) => standing({ riderId: ids[k]!, ...over })),
    groups,
  });

  it('lists riders in feed-index order with index steps, ranks and gaps as changes', () => {
    const frames = field();
    // The standings come in rank order (d, b, ...); the feed lists by index.
    frames.delta(
      'stage',
      at(
        T,
        [
          [3, { rank: 1, gap: seconds(0) }],
          [1, { rank: 2, gap: seconds(10) }],
          [0, { rank: 3, gap: seconds(30) }],
        ],
        [],
      ),
      {},
    );
    const next = frames.delta(
      'stage',
      at(
        T + 1000,
        [
          [1, { rank: 1, gap: seconds(0), distance: metres(1012), lastFixAt: epochMs(T + 1000) }],
          [3, { rank: 2, gap: seconds(4), distance: metres(1020), lastFixAt: epochMs(T + 1000) }],
          [0, { rank: 3, gap: seconds(35) }],
        ],
        [],
      ),
      {},
    );
    // Riders 1 and 3 moved: steps 2 (index 1) and 2 (index 3); metres moved; fix age 0.
    expect(next.pos).toEqual([2, 12, 0, 2, 20, 0]);
    // Ranks: rider 1 from 2 to 1 (−1), rider 3 from 1 to 2 (+1).
    expect(next.rk).toEqual([2, -1, 2, 1]);
    // Gaps moved by 2 s or more, as changes: rider 0 +5, rider 1 −10, rider 3 +4.
    expect(next.ga).toEqual([1, 5, 1, -10, 2, 4]);
    expect(next.st).toBeUndefined();
  });

  it('keeps a group’s id when a new group forms ahead of it: nobody in it changes group', () => {
    const frames = field();
    const riders: Array<[number, Partial<RiderStanding>]> = [0, 1, 2, 3].map((k) => [k, { rank: k + 1 }]);
    const first = frames.delta('stage', at(T, riders, [group('Peloton', 0, ids)]), {});
    const [peloton] = first.gl!;
    // Rider 0 goes clear: a new group at the front, the peloton second. Only rider 0 changes group.
    const after = at(T + 1000, riders, [group('Leader', 0, [ids[0]!]), group('Peloton', 12, ids.slice(1))]);
    const split = frames.delta('stage', after, {});
    expect(split.gp).toHaveLength(2);
    expect(split.gp![0]).toBe(1);
    const leader = split.gp![1];
    expect(leader).not.toBe(peloton);
    expect(split.gl).toEqual([leader, 1, 0, peloton, 3, 12]);
    // The snapshot says the same.
    expect(frames.groups(after).map((g) => g.id)).toEqual([leader, peloton]);
    expect(frames.riders(after).map((r) => r.grp)).toEqual([leader, peloton, peloton, peloton]);
  });
});
