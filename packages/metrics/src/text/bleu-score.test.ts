import { describe, expect, it } from 'vitest';
import {
  computeBleuStatistics,
  computeBleuStatisticsFromIds,
  corpusBleuFromStatistics,
  meanSentenceBleuFromStatistics,
  corpusBleuScore,
  meanSentenceBleuScore,
  sentenceBleuScore,
  sentenceBleuScores,
} from './bleu-score.js';
import { spaceTokenize, Vocabulary } from './tokenize.js';

const t = spaceTokenize;

describe('corpusBleuScore', () => {
  it('pools clipped counts and lengths over the corpus (hand-computed)', () => {
    // p1 = (3 + 2)/(4 + 2) (the clipped to 2, sat unmatched), p2 = (1 + 1)/(3 + 1);
    // c = 6 < r = 10, BP = exp(1 − 10/6). nltk 3.8 gives 0.3314093252785033.
    const candidates = [t('the the cat sat'), t('a cat')];
    const references = [[t('the cat is on the mat')], [t('there is a cat')]];
    const expected = Math.exp(1 - 10 / 6) * Math.sqrt((5 / 6) * (2 / 4));
    expect(corpusBleuScore(candidates, references, { maxOrder: 2 })).toBeCloseTo(expected, 15);
    expect(corpusBleuScore(candidates, references, { maxOrder: 2 })).toBeCloseTo(
      0.3314093252785033,
      15,
    );
  });

  it('is not the mean of sentence BLEUs', () => {
    const candidates = [t('the the cat sat'), t('a cat')];
    const references = [[t('the cat is on the mat')], [t('there is a cat')]];
    const corpus = corpusBleuScore(candidates, references, { maxOrder: 2 });
    const mean = meanSentenceBleuScore(candidates, references, { maxOrder: 2, smoothing: 'none' });
    expect(Math.abs(corpus - mean)).toBeGreaterThan(1e-3);
  });

  it('scores an identical corpus 1 for every order', () => {
    const text = [t('no pleural effusion or pneumothorax .')];
    for (const maxOrder of [1, 2, 3, 4]) {
      expect(corpusBleuScore(text, [text], { maxOrder })).toBeCloseTo(1, 15);
    }
  });

  it('keeps nltk method0: a missing order becomes the smallest normal double, not 0', () => {
    // nltk 3.8: corpus_bleu([[ref1, ref2]], [hyp]) = 6.313993041533344e-78 for this docstring case.
    const hyp = t('the cat the cat on the mat');
    const refs = [t('the cat is on the mat'), t('a cat is on the mat')];
    expect(corpusBleuScore([hyp], [refs])).toBeCloseTo(6.313993041533344e-78, 90);
    expect(corpusBleuScore([hyp], [refs], { smoothing: 'method1' })).toBeGreaterThan(0.1);
  });

  it('clips each n-gram by its largest count in any single reference', () => {
    // "the" ×3 in the candidate; references hold it twice and once: clipped to 2 → p1 = 2/3.
    const score = corpusBleuScore([t('the the the')], [[t('the a the'), t('the b')]], {
      maxOrder: 1,
    });
    expect(score).toBeCloseTo(2 / 3, 15);
  });

  it('takes the closest reference length, the shorter one on ties', () => {
    const stats = computeBleuStatistics([t('a b c')], [[t('a b c d'), t('a b')]], 1);
    expect(stats.referenceLengths[0]).toBe(2);
  });

  it('returns 0 without unigram matches and for an empty candidate, NaN for an empty corpus', () => {
    expect(corpusBleuScore([t('x')], [[t('a b')]])).toBe(0);
    expect(corpusBleuScore([[]], [[t('a b')]])).toBe(0);
    expect(corpusBleuScore([], [])).toBeNaN();
  });

  it('throws a RangeError on length mismatch or a bad order', () => {
    expect(() => corpusBleuScore([t('a')], [])).toThrow(RangeError);
    expect(() => corpusBleuScore([t('a')], [[t('a')]], { maxOrder: 0 })).toThrow(RangeError);
    const stats = computeBleuStatistics([t('a')], [[t('a')]], 2);
    expect(() => corpusBleuFromStatistics(stats, { maxOrder: 3 })).toThrow(RangeError);
  });

  it('is invariant to pair order', () => {
    const c = [t('a b c d'), t('e f g'), t('h i')];
    const r = [[t('a b d c')], [t('e f g h')], [t('i h')]];
    const perm = [2, 0, 1];
    const pc = perm.map((i) => c[i] ?? []),
      pr = perm.map((i) => r[i] ?? []);
    expect(corpusBleuScore(pc, pr, { smoothing: 'method1' })).toBe(
      corpusBleuScore(c, r, { smoothing: 'method1' }),
    );
  });
});

describe('sentence BLEU', () => {
  it('adds epsilon to zero counts with method1 (hand-computed)', () => {
    // p1 = 1/2, p2 = (0 + 0.1)/1, BP = 1 → sqrt(0.05).
    expect(sentenceBleuScore(t('a c'), [t('a b')], { maxOrder: 2 })).toBeCloseTo(
      Math.sqrt(0.05),
      15,
    );
  });

  it('equals nltk sentence_bleu with a brevity penalty', () => {
    // nltk 3.8 sentence_bleu([ref], hyp, smoothing_function=method1) = 0.5789300674674098.
    const score = sentenceBleuScore(t('the cat sat on mat'), [t('the cat sat on the mat')]);
    expect(score).toBeCloseTo(0.5789300674674098, 15);
    expect(score).toBeCloseTo(
      Math.exp(1 - 6 / 5) * Math.pow((5 / 5) * (3 / 4) * (2 / 3) * (1 / 2), 1 / 4),
      15,
    );
  });

  it('scores each pair alone', () => {
    const scores = sentenceBleuScores([t('a b'), t('x y')], [[t('a b')], [t('p q')]], {
      maxOrder: 2,
    });
    expect([...scores]).toEqual([1, 0]);
  });
});

describe('token-id path', () => {
  const texts = [
    ['no pleural effusion .', 'no effusion or pneumothorax .'],
    ['the the cat sat on the mat', 'the cat is on the mat'],
    ['', 'a b'],
    ['a  b c', 'a b  c d'], // consecutive spaces give empty tokens, as str.split(" ")
  ] as const;

  it("gives the string APIs' values to the bit, with one or several references", () => {
    const candidates = texts.map(([c]) => t(c));
    const references = texts.map(([, r]) => [t(r), t(`${r} extra`)]);
    const vocabulary = new Vocabulary();
    const stats = computeBleuStatisticsFromIds(
      texts.map(([c]) => vocabulary.encodeSpaceTokenized(c)),
      texts.map(([, r]) => [
        vocabulary.encodeSpaceTokenized(r),
        vocabulary.encodeSpaceTokenized(`${r} extra`),
      ]),
    );
    expect(stats).toEqual(computeBleuStatistics(candidates, references));
    expect(meanSentenceBleuFromStatistics(stats, { smoothing: 'method1' })).toBe(
      meanSentenceBleuScore(candidates, references, { smoothing: 'method1' }),
    );
    expect(corpusBleuFromStatistics(stats)).toBe(corpusBleuScore(candidates, references));
    expect(meanSentenceBleuFromStatistics(computeBleuStatisticsFromIds([], []))).toBeNaN();
  });
});
