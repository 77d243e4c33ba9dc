import { describe, expect, it } from 'vitest';
import { createRng } from '../statistics/prng.js';
import { radixArgsortFloat64 } from './radix-argsort.js';
import { rocAucFromScores, scoreGroups } from './shared.js';

/** Reference: stable comparator argsort, numeric order, −0 equal to +0, NaN last. */
function plainArgsort(values: readonly number[]): number[] {
  const rank = (v: number) => (Number.isNaN(v) ? 1 : 0);
  return values
    .map((_, i) => i)
    .sort((a, b) => {
      const va = values[a]!,
        vb = values[b]!;
      return rank(va) - rank(vb) || (va < vb ? -1 : va > vb ? 1 : 0) || a - b;
    });
}

function randomValues(seed: string, n: number, { nan = false } = {}): Float64Array {
  const rng = createRng(seed);
  const pool = [
    0,
    -0,
    1,
    -1,
    0.5,
    Infinity,
    -Infinity,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    2.2250738585072014e-308,
    1e300,
    -1e-300,
  ];
  if (nan) pool.push(NaN, -NaN, new Float64Array(new Uint32Array([1, 0x7ff00000]).buffer)[0]!); // incl. a signalling NaN
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const kind = rng.nextInt(4);
    if (kind === 0)
      values[i] = pool[rng.nextInt(pool.length)]!; // special values and many ties
    else if (kind === 1)
      values[i] = rng.nextInt(16) / 8 - 1; // a few distinct values, many ties
    else if (kind === 2)
      values[i] = rng.nextFloat64(); // probabilities
    else values[i] = (rng.nextFloat64() - 0.5) * 2 ** (rng.nextInt(200) - 100); // wide exponent range
  }
  return values;
}

describe('radixArgsortFloat64', () => {
  it.each([0, 1, 2, 3, 17, 1000, 20_000])(
    'equals a stable comparator sort on random data with ties (n = %i)',
    (n) => {
      const values = randomValues(`radix-${n}`, n, { nan: true });
      const { order, nanCount } = radixArgsortFloat64(values);
      expect(Array.from(order)).toEqual(plainArgsort(Array.from(values)));
      expect(nanCount).toBe(Array.from(values).filter(Number.isNaN).length);
    },
  );

  it('gives equal keys exactly to equal values (−0 and +0 included, every NaN alike)', () => {
    const values = randomValues('keys', 5000, { nan: true });
    const { order, hi, lo } = radixArgsortFloat64(values);
    for (let i = 1; i < order.length; i++) {
      const a = values[order[i - 1]!]!,
        b = values[order[i]!]!;
      const sameKey = hi[i] === hi[i - 1] && lo[i] === lo[i - 1];
      expect(sameKey).toBe(a === b || (Number.isNaN(a) && Number.isNaN(b)));
    }
  });

  it('keeps −0 and +0 in input order as one tie', () => {
    const { order } = radixArgsortFloat64(Float64Array.of(0, -0, -1, 0, -0));
    expect(Array.from(order)).toEqual([2, 0, 1, 3, 4]);
  });

  it('sorts a column of a row-major matrix and carries a payload', () => {
    const matrix = randomValues('matrix', 3 * 700);
    const column = Array.from({ length: 700 }, (_, i) => matrix[i * 3 + 2]!);
    const expected = plainArgsort(column);
    expect(Array.from(radixArgsortFloat64(matrix, 700, 3, 2).order)).toEqual(expected);
    const payload = Int32Array.from({ length: 700 }, (_, i) => 10 * i);
    expect(Array.from(radixArgsortFloat64(matrix, 700, 3, 2, payload).order)).toEqual(
      expected.map((i) => 10 * i),
    );
    expect(() => radixArgsortFloat64(matrix, 701, 3, 2)).toThrow(RangeError);
    expect(() => radixArgsortFloat64(matrix, 700, 3, 2, new Int32Array(3))).toThrow(RangeError);
  });
});

describe('scoreGroups and rocAucFromScores on the radix order', () => {
  it('assign the rank among distinct scores, as a sort plus binary search does', () => {
    const scores = randomValues('groups', 3000);
    const distinct = Array.from(new Set(Array.from(scores, (s) => s + 0))).sort((a, b) => a - b);
    const { groupOf, groupCount } = scoreGroups('test', scores, scores.length);
    expect(groupCount).toBe(distinct.length);
    expect(Array.from(groupOf)).toEqual(Array.from(scores, (s) => distinct.indexOf(s + 0)));
  });

  it('name the first NaN sample, with or without a payload', () => {
    const scores = Float64Array.of(0.2, 0.1, NaN, 0.3, NaN);
    expect(() => scoreGroups('m', scores, 5)).toThrow('m: score of sample 2 is NaN');
    expect(() => rocAucFromScores('m', Int32Array.of(0, 1, 0, 1, 1), scores, 1)).toThrow(
      'm: score of sample 2 is NaN',
    );
  });

  it('computes the Mann–Whitney AUROC with ties counted 1/2', () => {
    const yTrue = Int32Array.of(0, 1, 0, 1, 1, 0);
    const scores = Float64Array.of(0.1, 0.4, 0.4, -0, 0, 0.9);
    // Pairs (pos, neg): 0.4 vs {0.1 win, 0.4 tie, 0.9 loss}, -0 and 0 vs {0.1, 0.4, 0.9}: losses.
    expect(rocAucFromScores('m', yTrue, scores, 1)).toBe(1.5 / 9);
    expect(rocAucFromScores('m', Int32Array.of(1, 1), Float64Array.of(0.1, 0.2), 1)).toBeNaN();
    expect(rocAucFromScores('m', new Int32Array(0), new Float64Array(0), 1)).toBeNaN();
  });
});
