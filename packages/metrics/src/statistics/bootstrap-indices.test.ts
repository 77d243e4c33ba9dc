import { describe, expect, it } from 'vitest';
import { bootstrapIndices, bootstrapRowRng } from './bootstrap-indices.js';

describe('bootstrapIndices', () => {
  it('returns replicates × n indices in [0, n)', () => {
    const indices = bootstrapIndices(50, 20, 'shape');
    expect(indices).toBeInstanceOf(Int32Array);
    expect(indices.length).toBe(1000);
    expect(indices.every((i) => i >= 0 && i < 50)).toBe(true);
  });

  it('is reproducible from the seed and changes with it', () => {
    expect(bootstrapIndices(100, 5, 'a')).toEqual(bootstrapIndices(100, 5, 'a'));
    expect(bootstrapIndices(100, 5, 'a')).not.toEqual(bootstrapIndices(100, 5, 'b'));
  });

  it('keeps stored benchmarks stable: golden first row for seed "medrank"', () => {
    // If this changes, every stored confidence interval changes: bump metric versions.
    expect(Array.from(bootstrapIndices(10, 1, 'medrank'))).toEqual(GOLDEN_ROW);
  });

  it.each([1, 2, 7, 1000, 65_537, 3_000_001])(
    'row b is n nextInt(n) draws of bootstrapRowRng (n = %i)',
    (n) => {
      const indices = bootstrapIndices(n, 2, 'rows', { firstReplicate: 5 });
      for (let b = 0; b < 2; b++) {
        const rng = bootstrapRowRng('rows', 5 + b);
        const expected = Int32Array.from({ length: Math.min(n, 5000) }, () => rng.nextInt(n));
        expect(indices.subarray(b * n, b * n + expected.length)).toEqual(expected);
      }
    },
  );

  it('gives the same rows when generated in chunks', () => {
    const all = bootstrapIndices(30, 10, 7);
    const first = bootstrapIndices(30, 4, 7);
    const rest = bootstrapIndices(30, 6, 7, { firstReplicate: 4 });
    expect(Array.from(all)).toEqual([...first, ...rest]);
  });

  it('draws each sample about once per replicate on average', () => {
    const n = 200,
      replicates = 500;
    const counts = new Float64Array(n);
    for (const i of bootstrapIndices(n, replicates, 'mean')) counts[i]!++;
    for (const c of counts) expect(Math.abs(c / replicates - 1)).toBeLessThan(0.3);
  });

  it('writes into a reused buffer with the same rows', () => {
    const out = new Int32Array(40 * 7 + 5).fill(-1);
    const view = bootstrapIndices(40, 7, 'into', { firstReplicate: 3, out });
    expect(view.buffer).toBe(out.buffer);
    expect(Array.from(view)).toEqual(
      Array.from(bootstrapIndices(40, 7, 'into', { firstReplicate: 3 })),
    );
    expect(Array.from(out.subarray(280))).toEqual([-1, -1, -1, -1, -1]);
    expect(() => bootstrapIndices(40, 8, 'into', { out })).toThrow(RangeError);
  });

  it.each([2, 3, 10, 999, 10_000, 65_536, 1_000_003])(
    'reduces exactly as nextInt, including outputs that are multiples of n (n = %i)',
    (n) => {
      // Outputs u ≥ 2^31 and exact multiples of n exercise the ±n correction of the quotient estimate.
      const indices = bootstrapIndices(n, 1, 'edge').subarray(0, Math.min(n, 20_000));
      const rng = bootstrapRowRng('edge', 0);
      expect(Array.from(indices)).toEqual(
        Array.from({ length: indices.length }, () => rng.nextInt(n)),
      );
    },
  );

  it('handles n = 0 and rejects invalid sizes', () => {
    expect(bootstrapIndices(0, 10, 1).length).toBe(0);
    expect(() => bootstrapIndices(-1, 10, 1)).toThrow(RangeError);
    expect(() => bootstrapIndices(10, 1.5, 1)).toThrow(RangeError);
    expect(() => bootstrapIndices(2 ** 20, 2 ** 12, 1)).toThrow(/chunks/);
  });
});

const GOLDEN_ROW = [1, 3, 5, 0, 4, 0, 2, 8, 4, 1];
