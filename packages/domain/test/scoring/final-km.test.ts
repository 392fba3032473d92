import { describe, expect, it } from 'vitest';
import { scoreStage } from '../../src/scoring/road-race.ts';
import { metres } from '../../src/units.ts';
import { byBibOf, entry } from './helpers.ts';

const T0 = 3 * 3600; // 3:00:00
const X = 99;
/** Group at 3:00:00 of 39 riders (bibs 1–39, 0.5 s apart), then X crossing 40th at 3:02:10. */
const group = Array.from({ length: 39 }, (_, i) => entry(i + 1, T0 + i * 0.5));
const withX = [...group, entry(X, T0 + 130)];
const incidentAt = (m: number) => ({ incidents: [{ bib: X, distanceToGo: metres(m), sameGroupAs: 1 }] });

describe('final-kilometres rule', () => {
  it('scenario 4: a noted crash 1.5 km out → time 3:00:00, place 40', () => {
    const rows = scoreStage(withX, { finalKm: incidentAt(1500) });
    expect(byBibOf(rows, X)).toMatchObject({ place: 40, time: T0, actualTime: T0 + 130 });
  });

  it('scenario 5: at 3.5 km → actual time; cannot finish → last with 3:00:00; time trial → actual time', () => {
    expect(byBibOf(scoreStage(withX, { finalKm: incidentAt(3500) }), X)).toMatchObject({
      place: 40,
      time: T0 + 130,
    });
    // Cannot finish: X has no crossing, a noted incident 1.5 km out, and a later rider (bib 50) crossed.
    const dnf = scoreStage([...group, entry(X), entry(50, T0 + 200)], { finalKm: incidentAt(1500) });
    expect(byBibOf(dnf, X)).toMatchObject({ status: 'finisher', place: 41, time: T0 });
    expect(dnf.at(-1)?.bib).toBe(X);
    const itt = scoreStage(withX, { kind: 'itt', finalKm: incidentAt(1500) });
    expect(byBibOf(itt, X).time).toBe(T0 + 130);
  });

  it('the distance is configurable (5 km) and summit finishes are excluded unless configured', () => {
    const five = { ...incidentAt(3500), distance: metres(5000) };
    expect(byBibOf(scoreStage(withX, { finalKm: five }), X).time).toBe(T0);
    const summit = { ...incidentAt(1500), summitFinish: true };
    expect(byBibOf(scoreStage(withX, { finalKm: summit }), X).time).toBe(T0 + 130);
    const summitOn = { ...summit, applyOnSummitFinish: true };
    expect(byBibOf(scoreStage(withX, { finalKm: summitOn }), X).time).toBe(T0);
  });

  it('does not turn a DNS or DSQ into a finisher', () => {
    const rows = scoreStage([...group, entry(X, undefined, { status: 'DSQ' })], {
      finalKm: incidentAt(1000),
    });
    expect(byBibOf(rows, X)).toMatchObject({ status: 'DSQ', place: null, time: null });
  });
});
