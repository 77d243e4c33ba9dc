import { describe, expect, it } from 'vitest';
import { meanInterval, normalQuantileTwoSided } from './mean-interval.js';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('normalQuantileTwoSided', () => {
  it('matches tabulated quantiles', () => {
    expect(normalQuantileTwoSided(0.95)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantileTwoSided(0.9)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantileTwoSided(0.99)).toBeCloseTo(2.5758293035489004, 8);
    expect(() => normalQuantileTwoSided(1)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  it('gives the Wilson interval for 0/1 values (hand-computed: 3 of 4)', () => {
    // p̂ = 0.75, n = 4, z = 1.959964: denominator 1 + z²/4 = 1.9603647; centre
    // (0.75 + z²/8)/1.9603647 = 0.6275273; half z·√(0.1875/4 + z²/64)/1.9603647 = 0.3268855
    // → [0.3006418, 0.9544127].
    const r = meanInterval(Float64Array.of(1, 0, 1, 1), all(4));
    expect(r.mean).toBe(0.75);
    expect(r.method).toBe('wilson');
    expect(r.low).toBeCloseTo(0.3006418, 6);
    expect(r.high).toBeCloseTo(0.9544127, 6);
  });

  it('gives mean ± z·s/√n for continuous values (hand-computed)', () => {
    // values 1, 2, 3, 4: mean 2.5, s = √(5/3) = 1.2909944, half = 1.959964·1.2909944/2 = 1.2651514.
    const r = meanInterval(Float64Array.of(1, 2, 3, 4), all(4));
    expect(r.method).toBe('normal');
    expect(r.low).toBeCloseTo(2.5 - 1.2651514, 6);
    expect(r.high).toBeCloseTo(2.5 + 1.2651514, 6);
  });

  it('uses only the rows given and skips NaN values', () => {
    const values = Float64Array.of(1, Number.NaN, 0, 5, 1);
    const r = meanInterval(values, Int32Array.of(0, 1, 2, 4));
    expect(r.n).toBe(3);
    expect(r.mean).toBeCloseTo(2 / 3, 15);
    expect(r.method).toBe('wilson');
  });

  it('has no interval without values, and none from one continuous value', () => {
    expect(meanInterval(Float64Array.of(Number.NaN), all(1)).mean).toBeNaN();
    const one = meanInterval(Float64Array.of(0.4), all(1));
    expect(one.mean).toBe(0.4);
    expect(one.low).toBeNaN();
  });
});
