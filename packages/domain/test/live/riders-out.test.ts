import { describe, expect, it } from 'vitest';
import { type RiderOutDecision, riderOutEffect, ridersOut } from '../../src/live/riders-out.ts';
import { epochMs } from '../../src/units.ts';

const decision = (
  registrationId: string | null,
  kind: string,
  at: number,
  extra: Partial<RiderOutDecision> = {},
): RiderOutDecision => ({ kind, registrationId, status: null, at: epochMs(at), revoked: false, ...extra });
const status = (registrationId: string, value: string, at: number, revoked = false) =>
  decision(registrationId, 'status', at, { status: value, revoked });
const reinstate = (registrationId: string, at: number, revoked = false) =>
  decision(registrationId, 'reinstate', at, { revoked });

const asObject = (out: Map<string, number>) => Object.fromEntries(out);

describe('riders out of the race by decision', () => {
  it('takes out a rider with a DNF or a DSQ, since the decision', () => {
    expect(asObject(ridersOut([status('a', 'DNF', 100), status('b', 'DSQ', 200)]))).toEqual({
      a: 100,
      b: 200,
    });
  });

  it('takes no one out for a DNS, an OTL or any other kind of decision', () => {
    const out = ridersOut([
      status('a', 'DNS', 100),
      status('b', 'OTL', 100),
      decision('c', 'penalty', 100, { status: 'DNF' }),
      decision(null, 'status', 100, { status: 'DNF' }),
    ]);
    expect(out.size).toBe(0);
  });

  it('puts a reinstated rider back, and takes them out again on a later DNF', () => {
    expect(asObject(ridersOut([status('a', 'DNF', 100), reinstate('a', 200)]))).toEqual({});
    expect(
      asObject(ridersOut([status('a', 'DNF', 100), reinstate('a', 200), status('a', 'DSQ', 300)])),
    ).toEqual({ a: 300 });
  });

  it('follows the order given, not the times, since times can tie', () => {
    expect(asObject(ridersOut([reinstate('a', 100), status('a', 'DNF', 100)]))).toEqual({ a: 100 });
  });

  it('keeps a rider taken out twice out since the first decision', () => {
    expect(asObject(ridersOut([status('a', 'DNF', 100), status('a', 'DSQ', 200)]))).toEqual({ a: 100 });
  });

  it('counts a revoked decision for nothing: a revoked DNF, and a revoked reinstatement', () => {
    expect(asObject(ridersOut([status('a', 'DNF', 100, true)]))).toEqual({});
    expect(asObject(ridersOut([status('a', 'DNF', 100), reinstate('a', 200, true)]))).toEqual({ a: 100 });
  });

  it('names the effect of each decision', () => {
    expect(riderOutEffect({ kind: 'status', status: 'DNF' })).toBe('out');
    expect(riderOutEffect({ kind: 'status', status: 'DSQ' })).toBe('out');
    expect(riderOutEffect({ kind: 'status', status: 'DNS' })).toBeNull();
    expect(riderOutEffect({ kind: 'reinstate', status: null })).toBe('back');
    expect(riderOutEffect({ kind: 'penalty', status: null })).toBeNull();
  });
});
