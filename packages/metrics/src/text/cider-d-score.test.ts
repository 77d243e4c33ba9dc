import { describe, expect, it } from 'vitest';
import { ciderDScore } from './cider-d-score.js';
import { spaceTokenize } from './tokenize.js';

const t = spaceTokenize;

describe('ciderDScore', () => {
  it('matches a hand computation (two images, one reference each)', () => {
    // IDF = log 2 − log max(1, df). Image 1 is exact: orders 1 and 2 have cosine 1, orders 3–4 are
    // empty (0) → 10·(1 + 1)/4 = 5. Image 2: unigram "c" matches, "e" does not → cosine
    // (log 2)²/(√2·log 2 · √2·log 2) = 1/2; no bigram matches → 10·0.5/4 = 1.25. Mean 3.125.
    const result = ciderDScore([t('a b'), t('c e')], [[t('a b')], [t('c d')]]);
    expect(result.scores[0]).toBeCloseTo(5, 14);
    expect(result.scores[1]).toBeCloseTo(1.25, 14);
    expect(result.score).toBeCloseTo(3.125, 14);
  });

  it('clips repeated n-grams and applies the Gaussian length penalty on the bigram count', () => {
    // Candidate "a b a" vs "a b": unigram weights a = 2·log 2, b = log 2 against a = b = log 2:
    // Σ min·ref = 2(log 2)², norms √5·log 2 and √2·log 2 → 2/√10. Bigrams "a b" (match) and
    // "b a" (IDF log 2, no match) → 1/√2. δ = 2 − 1 bigrams → exp(−1/72).
    const { scores } = ciderDScore([t('a b a'), t('c d')], [[t('a b')], [t('c d')]]);
    const expected = (((2 / Math.sqrt(10) + 1 / Math.sqrt(2)) * Math.exp(-1 / 72)) / 4) * 10;
    expect(scores[0]).toBeCloseTo(expected, 14);
    expect(scores[0]).toBeCloseTo(3.3027147165493185, 14); // the reference CiderD scorer
    expect(scores[1]).toBeCloseTo(5, 14);
  });

  it("averages over an image's references", () => {
    const one = ciderDScore([t('a b'), t('c d')], [[t('a b')], [t('c d')]]).scores[0] ?? 0;
    const two =
      ciderDScore([t('a b'), t('c d')], [[t('a b'), t('x y')], [t('c d')]]).scores[0] ?? 0;
    expect(two).toBeLessThan(one);
    expect(two).toBeGreaterThan(0);
  });

  it('scores a one-image corpus 0, as the corpus IDF is log 1 = 0', () => {
    expect(ciderDScore([t('a b c')], [[t('a b c')]]).score).toBe(0);
  });

  it('is invariant to image order', () => {
    const c = [t('a b c'), t('b c d'), t('x y')];
    const r = [[t('a b d')], [t('b c d e')], [t('x z y')]];
    const forward = ciderDScore(c, r);
    const backward = ciderDScore([...c].reverse(), [...r].reverse());
    expect([...backward.scores].reverse()).toEqual([...forward.scores]);
  });

  it('agrees with the reference CiderD scorer on a mixed corpus (multiple references, empty candidate)', () => {
    // vrama91/cider ciderD_scorer.py @3b388bd run under Python 3 (only iteritems/xrange renamed):
    // score 2.381513604129851, per image [5.953306671309635, 1.9961486303651588, 1.5765991148446092, 0].
    const w = (text: string) => text.split(/\s+/).filter((token) => token !== ''); // Python str.split()
    const result = ciderDScore(
      [w('the cat sat on the mat'), w('a dog runs'), w('red'), w('')],
      [
        [w('a cat sat on the mat'), w('the cat is on the mat')],
        [w('the dog runs fast'), w('dog running')],
        [w('a red car')],
        [w('nothing here')],
      ],
    );
    const expected = [5.953306671309635, 1.9961486303651588, 1.5765991148446092, 0];
    expected.forEach((value, i) => expect(result.scores[i]).toBeCloseTo(value, 13));
    expect(result.score).toBeCloseTo(2.381513604129851, 13);
  });

  it('returns NaN without images and throws on length mismatch or a missing reference', () => {
    expect(ciderDScore([], []).score).toBeNaN();
    expect(() => ciderDScore([t('a')], [])).toThrow(RangeError);
    expect(() => ciderDScore([t('a')], [[]])).toThrow(RangeError);
  });
});
