import { describe, expect, it } from 'vitest';
import { bootstrap, takeByIndex, takeRowsByIndex } from './bootstrap.js';
import { bootstrapIndices } from './bootstrap-indices.js';
import { percentileBootstrapCi } from './percentile-bootstrap-ci.js';

describe('bootstrap', () => {
  it('evaluates the statistic once per replicate row', () => {
    const indices = Int32Array.of(0, 0, 1, 1, 2, 2);
    const values = Float64Array.of(10, 20, 30);
    const means = bootstrap(
      (row) => {
        let sum = 0;
        for (const i of row) sum += values[i]!;
        return sum / row.length;
      },
      indices,
      2,
    );
    expect(Array.from(means)).toEqual([10, 20, 30]);
  });

  it('gives a bootstrap CI of the mean that covers the sample mean', () => {
    const n = 400;
    const data = Float64Array.from({ length: n }, (_, i) => (i % 10) / 10);
    const sampleMean = data.reduce((a, b) => a + b, 0) / n;
    const buffer = new Float64Array(n);
    const means = bootstrap(
      (row) => takeByIndex(data, row, buffer).reduce((a, b) => a + b, 0) / n,
      bootstrapIndices(n, 500, 'mean-ci'),
      n,
    );
    const { ci } = percentileBootstrapCi(means);
    expect(ci[0]).toBeLessThan(sampleMean);
    expect(ci[1]).toBeGreaterThan(sampleMean);
    // Standard error of the mean of this data is about 0.0144: the 95% CI is about ±0.028.
    expect(ci[1] - ci[0]).toBeGreaterThan(0.04);
    expect(ci[1] - ci[0]).toBeLessThan(0.075);
  });

  it('reports progress up to 1', () => {
    const seen: number[] = [];
    bootstrap(() => 0, new Int32Array(40), 1, { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f > seen[i - 1]!)).toBe(true);
  });

  it('rejects an index matrix that is not whole rows', () => {
    expect(() => bootstrap(() => 0, new Int32Array(5), 2)).toThrow(RangeError);
  });
});

describe('takeRowsByIndex', () => {
  it('copies whole rows of a row-major matrix', () => {
    const matrix = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(
      Array.from(takeRowsByIndex(matrix, 2, Int32Array.of(2, 0), new Float64Array(4))),
    ).toEqual([5, 6, 1, 2]);
  });
});
