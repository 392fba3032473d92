import { describe, expect, it } from 'vitest';
import { clockOffsetText, ServerClock } from '../../src/admin/server-clock.ts';
import { type StartEntry, startBoard } from '../../src/admin/start-countdown.ts';

const T0 = Date.parse('2024-07-05T13:00:00Z');

/**
 * A server and a browser whose clock is `browserAhead` ms fast, on a network whose legs take the given
 * ms (one pair per exchange, then the last pair again).
 */
function world(browserAhead: number, legs: Array<[number, number]>) {
  let trueTime = T0;
  let ahead = browserAhead;
  let exchange = 0;
  const ports = {
    deviceNow: () => trueTime + ahead,
    fetchServerTime: async () => {
      const [out, back] = legs[Math.min(exchange++, legs.length - 1)]!;
      trueTime += out;
      const serverTime = trueTime;
      trueTime += back;
      return serverTime;
    },
  };
  return {
    clock: new ServerClock(ports),
    trueNow: () => trueTime,
    exchanges: () => exchange,
    /** The browser's clock is set (it synchronised, or someone changed it). */
    stepBrowser: (newAhead: number) => {
      ahead = newAhead;
    },
  };
}

describe('the server clock', () => {
  it('corrects a browser clock 5 s fast: the countdown shows the right time to go', async () => {
    const w = world(5000, [[20, 20]]);
    await w.clock.measure(4);
    const estimate = w.clock.estimate()!;
    expect(estimate.offsetMs).toBeCloseTo(-5000, 6);
    expect(estimate.uncertaintyMs).toBe(20);
    expect(w.clock.now()).toBeCloseTo(w.trueNow(), 6);

    // A rider due 30 s from now: 30 on the server's clock, where the browser's own would say 25.
    const entry: StartEntry = {
      registrationId: 'r1',
      bib: 1,
      rider: 'Rider 1',
      team: null,
      order: 1,
      start: new Date(w.trueNow() + 30_000).toISOString(),
    };
    expect(startBoard([entry], w.clock.now()).ramp[0]?.secondsToGo).toBe(30);
    expect(startBoard([entry], w.trueNow() + 5000).ramp[0]?.secondsToGo).toBe(25);
  });

  it('trusts the exchange with the shortest round trip, whose error bound is the tightest', async () => {
    // A slow, lopsided exchange would put the offset 400 ms off; the quick one is within 5 ms.
    const w = world(-2000, [
      [900, 100],
      [5, 5],
      [300, 700],
    ]);
    await w.clock.measure(3);
    const estimate = w.clock.estimate()!;
    expect(estimate.roundTripMs).toBe(10);
    expect(Math.abs(estimate.offsetMs - 2000)).toBeLessThanOrEqual(5);
  });

  it('keeps the browser’s own time while the server cannot be reached, and stops asking at a failure', async () => {
    let calls = 0;
    const clock = new ServerClock({
      deviceNow: () => T0,
      fetchServerTime: async () => {
        calls += 1;
        throw new Error('offline');
      },
    });
    expect(await clock.measure(4)).toBeNull();
    expect(calls).toBe(1);
    expect(clock.now()).toBe(T0);
  });

  it('follows a laptop clock stepped between refreshes from the next exchange', async () => {
    const w = world(5000, [[10, 10]]);
    await w.clock.measure(4);
    expect(w.clock.estimate()!.offsetMs).toBeCloseTo(-5000, 6);
    // The laptop synchronised: one refresh is enough, the old exchanges no longer agree with it.
    w.stepBrowser(0);
    await w.clock.measure(1);
    expect(w.clock.estimate()).toMatchObject({ offsetMs: 0, samples: 1 });
    expect(w.clock.now()).toBe(w.trueNow());
  });

  it('shows the offset signed to a tenth of a second and its bound rounded up to a hundredth', () => {
    const text = (offsetMs: number, uncertaintyMs: number) =>
      clockOffsetText({ offsetMs, uncertaintyMs, roundTripMs: uncertaintyMs * 2, samples: 4 });
    expect(text(2310, 41)).toEqual({ offset: '+2.3', uncertainty: '0.05' });
    expect(text(-5000, 0)).toEqual({ offset: '−5.0', uncertainty: '0.00' });
    expect(text(-30, 12.5)).toEqual({ offset: '+0.0', uncertainty: '0.02' });
  });
});
