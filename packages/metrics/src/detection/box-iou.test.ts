import { describe, expect, it } from 'vitest';
import { boxIou, vocBoxIou } from './box-iou.js';

describe('boxIou', () => {
  it.each([
    [[0, 0, 2, 2], [1, 0, 3, 2], 1 / 3],
    [[0, 0, 2, 2], [0, 0, 2, 2], 1],
    [[0, 0, 2, 1], [0, 0, 1, 1], 0.5],
    [[0, 0, 1, 1], [1, 0, 2, 1], 0], // touching edges: no area
    [[0, 0, 1, 1], [5, 5, 6, 6], 0],
    [
      [0.5, 0.25, 10.75, 4.5],
      [2.125, 1, 12, 3.75],
      (8.625 * 2.75) / (10.25 * 4.25 + 9.875 * 2.75 - 8.625 * 2.75),
    ],
  ] as const)('known case %#', (a, b, expected) => {
    expect(boxIou(a, b)).toBeCloseTo(expected, 15);
    expect(boxIou(b, a)).toBe(boxIou(a, b));
    expect(vocBoxIou(a, b)).toBeCloseTo(expected, 15);
  });
});
