import { describe, expect, it } from 'vitest';
import { balancedAccuracyScore } from '../classification/index.js';
import {
  closedBalancedAccuracyOfRows,
  closedBalancedAccuracyScore,
  extractClosedAnswer,
  normalizeClosedAnswer,
  type ClosedAnswerExtraction,
} from './closed-answer.js';

const YES_NO = ['yes', 'no'];
const SIDES = ['left', 'right'];

describe('normalizeClosedAnswer', () => {
  it.each([
    ['  Yes, there is an effusion. ', 'yes there is effusion'],
    ['NO!!!', 'no'],
    ['The LEFT one', 'left one'],
    ['x-ray', 'x ray'],
    ["don't know", 'don t know'],
    ['Ｙｅｓ', 'yes'], // full-width letters (NFKC)
    ['...', ''],
    ['the', ''],
  ])('%j → %j', (text, expected) => {
    expect(normalizeClosedAnswer(text)).toBe(expected);
  });
});

describe('extractClosedAnswer', () => {
  const read = (e: ClosedAnswerExtraction) =>
    e.choice === null ? `fail:${e.failure}` : `${e.choice}:${e.method}`;

  it.each<[string, readonly string[], string]>([
    // exact
    ['yes', YES_NO, '0:exact'],
    ['No.', YES_NO, '1:exact'],
    ['  YES  ', YES_NO, '0:exact'],
    ['**No**', YES_NO, '1:exact'],
    ['The left.', SIDES, '0:exact'],
    // leading
    ['Yes, there is an effusion.', YES_NO, '0:leading'],
    ['No, the heart size is normal.', YES_NO, '1:leading'],
    ['Yes, no pneumothorax is seen.', YES_NO, '0:leading'],
    ['Right side, near the hilum', SIDES, '1:leading'],
    ['yes.\nThe lesion enhances', YES_NO, '0:leading'],
    // contained
    ['There is no effusion.', YES_NO, '1:contained'],
    ['The answer is yes', YES_NO, '0:contained'],
    ['Answer: (no)', YES_NO, '1:contained'],
    ['It is on the right.', SIDES, '1:contained'],
    ['I would say yes', YES_NO, '0:contained'],
    // whole words only: "no" inside "not", "know", "none", "nodule", "normal"
    ['Not sure', YES_NO, 'fail:no-match'],
    ['I do not know', YES_NO, 'fail:no-match'],
    ["I don't know", YES_NO, 'fail:no-match'],
    ['None of these', YES_NO, 'fail:no-match'],
    ['A normal nodule', YES_NO, 'fail:no-match'],
    ['yesterday', YES_NO, 'fail:no-match'],
    ['There is a nodule; not normal; no.', YES_NO, '1:contained'],
    ['Nope', YES_NO, 'fail:no-match'],
    ['Leftward shift', SIDES, 'fail:no-match'],
    // ambiguous
    ['yes or no', YES_NO, 'fail:ambiguous'],
    ['Yes/No', YES_NO, 'fail:ambiguous'],
    ['yes, no', YES_NO, 'fail:ambiguous'],
    ['Left and right', SIDES, 'fail:ambiguous'],
    ['It could be yes, it could be no', YES_NO, 'fail:ambiguous'],
    ['Both the left and the right lung', SIDES, 'fail:ambiguous'],
    // empty
    ['', YES_NO, 'fail:empty'],
    ['   ', YES_NO, 'fail:empty'],
    ['?!', YES_NO, 'fail:empty'],
  ])('%j of %j → %s', (response, choices, expected) => {
    expect(read(extractClosedAnswer(response, choices))).toBe(expected);
  });

  it('prefers the longer of two nested choices, and reads multi-word choices', () => {
    const choices = ['effusion', 'pleural effusion', 'pericardial effusion'];
    expect(extractClosedAnswer('A small pleural effusion', choices)).toEqual({
      choice: 1,
      method: 'contained',
    });
    expect(extractClosedAnswer('effusion, probably', choices)).toEqual({
      choice: 0,
      method: 'leading',
    });
    expect(extractClosedAnswer('pleural effusion or pericardial effusion', choices)).toMatchObject({
      choice: null,
      failure: 'ambiguous',
      candidates: [1, 2],
    });
    expect(extractClosedAnswer('It is an MRI scan', ['CT', 'MRI'])).toEqual({
      choice: 1,
      method: 'contained',
    });
  });

  it('names the competing choices of an ambiguous response', () => {
    expect(extractClosedAnswer('maybe right, maybe left', SIDES)).toEqual({
      choice: null,
      failure: 'ambiguous',
      candidates: [0, 1],
    });
  });

  it('refuses choice lists it cannot read answers from', () => {
    expect(() => extractClosedAnswer('yes', ['yes'])).toThrow(RangeError);
    expect(() => extractClosedAnswer('yes', ['Yes', 'yes.'])).toThrow(/distinct/);
    expect(() => extractClosedAnswer('yes', ['the', 'no'])).toThrow(/non-empty/);
    expect(() =>
      extractClosedAnswer(
        'yes',
        Array.from({ length: 11 }, (_, i) => `c${i}`),
      ),
    ).toThrow(/2 to 10/);
  });
});

