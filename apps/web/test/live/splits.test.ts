import { describe, expect, it } from 'vitest';
import { checkpointSplits } from '../../src/live/splits.ts';
import { liveRider } from './fixtures.ts';

const checkpoints = [
  { id: 'finish', name: 'Finish', kind: 'finish', d: 20_000 },
  { id: 'sprint', name: 'Sprint', kind: 'sprint', d: 10_000 },
];

describe('checkpointSplits', () => {
  it('counts riders through, finds the first, and gives focused riders their time and gap', () => {
    const a = liveRider(0, { x: [['sprint', 1_000_000 + 600_000]] });
    const b = liveRider(1, { x: [['sprint', 1_000_000 + 630_000]] });
    const c = liveRider(2);
    const splits = checkpointSplits(checkpoints, [a, b, c], 1_000_000, [b.id, c.id]);
    expect(splits.map((split) => split.checkpoint.id)).toEqual(['sprint', 'finish']);
    const sprint = splits[0]!;
    expect(sprint.through).toBe(2);
    expect(sprint.first).toMatchObject({ bib: 1, elapsed: 600, gap: 0 });
    expect(sprint.focus).toEqual([
      expect.objectContaining({ bib: 2, elapsed: 630, gap: 30 }),
      expect.objectContaining({ bib: 3, at: null, gap: null }),
    ]);
    expect(splits[1]).toMatchObject({ through: 0, first: null });
  });
});
