import { describe, expect, it } from 'vitest';
import { parseClosedVqaConfig } from './closed-vqa-config.js';

describe('parseClosedVqaConfig', () => {
  it('defaults to yes/no and breakdown cells of 20', () => {
    expect(parseClosedVqaConfig({})).toEqual({ answerSet: ['yes', 'no'], minCategorySize: 20 });
  });

  it('keeps an answer set as the curator spelt it', () => {
    expect(
      parseClosedVqaConfig({ answerSet: ['Present', 'Absent', 'Unclear'], minCategorySize: 5 }),
    ).toEqual({ answerSet: ['Present', 'Absent', 'Unclear'], minCategorySize: 5 });
  });

  it.each<[unknown, RegExp]>([
    ['yes,no', /answerSet must list 2 to 10 answer texts, e\.g\. \["yes", "no"\]; found "yes,no"/],
    [['yes'], /answerSet must list 2 to 10/],
    [Array.from({ length: 11 }, (_, i) => `a${i}`), /answerSet must list 2 to 10/],
    [['yes', 1], /answerSet must list 2 to 10/],
    [['yes', 'the'], /answerSet entry "the" has no letter or digit besides articles/],
    [['Yes', 'no', 'yes.'], /entries "Yes" and "yes\." are the same answer/],
  ])('refuses answerSet %j as a curator error', (answerSet, message) => {
    expect(() => parseClosedVqaConfig({ answerSet })).toThrow(message);
    expect(() => parseClosedVqaConfig({ answerSet })).toThrow(/^closed-vqa track misconfigured: /);
  });

  it('refuses a bad minCategorySize', () => {
    expect(() => parseClosedVqaConfig({ minCategorySize: 1.5 })).toThrow(
      /minCategorySize must be a positive integer/,
    );
  });
});
