import { describe, expect, it } from 'vitest';
import { draftFactor, MAX_DESCENT_SPEED, powerForSpeed, speedForPower } from '../src/model/physics.ts';
import { referenceRider } from '../src/model/riders.ts';

const kmh = (v: number) => v * 3.6;

describe('power balance', () => {
  const strong = referenceRider(4.4);

  it('puts a strong rider at about 40 km/h alone on the flat', () => {
    expect(kmh(speedForPower(strong.power, 0, strong.body))).toBeGreaterThan(38);
    expect(kmh(speedForPower(strong.power, 0, strong.body))).toBeLessThan(42);
  });

  it('is slower uphill and faster downhill, never past the descent cap', () => {
    const flat = speedForPower(strong.power, 0, strong.body);
    const climb = speedForPower(strong.power, 0.06, strong.body);
    const descent = speedForPower(strong.power * 0.3, -0.06, strong.body);
    expect(kmh(climb)).toBeGreaterThan(14);
    expect(kmh(climb)).toBeLessThan(22);
    expect(descent).toBeGreaterThan(flat);
    expect(speedForPower(strong.power, -0.2, strong.body)).toBeCloseTo(MAX_DESCENT_SPEED, 6);
    expect(kmh(MAX_DESCENT_SPEED)).toBeCloseTo(80, 6);
  });

  it('rides faster in a group than alone for the same power', () => {
    const alone = speedForPower(250, 0, strong.body);
    const sheltered = speedForPower(250, 0, strong.body, { cdaFactor: draftFactor(30) });
    expect(draftFactor(1)).toBe(1);
    expect(draftFactor(30)).toBeLessThan(0.7);
    expect(kmh(sheltered) - kmh(alone)).toBeGreaterThan(3);
  });

  it('solves the balance: the power back from the speed is the power put in', () => {
    for (const grade of [-0.03, 0, 0.02, 0.08]) {
      const v = speedForPower(280, grade, strong.body);
      expect(powerForSpeed(v, grade, strong.body)).toBeCloseTo(280, 3);
    }
  });
});
