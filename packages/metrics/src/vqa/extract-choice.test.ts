import { describe, expect, it } from 'vitest';
import { extractChoice } from './extract-choice.js';
import { gradeChoices } from './grade-choices.js';

const OPTIONS = ['Pneumonia', 'Pleural effusion', 'Pneumothorax', 'Cardiomegaly'];

describe('extractChoice', () => {
  it.each([
    ['C', 'C', 'letter'],
    ['c', 'C', 'letter'],
    ['(C)', 'C', 'letter'],
    ['C.', 'C', 'letter'],
    ['C)', 'C', 'letter'],
    ['**C**', 'C', 'letter'],
    ['  [b]\n', 'B', 'letter'],
    ['The answer is C', 'C', 'answer-phrase'],
    ['Answer: c', 'C', 'answer-phrase'],
    ['The correct answer is (D).', 'D', 'answer-phrase'],
    ['Based on the image, the correct option is B: Pleural effusion.', 'B', 'answer-phrase'],
    ['The answer is option A because the lobe is consolidated.', 'A', 'answer-phrase'],
    ['Answer: **B**', 'B', 'answer-phrase'],
    ['B. Pleural effusion', 'B', 'letter+text'],
    ['I think (d) cardiomegaly is present.', 'D', 'letter+text'],
    ['pneumothorax', 'C', 'text'],
    ['  PLEURAL   effusion!! ', 'B', 'text'],
    ['The image shows a large pneumothorax on the left.', 'C', 'text'],
    ['Looking at the film, I would choose C here.', 'C', 'letter'],
    ['A small pleural effusion is seen.', 'B', 'text'], // sentence-initial article, not option A
    ['A is correct.', 'A', 'letter'],
    ['Option B', 'B', 'letter'],
    ['Final answer: (c)', 'C', 'answer-phrase'],
  ] as const)('extracts %j as %s via %s', (response, letter, method) => {
    expect(extractChoice(response, OPTIONS)).toEqual({ letter, method });
  });

  it('prefers the longest option text when one contains another', () => {
    const options = ['pneumonia', 'viral pneumonia', 'effusion'];
    expect(extractChoice('Findings suggest viral pneumonia.', options)).toEqual({
      letter: 'B',
      method: 'text',
    });
    expect(extractChoice('Findings suggest pneumonia.', options)).toEqual({
      letter: 'A',
      method: 'text',
    });
  });

  it('does not read a letter inside an option text as a choice', () => {
    const options = ['Vitamin B12 deficiency', 'Vitamin D deficiency', 'Iron overload'];
    expect(extractChoice('vitamin d deficiency', options)).toEqual({ letter: 'B', method: 'text' });
    expect(extractChoice('It is Vitamin D deficiency.', options)).toEqual({
      letter: 'B',
      method: 'text',
    });
    expect(extractChoice('C. Iron overload', options)).toEqual({
      letter: 'C',
      method: 'letter+text',
    });
  });

  it.each([
    ['', 'empty'],
    ['   \n', 'empty'],
    ['E', 'out-of-range'],
    ['Z', 'out-of-range'],
    ['The answer is E.', 'out-of-range'],
    ['The answer is A or B.', 'ambiguous'],
    ['Either pneumonia or cardiomegaly.', 'ambiguous'],
    ['A. Pleural effusion', 'ambiguous'], // letter and text disagree
    ['B and D are both plausible.', 'ambiguous'],
    ['Neither A nor B.', 'ambiguous'],
    ['I cannot determine this from the image.', 'no-match'],
  ] as const)('fails on %j with %s, never guessing', (response, failure) => {
    const result = extractChoice(response, OPTIONS);
    expect(result.letter).toBeNull();
    expect(result).toMatchObject({ method: 'none', failure });
  });

  it('names the competing letters of an ambiguous response', () => {
    expect(extractChoice('The answer is A or B.', OPTIONS)).toMatchObject({
      candidates: ['A', 'B'],
    });
  });

  it('does not take the article in "the answer is a ..." for option A', () => {
    expect(extractChoice('The answer is a pneumothorax.', OPTIONS)).toEqual({
      letter: 'C',
      method: 'text',
    });
  });

  it('throws a RangeError without options or with more than 26', () => {
    expect(() => extractChoice('A', [])).toThrow(RangeError);
    expect(() => extractChoice('A', Array<string>(27).fill('x'))).toThrow(RangeError);
  });
});

describe('gradeChoices', () => {
  it('counts failures as wrong and reports them by reason', () => {
    const graded = gradeChoices(
      ['(B)', 'maybe', '', 'Pneumonia', 'E'],
      Array<readonly string[]>(5).fill(OPTIONS),
      ['B', 'A', 'A', 'B', 'A'],
    );
    expect([...graded.correct]).toEqual([1, 0, 0, 0, 0]);
    expect(graded.failureCount).toBe(3);
    expect(graded.failures).toEqual({ empty: 1, 'out-of-range': 1, ambiguous: 0, 'no-match': 1 });
  });

  it('throws a RangeError on length mismatch', () => {
    expect(() => gradeChoices(['A'], [], ['A'])).toThrow(RangeError);
  });
});
