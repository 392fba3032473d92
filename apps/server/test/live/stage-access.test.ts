import { describe, expect, it } from 'vitest';
import { StageAccessCache, type StageAccessFacts } from '../../src/live/stage-access.ts';
import type { Actor } from '../../src/modules/auth/actor.ts';

const publicRace: StageAccessFacts = {
  raceId: 'race-1',
  ownerId: 'owner',
  visibility: 'public',
  status: 'live',
  staffIds: [],
};

const commissaire: Actor = {
  id: 'c-1',
  email: 'c@example.org',
  name: 'C',
  role: 'commissaire',
  via: 'session',
  sessionCsrf: 'x',
};

/** A loader that answers from `facts`, counts its reads and can be made to fail or to wait. */
function database(initial: Record<string, StageAccessFacts>) {
  const facts = { ...initial };
  const state = { reads: 0, down: false, hold: null as Promise<void> | null };
  const load = async (stageId: string) => {
    state.reads += 1;
    if (state.down) throw new Error('connection refused');
    // What a query reads is fixed when it runs; `hold` only delays the answer's arrival.
    const found = facts[stageId] ?? null;
    if (state.hold) await state.hold;
    return found;
  };
  return { facts, state, load };
}

describe('stage access cache', () => {
  it('reads the database once per stage, however many spectators ask at once', async () => {
    const db = database({ s1: publicRace });
    const cache = new StageAccessCache(db.load);
    const answers = await Promise.all(Array.from({ length: 500 }, () => cache.canView(null, 's1')));
    expect(answers.every(Boolean)).toBe(true);
    expect(await cache.canView(null, 's1')).toBe(true);
    expect(db.state.reads).toBe(1);
  });

  it('applies the race policy: private races only to their officials, drafts to no spectator', async () => {
    const db = database({
      private: { ...publicRace, visibility: 'private', staffIds: ['c-1'] },
      draft: { ...publicRace, raceId: 'race-2', status: 'draft' },
    });
    const cache = new StageAccessCache(db.load);
    expect(await cache.canView(null, 'private')).toBe(false);
    expect(await cache.canView(commissaire, 'private')).toBe(true);
    expect(await cache.canView(null, 'draft')).toBe(false);
    expect(await cache.canView(null, 'nowhere')).toBe(false);
  });

  it('reads again at once after a race-access or status event for the race, not for another race', async () => {
    const db = database({ s1: publicRace, s2: { ...publicRace, raceId: 'race-2' } });
    const cache = new StageAccessCache(db.load);
    await cache.canView(null, 's1');
    await cache.canView(null, 's2');
    db.facts.s1 = { ...publicRace, visibility: 'private' };
    cache.onControl({ type: 'race-access', raceId: 'race-1' });
    expect(await cache.canView(null, 's1')).toBe(false);
    db.facts.s1 = publicRace;
    cache.onControl({ type: 'status', raceId: 'race-1', stageId: 's1', status: 'live', at: 0 });
    expect(await cache.canView(null, 's1')).toBe(true);
    cache.onControl({ type: 'announcement', raceId: 'race-1', stageId: null, id: 'a', at: 0, text: 'x' });
    await cache.canView(null, 's2');
    expect(db.state.reads).toBe(4);
  });

  it('does not keep what a read in flight found when an event says the race changed meanwhile', async () => {
    const db = database({ s1: publicRace });
    const cache = new StageAccessCache(db.load);
    let release = () => {};
    db.state.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = cache.canView(null, 's1');
    db.facts.s1 = { ...publicRace, visibility: 'private' };
    cache.onControl({ type: 'race-access', raceId: 'race-1' });
    db.state.hold = null;
    release();
    expect(await before).toBe(true);
    expect(await cache.canView(null, 's1')).toBe(false);
  });

  it('keeps answering from what it knew while the database is down, and asks it again only after a pause', async () => {
    let now = 0;
    const db = database({ s1: publicRace });
    const cache = new StageAccessCache(db.load, { ttlMs: 1000, missingTtlMs: 100, now: () => now });
    expect(await cache.canView(null, 's1')).toBe(true);
    db.state.down = true;
    now = 2000;
    expect(await cache.canView(null, 's1')).toBe(true);
    expect(await cache.canView(null, 's1')).toBe(true);
    expect(db.state.reads).toBe(2);
    now = 2200;
    expect(await cache.canView(null, 's1')).toBe(true);
    expect(db.state.reads).toBe(3);
    // A stage it never saw cannot be answered: the caller hears the failure and the client retries.
    await expect(cache.canView(null, 's2')).rejects.toThrow(/refused/);
  });

  it('forgets a race an event dropped even while the database is down', async () => {
    const db = database({ s1: publicRace });
    const cache = new StageAccessCache(db.load);
    await cache.canView(null, 's1');
    db.state.down = true;
    cache.onControl({ type: 'race-access', raceId: 'race-1' });
    await expect(cache.canView(null, 's1')).rejects.toThrow();
  });

  it('remembers a missing stage briefly, then looks again (a stage created since)', async () => {
    let now = 0;
    const db = database({});
    const cache = new StageAccessCache(db.load, { missingTtlMs: 100, now: () => now });
    expect(await cache.canView(null, 'new')).toBe(false);
    db.facts.new = publicRace;
    expect(await cache.canView(null, 'new')).toBe(false);
    now = 150;
    expect(await cache.canView(null, 'new')).toBe(true);
  });

  it('remembers at most maxEntries stages, forgetting the oldest, so made-up ids cannot fill memory', async () => {
    const db = database({ s1: publicRace });
    const cache = new StageAccessCache(db.load, { maxEntries: 3 });
    await cache.canView(null, 's1');
    for (const id of ['x1', 'x2', 'x3']) await cache.canView(null, id);
    expect(db.state.reads).toBe(4);
    await cache.canView(null, 'x3');
    expect(db.state.reads).toBe(4);
    await cache.canView(null, 's1');
    expect(db.state.reads).toBe(5);
  });
});
