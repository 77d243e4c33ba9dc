import { describe, expect, it } from 'vitest';
import { fsum } from './fsum.js';

describe('fsum', () => {
  it.each([
    [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1], // plain sum: 0.9999999999999999
    [[1e100, 1, -1e100], 1],
    [[1e-16, 1, 1e16], 10000000000000002], // CPython's half-even fix-up case
    [[], 0],
  ])('sums %j exactly rounded like math.fsum', (values, expected) => {
    expect(fsum(values)).toBe(expected);
  });
});
