import { describe, expect, it } from 'vitest';
import { euclideanDistanceTransform } from './euclidean-distance-transform.js';
import { bruteDistanceTransform, seededRandom } from './testing/brute-force.js';

describe('euclideanDistanceTransform', () => {
  it('measures along a line with the axis spacing', () => {
    expect(
      Array.from(euclideanDistanceTransform(Uint8Array.of(1, 0, 0), [1, 3], [1, 0.5])),
    ).toEqual([0, 0.5, 1]);
  });

  it('combines anisotropic axes exactly (3-4-5 triangle)', () => {
    // target at (0,0); voxel (1,1) with spacing (3, 4) is 5 mm away.
    const d = euclideanDistanceTransform(Uint8Array.of(1, 0, 0, 0), [2, 2], [3, 4]);
    expect(Array.from(d)).toEqual([0, 4, 3, 5]);
  });

  it('returns squared distances on request', () => {
    const d = euclideanDistanceTransform(Uint8Array.of(1, 0, 0, 0), [2, 2], [3, 4], {
      squared: true,
    });
    expect(Array.from(d)).toEqual([0, 16, 9, 25]);
  });

  it('is +Infinity everywhere without targets', () => {
    expect(Array.from(euclideanDistanceTransform(new Uint8Array(4), [2, 2], [1, 1]))).toEqual([
      Infinity,
      Infinity,
      Infinity,
      Infinity,
    ]);
  });

  it.each([
    [[9, 7, 6], [0.8, 0.8, 2.5], 0.02],
    [[5, 12, 4], [2.5, 0.7, 1.1], 0.3],
    [[13, 17], [1.3, 0.4], 0.05],
    [[1, 1, 9], [1, 1, 1], 0.1],
  ])(
    'equals exhaustive search on random targets, shape %j spacing %j',
    (shape, spacing, density) => {
      const random = seededRandom(shape.length * 1000 + (shape[0] as number));
      for (let rep = 0; rep < 4; rep++) {
        const targets = Uint8Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () =>
          random() < density ? 1 : 0,
        );
        targets[Math.floor(random() * targets.length)] = 1;
        const fast = euclideanDistanceTransform(
          targets,
          shape as [number, number, number],
          spacing as [number, number, number],
        );
        const slow = bruteDistanceTransform(targets, shape, spacing);
        for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i] as number, 12);
      }
    },
  );

  it('handles a sparse target set in a big flat volume (long infinite runs)', () => {
    const shape = [3, 40, 40] as const;
    const targets = new Uint8Array(3 * 40 * 40);
    targets[2 * 1600 + 39 * 40 + 39] = 1;
    const fast = euclideanDistanceTransform(targets, shape, [2, 1, 1]);
    const slow = bruteDistanceTransform(targets, shape, [2, 1, 1]);
    for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i] as number, 12);
  });

  it('throws RangeError on a shape mismatch or a bad spacing', () => {
    expect(() => euclideanDistanceTransform(new Uint8Array(5), [2, 2], [1, 1])).toThrow(RangeError);
    expect(() => euclideanDistanceTransform(new Uint8Array(4), [2, 2], [1, 0])).toThrow(RangeError);
    expect(() =>
      euclideanDistanceTransform(new Uint8Array(4), [2, 2], [1, 1, 1] as unknown as [1, 1]),
    ).toThrow(RangeError);
  });
});
