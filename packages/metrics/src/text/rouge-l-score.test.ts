import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL, rougeLScore, rougeLScores } from './rouge-l-score.js';
import { rougeTokenize } from './tokenize.js';

const ids = (...v: number[]) => Int32Array.from(v);

/** Textbook full-table LCS, as an independent check of the rolling-row version. */
function lcsTable(a: Int32Array, b: Int32Array): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i]![j] =
        a[i - 1] === b[j - 1]
          ? table[i - 1]![j - 1]! + 1
          : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
    }
  }
  return table[a.length]![b.length]!;
}

describe('lcsLength', () => {
  it.each([
    [ids(1, 2, 3, 4), ids(1, 3, 4), 3],
    [ids(1, 2, 3), ids(3, 2, 1), 1],
    [ids(), ids(1, 2), 0],
    [ids(1, 1, 2, 1), ids(1, 2, 1, 1), 3],
  ])('known case %#', (a, b, expected) => {
    expect(lcsLength(a, b)).toBe(expected);
    expect(lcsLength(b, a)).toBe(expected);
  });

  it('agrees with the full dynamic-programming table on random sequences', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 5;
    for (let trial = 0; trial < 200; trial++) {
      const a = Int32Array.from({ length: trial % 13 }, next);
      const b = Int32Array.from({ length: (trial * 7) % 11 }, next);
      expect(lcsLength(a, b)).toBe(lcsTable(a, b));
    }
  });
});

describe('rougeL', () => {
  it('uses the rouge_score tokenizer: lower-case, punctuation dropped, no stemming', () => {
    expect(rougeTokenize('No pleural-effusion. Lungs: CLEAR!')).toEqual([
      'no',
      'pleural',
      'effusion',
      'lungs',
      'clear',
    ]);
    expect(rougeTokenize(' .. ')).toEqual([]);
    expect(rougeL('Effusions', 'effusion').f).toBe(0);
  });

  it('computes precision against the candidate and recall against the reference (hand-computed)', () => {
    // LCS("the cat sat", "the cat was sat") = 3: P = 3/3, R = 3/4, F = 2·1·0.75/1.75.
    expect(rougeL('the cat sat', 'the cat was sat')).toEqual({
      precision: 1,
      recall: 0.75,
      f: 1.5 / 1.75,
    });
  });

  it('scores 0 when a side has no tokens', () => {
    expect(rougeL('', 'no effusion')).toEqual({ precision: 0, recall: 0, f: 0 });
    expect(rougeL('...', '')).toEqual({ precision: 0, recall: 0, f: 0 });
  });

  it('averages per-pair F (not an F of pooled counts)', () => {
    expect(
      rougeLScore(['no effusion', 'normal heart'], ['no effusion', 'enlarged heart']),
    ).toBeCloseTo(0.75, 15);
    expect(rougeLScores(['a b'], ['a b']).f[0]).toBe(1);
  });

  it('is symmetric in F', () => {
    const a = 'small left effusion with basal atelectasis',
      b = 'left basal atelectasis and small effusion';
    expect(rougeL(a, b).f).toBe(rougeL(b, a).f);
  });

  it('returns NaN for an empty corpus and throws on length mismatch', () => {
    expect(rougeLScore([], [])).toBeNaN();
    expect(() => rougeLScore(['a'], [])).toThrow(RangeError);
  });
});