describe('closedBalancedAccuracyScore', () => {
  it.each<[number[], string[], number]>([
    [[1, 1, 1, 0], ['yes', 'yes', 'no', 'no'], 0.75],
    [[1, 1, 1, 0], ['yes', 'yes', 'yes', 'no'], 0.5], // always "yes": chance, not 0.75
    [[1, 1, 1], ['left', 'right', 'yes'], 1],
    [[0, 0], ['yes', 'no'], 0],
  ])('known case %#', (correct, truth, expected) => {
    expect(closedBalancedAccuracyScore(Uint8Array.from(correct), truth)).toBeCloseTo(expected, 15);
  });

  it('equals the classification balanced accuracy on coded labels (failures a label of their own)', () => {
    // truth and prediction codes: 0 yes, 1 no, 2 left, 3 right, 4 extraction failure.
    const yTrue = Int32Array.of(0, 0, 0, 1, 1, 2, 2, 3, 0, 1, 1, 3);
    const yPred = Int32Array.of(0, 4, 1, 1, 1, 2, 3, 4, 0, 0, 1, 3);
    const names = ['yes', 'no', 'left', 'right'];
    const correct = Uint8Array.from(yTrue, (t, i) => Number(t === yPred[i]));
    expect(
      closedBalancedAccuracyScore(
        correct,
        Array.from(yTrue, (t) => names[t]!),
      ),
    ).toBeCloseTo(balancedAccuracyScore(yTrue, yPred), 15);
  });

  it('of rows equals the score of the resampled questions themselves, up to 10 answers', () => {
    const answers = Array.from({ length: 10 }, (_, i) => `a${i}`); // sorted: a0 < a1 < … < a9
    const truth = Array.from({ length: 40 }, (_, i) => answers[(i * 7) % 10]!);
    const correct = Uint8Array.from(truth, (_, i) => Number(i % 3 !== 0));
    const codes = Int32Array.from(truth, (t) => answers.indexOf(t));
    const rows = Int32Array.from([0, 0, 3, 5, 8, 13, 13, 21, 22, 30, 31, 39, 2, 17]);
    expect(closedBalancedAccuracyOfRows(correct, codes, 10, rows)).toBe(
      closedBalancedAccuracyScore(
        Uint8Array.from(rows, (i) => correct[i]!),
        Array.from(rows, (i) => truth[i]!),
      ),
    );
    expect(closedBalancedAccuracyOfRows(correct, codes, 10, new Int32Array(0))).toBeNaN();
  });

  it('is NaN without questions and refuses mismatched lengths', () => {
    expect(closedBalancedAccuracyScore(new Uint8Array(0), [])).toBeNaN();
    expect(() => closedBalancedAccuracyScore(Uint8Array.of(1), [])).toThrow(RangeError);
  });
});
