import { describe, expect, it } from 'vitest';
import {
  meanMeteorScore,
  meteorScore,
  meteorScores,
  type SynonymProvider,
} from './meteor-score.js';
import { spaceTokenize } from './tokenize.js';

const t = spaceTokenize;

/** A stand-in WordNet: word → lemma names of its synsets (the same table was given to nltk). */
function fakeWordNet(table: Record<string, string[]>): SynonymProvider & { calls: string[] } {
  const calls: string[] = [];
  const provider = (word: string) => {
    calls.push(word);
    return new Set(table[word] ?? []);
  };
  return Object.assign(provider, { calls });
}
const TABLE = { larg: ['big', 'large', 'great_big'], big: ['large'], heart: ['cardiac', 'heart'] };

describe('meteorScore', () => {
  it('matches a hand computation: P = R = 1, one chunk of two matches', () => {
    // F_mean = 1; penalty = 0.5·(1/2)³ = 0.0625.
    expect(meteorScore(t('the cat'), [t('the cat')], { synonyms: fakeWordNet({}) })).toBe(0.9375);
  });

  // Expected values: nltk 3.8 meteor_score(refs, hyp, wordnet=<object serving TABLE>).
  it.each([
    ['a big effusion on the left', ['large left effusion'], 0.30303030303030304],
    ['cats are sitting on the mats', ['the cat sat on the mat'], 0.625],
    [
      'Heart size normal .',
      ['heart size is normal .', 'the cardiac silhouette is normal'],
      0.7653061224489797,
    ],
    ['x y z', ['a b'], 0],
    ['the the the', ['the'], 0.4166666666666667],
  ])('equals nltk 3.8 for %j', (candidate, references, expected) => {
    const score = meteorScore(t(candidate), references.map(t), { synonyms: fakeWordNet(TABLE) });
    expect(score).toBeCloseTo(expected, 15);
  });

  it('looks synonyms up for the stemmed leftovers, as nltk 3.8 does', () => {
    // "big" ↔ "large" would match, but the reference word has become "larg" by the synonym stage.
    const wordNet = fakeWordNet(TABLE);
    meteorScore(t('a big effusion'), [t('large effusion')], { synonyms: wordNet });
    expect(wordNet.calls).toEqual(['big', 'a']);
    const direct = meteorScore(t('big'), [t('huge')], { synonyms: fakeWordNet({ big: ['huge'] }) });
    expect(direct).toBeCloseTo(0.5, 15); // P = R = 1, 1 chunk / 1 match → penalty 0.5
  });

  it('ignores multi-word lemmas', () => {
    const score = meteorScore(t('big'), [t('great_big')], {
      synonyms: fakeWordNet({ big: ['great_big'] }),
    });
    expect(score).toBe(0);
  });

  it('takes the best reference and is 0 for empty sides', () => {
    const synonyms = fakeWordNet({});
    const both = meteorScore(t('no effusion'), [t('x'), t('no effusion')], { synonyms });
    expect(both).toBe(meteorScore(t('no effusion'), [t('no effusion')], { synonyms }));
    expect(meteorScore([], [t('a')], { synonyms })).toBe(0);
    expect(meteorScore(t('a'), [[]], { synonyms })).toBe(0);
  });

  it('averages over candidates and validates its inputs', () => {
    const synonyms = fakeWordNet({});
    const scores = meteorScores([t('the cat'), t('x')], [[t('the cat')], [t('y')]], { synonyms });
    expect([...scores]).toEqual([0.9375, 0]);
    expect(meanMeteorScore([t('the cat'), t('x')], [[t('the cat')], [t('y')]], { synonyms })).toBe(
      0.46875,
    );
    expect(meanMeteorScore([], [], { synonyms })).toBeNaN();
    expect(() => meteorScores([t('a')], [], { synonyms })).toThrow(RangeError);
    expect(() => meteorScores([t('a')], [[]], { synonyms })).toThrow(RangeError);
  });
});
