import { describe, expect, it } from 'vitest';
import {
  exactMatch,
  exactMatchScore,
  normalizeAnswer,
  tokenF1,
  tokenF1Score,
} from './open-answer.js';

describe('normalizeAnswer', () => {
  it.each([
    ['The  Left-lower Lobe.', 'leftlower lobe'],
    ['An X-ray of a hand', 'xray of hand'],
    ["  don't\tknow ", 'dont know'],
    ['theme', 'theme'], // articles only as whole words
    ['', ''],
  ])('normalizes %j to %j as SQuAD does', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });
});

describe('exactMatch and tokenF1', () => {
  it('matches after normalization and takes the best reference', () => {
    expect(exactMatch('The liver.', ['liver', 'hepatic'])).toBe(1);
    expect(exactMatch('liver', 'spleen')).toBe(0);
    expect(exactMatch('liver', [])).toBe(0);
  });

  it.each([
    ['left lower lobe', 'lower lobe', 0.8], // P = 2/3, R = 1
    ['lobe lobe', 'lobe', 2 / 3], // clipped: common = 1, P = 1/2, R = 1
    ['right lung', 'left kidney', 0],
    ['the', 'a', 1], // both normalize to nothing (SQuAD v2)
    ['', 'liver', 0],
  ])('tokenF1(%j, %j) = %d', (prediction, reference, expected) => {
    expect(tokenF1(prediction, reference)).toBeCloseTo(expected, 15);
  });

  it('agrees with exact match where the texts are equal after normalization', () => {
    for (const [p, r] of [
      ['Liver!', 'the liver'],
      ['a b c', 'A, B, C'],
    ] as const) {
      expect(exactMatch(p, r)).toBe(1);
      expect(tokenF1(p, r)).toBe(1);
    }
  });

  it('averages over answers', () => {
    expect(exactMatchScore(['Liver', 'spleen'], ['liver', 'kidney'])).toBe(0.5);
    expect(tokenF1Score(['left lower lobe', 'liver'], ['lower lobe', ['x', 'liver']])).toBeCloseTo(
      0.9,
      15,
    );
  });

  it('returns NaN for no answers and throws on length mismatch', () => {
    expect(exactMatchScore([], [])).toBeNaN();
    expect(tokenF1Score([], [])).toBeNaN();
    expect(() => exactMatchScore(['a'], [])).toThrow(RangeError);
    expect(() => tokenF1Score([], ['a'])).toThrow(RangeError);
  });
});
