import { describe, expect, it } from 'vitest';
import { roundToDecimals } from './precision.js';

describe('roundToDecimals', () => {
  it.each([
    [0.8706140350877193, 3, 0.871],
    [0.0005, 3, 0.001],
    [-0.0005, 3, -0.001],
    [1.005, 2, 1.01], // 1.005 is 1.00499999… in binary; the decimal string rounds up
    [12.3456, 0, 12],
    [0.9999, 3, 1],
    [-0, 3, 0],
  ])('rounds %d to %d decimals → %d', (value, decimals, expected) => {
    expect(roundToDecimals(value, decimals)).toBe(expected);
  });

  it('turns missing and non-finite values into null', () => {
    expect(roundToDecimals(null, 3)).toBeNull();
    expect(roundToDecimals(undefined, 3)).toBeNull();
    expect(roundToDecimals(Number.NaN, 3)).toBeNull();
    expect(roundToDecimals(Number.POSITIVE_INFINITY, 3)).toBeNull();
  });

  it('rejects a precision outside 0…15', () => {
    expect(() => roundToDecimals(1, -1)).toThrow(RangeError);
    expect(() => roundToDecimals(1, 1.5)).toThrow(RangeError);
  });

  it('never adds digits: the result printed has at most `decimals` decimals', () => {
    for (let i = 0; i < 1000; i++) {
      const v = Math.sin(i) * 10;
      const r = roundToDecimals(v, 3)!;
      expect(String(r).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(3);
    }
  });
});
