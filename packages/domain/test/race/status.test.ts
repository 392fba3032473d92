import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  checkRaceTransition,
  isPubliclyListed,
  RACE_STATUSES,
  type RaceStatus,
} from '../../src/race/status.ts';

/** The documented machine: draft → published → live ⇄ neutralised → finished → official; cancel before official. */
const EDGES: ReadonlyArray<readonly [RaceStatus, RaceStatus]> = [
  ['draft', 'published'],
  ['draft', 'cancelled'],
  ['published', 'draft'],
  ['published', 'live'],
  ['published', 'cancelled'],
  ['live', 'neutralised'],
  ['live', 'finished'],
  ['live', 'cancelled'],
  ['neutralised', 'live'],
  ['neutralised', 'finished'],
  ['neutralised', 'cancelled'],
  ['finished', 'official'],
  ['finished', 'cancelled'],
];
const PAIRS = RACE_STATUSES.flatMap((from) => RACE_STATUSES.map((to) => [from, to] as const));
const isEdge = (from: RaceStatus, to: RaceStatus) => EDGES.some(([f, t]) => f === from && t === to);

describe('race status machine', () => {
  it('has exactly the seven statuses, in lifecycle order', () => {
    expect(RACE_STATUSES).toEqual([
      'draft',
      'published',
      'live',
      'neutralised',
      'finished',
      'official',
      'cancelled',
    ]);
  });

  it('covers all 49 pairs of statuses', () => {
    expect(PAIRS).toHaveLength(49);
  });

  it.each(PAIRS)('%s → %s is allowed exactly when it is a documented edge', (from, to) => {
    const check = checkRaceTransition(from, to);
    expect(check.ok).toBe(isEdge(from, to));
  });

  it('allows 13 transitions in total', () => {
    expect(PAIRS.filter(([from, to]) => checkRaceTransition(from, to).ok)).toHaveLength(13);
  });

  it.each(RACE_STATUSES)('allowedTransitions(%s) lists exactly the documented targets', (from) => {
    const expected = EDGES.filter(([f]) => f === from).map(([, t]) => t);
    expect([...allowedTransitions(from)].sort()).toEqual([...expected].sort());
  });

  it('lets every state before official be cancelled, and no final state move', () => {
    for (const from of ['draft', 'published', 'live', 'neutralised', 'finished'] as const) {
      expect(checkRaceTransition(from, 'cancelled')).toEqual({ ok: true });
    }
    expect(allowedTransitions('official')).toEqual([]);
    expect(allowedTransitions('cancelled')).toEqual([]);
  });

  it('returns { ok: true } and nothing else for a legal transition', () => {
    expect(checkRaceTransition('live', 'neutralised')).toEqual({ ok: true });
    expect(checkRaceTransition('neutralised', 'live')).toEqual({ ok: true });
  });
});

describe('transition reasons', () => {
  it('says the race is already in the state when from equals to', () => {
    expect(checkRaceTransition('live', 'live')).toEqual({ ok: false, reason: 'The race is already live' });
    expect(checkRaceTransition('official', 'official')).toEqual({
      ok: false,
      reason: 'The race is already official',
    });
  });

  it('names both states and the legal next steps', () => {
    expect(checkRaceTransition('draft', 'live')).toEqual({
      ok: false,
      reason: 'A race cannot go from draft to live; from draft it can go to: published, cancelled',
    });
    expect(checkRaceTransition('live', 'published')).toEqual({
      ok: false,
      reason:
        'A race cannot go from live to published; from live it can go to: neutralised, finished, cancelled',
    });
    expect(checkRaceTransition('finished', 'live')).toEqual({
      ok: false,
      reason: 'A race cannot go from finished to live; from finished it can go to: official, cancelled',
    });
  });

  it('says a final state is final', () => {
    expect(checkRaceTransition('official', 'cancelled')).toEqual({
      ok: false,
      reason: 'A race cannot go from official to cancelled; official is final',
    });
    expect(checkRaceTransition('cancelled', 'published')).toEqual({
      ok: false,
      reason: 'A race cannot go from cancelled to published; cancelled is final',
    });
  });

  it.each(PAIRS)('every refusal for %s → %s mentions both states', (from, to) => {
    const check = checkRaceTransition(from, to);
    if (check.ok) return;
    expect(check.reason).toContain(from);
    if (from !== to) expect(check.reason).toContain(`from ${from} to ${to}`);
  });
});

describe('isPubliclyListed', () => {
  it.each(RACE_STATUSES)('%s', (status) => {
    expect(isPubliclyListed(status)).toBe(status !== 'draft');
  });
});
