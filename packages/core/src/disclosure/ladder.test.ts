import { describe, expect, it } from 'vitest';
import { bestOf, decideLadderRelease } from './ladder.js';

const higher = { margin: 0.01, higherIsBetter: true };
const lower = { margin: 0.5, higherIsBetter: false };

describe('decideLadderRelease', () => {
  it("releases a team's first evaluation, whatever its value", () => {
    expect(decideLadderRelease({ ...higher, released: [], value: 0.2 })).toEqual({
      isReleased: true,
      reason: 'first',
    });
    expect(decideLadderRelease({ ...higher, released: [], value: null }).isReleased).toBe(true);
  });

  it('releases an improvement of at least the margin over the best released value', () => {
    expect(decideLadderRelease({ ...higher, released: [0.85, 0.871], value: 0.9 })).toEqual({
      isReleased: true,
      reason: 'improved',
    });
  });

  it('releases an improvement of exactly the margin despite floating-point rounding', () => {
    // 0.881 − 0.871 = 0.010000000000000009 and 0.861 − 0.851 = 0.009999999999999898.
    expect(decideLadderRelease({ ...higher, released: [0.871], value: 0.881 }).isReleased).toBe(
      true,
    );
    expect(decideLadderRelease({ ...higher, released: [0.851], value: 0.861 }).isReleased).toBe(
      true,
    );
  });

  it('withholds a gain smaller than the margin and names only the released best', () => {
    expect(decideLadderRelease({ ...higher, released: [0.871, 0.8], value: 0.88 })).toEqual({
      isReleased: false,
      reason: 'not-improved',
      bestReleased: 0.871,
    });
  });

  it('withholds a tie and a worse value', () => {
    expect(decideLadderRelease({ ...higher, released: [0.871], value: 0.871 }).isReleased).toBe(
      false,
    );
    expect(decideLadderRelease({ ...higher, released: [0.871], value: 0.5 }).isReleased).toBe(
      false,
    );
  });

  it('follows a lower-is-better direction (e.g. a distance in mm)', () => {
    expect(decideLadderRelease({ ...lower, released: [12.3, 9.8], value: 9.3 })).toEqual({
      isReleased: true,
      reason: 'improved',
    });
    expect(decideLadderRelease({ ...lower, released: [12.3, 9.8], value: 9.4 })).toEqual({
      isReleased: false,
      reason: 'not-improved',
      bestReleased: 9.8,
    });
    // Higher is worse here: a larger value never beats the best.
    expect(decideLadderRelease({ ...lower, released: [9.8], value: 20 }).isReleased).toBe(false);
  });

  it('withholds an undefined value; a value beats released ones that are all undefined', () => {
    expect(decideLadderRelease({ ...higher, released: [0.8], value: null })).toEqual({
      isReleased: false,
      reason: 'no-value',
      bestReleased: 0.8,
    });
    expect(decideLadderRelease({ ...higher, released: [null], value: 0.1 })).toEqual({
      isReleased: true,
      reason: 'improved',
    });
  });

  it('refuses a margin that is not a positive number', () => {
    for (const margin of [0, -0.01, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() =>
        decideLadderRelease({ margin, higherIsBetter: true, released: [], value: 1 }),
      ).toThrow(RangeError);
  });
});

describe('bestOf', () => {
  it('picks the best value in the direction and skips missing ones', () => {
    expect(bestOf([0.2, null, 0.9, 0.5], true)).toBe(0.9);
    expect(bestOf([0.2, null, 0.9, 0.5], false)).toBe(0.2);
    expect(bestOf([null], true)).toBeNull();
    expect(bestOf([], false)).toBeNull();
  });
});
