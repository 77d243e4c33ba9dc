import { describe, expect, it } from 'vitest';
import { extractSurface } from './extract-surface.js';
import { bruteSurface, randomMask, seededRandom } from './testing/brute-force.js';

describe('extractSurface', () => {
  it('keeps only the ring of a full 3×3 square (border counts as background)', () => {
    expect(Array.from(extractSurface(new Uint8Array(9).fill(1), [3, 3]))).toEqual([
      1, 1, 1, 1, 0, 1, 1, 1, 1,
    ]);
  });

  it('keeps 26 of the 27 voxels of a full 3×3×3 cube', () => {
    const surface = extractSurface(new Uint8Array(27).fill(1), [3, 3, 3]);
    expect(surface.reduce((a, b) => a + b, 0)).toBe(26);
    expect(surface[13]).toBe(0);
  });

  it('uses face neighbours only (6-connectivity): a diagonal gap does not make a surface', () => {
    // 5×5 square with the corner voxel (0,0) missing: (1,1) keeps all four face neighbours.
    const m = new Uint8Array(25).fill(1);
    m[0] = 0;
    const s = extractSurface(m, [5, 5]);
    expect(s[6]).toBe(0);
    expect(s[12]).toBe(0);
  });

  it('treats a thin 3-D slab on the array face as all surface', () => {
    const m = new Uint8Array(4 * 4 * 4);
    for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) m[j * 4 + k] = 1; // i = 0 face
    expect(extractSurface(m, [4, 4, 4])).toEqual(m);
  });

  it('returns an empty surface for an empty mask', () => {
    expect(extractSurface(new Uint8Array(8), [2, 2, 2]).every((v) => v === 0)).toBe(true);
  });

  it.each([
    [[7, 9, 5]],
    [[1, 6, 6]], // a genuine 3-D volume of one slice: every voxel touches the border
    [[11, 13]],
  ])('agrees with a brute-force erosion on random masks of shape %j', (shape) => {
    const random = seededRandom(shape.reduce((a, b) => a * 31 + b, 7));
    for (let rep = 0; rep < 5; rep++) {
      const m = randomMask(shape, random);
      expect(extractSurface(m, shape as [number, number, number])).toEqual(bruteSurface(m, shape));
    }
  });

  it('throws RangeError when the mask does not match the shape', () => {
    expect(() => extractSurface(new Uint8Array(8), [3, 3])).toThrow(RangeError);
    expect(() => extractSurface(new Uint8Array(8), [2, 2, 2, 1] as unknown as [2, 2, 2])).toThrow(
      RangeError,
    );
  });
});
