import { describe, expect, it } from 'vitest';
import {
  ptbLowerTokenize,
  PTB_PUNCTUATION,
  pythonWhitespaceSplit,
  textNormalizationTokenizer,
  treebankWordTokenize,
} from './ptb-tokenize.js';
import { spaceTokenize } from './tokenize.js';

// Expected tokens are nltk 3.8's (TreebankWordTokenizer's doctests and the same calls run by hand);
// text-normalization.parity.test.ts checks many more against nltk itself.
describe('treebankWordTokenize', () => {
  it.each([
    [
      'Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.',
      // nltk's doctest: only the period that ends the text is split off
      ['Good', 'muffins', 'cost', '$', '3.88', 'in', 'New', 'York.', 'Please', 'buy', 'me'].concat([
        'two',
        'of',
        'them.',
        'Thanks',
        '.',
      ]),
    ],
    ["They'll save and invest more.", ['They', "'ll", 'save', 'and', 'invest', 'more', '.']],
    ["hi, my name can't hello,", ['hi', ',', 'my', 'name', 'ca', "n't", 'hello', ',']],
    ['Pneumonia cannot be excluded.', ['Pneumonia', 'can', 'not', 'be', 'excluded', '.']],
    ['A 3,5 cm lesion; 10:30', ['A', '3,5', 'cm', 'lesion', ';', '10:30']],
    ['so-called "tree-in-bud"', ['so-called', '``', 'tree-in-bud', "''"]],
    ['e.g. edema -- or not...', ['e.g.', 'edema', '--', 'or', 'not', '...']],
    ["the patients' lungs", ['the', 'patients', "'", 'lungs']],
  ])('tokenizes %j as nltk does', (text, expected) => {
    expect(treebankWordTokenize(text)).toEqual(expected);
  });

  it('splits a colon or comma before a line break that ends the text, as Python`s `$` allows', () => {
    expect(treebankWordTokenize('Lungs: clear,\n')).toEqual(['Lungs', ':', 'clear', ',']);
  });

  it('turns brackets into PTB symbols only when asked', () => {
    expect(treebankWordTokenize('(2.5 cm) [x] {y}')).toEqual([
      '(',
      '2.5',
      'cm',
      ')',
      '[',
      'x',
      ']',
      '{',
      'y',
      '}',
    ]);
    expect(treebankWordTokenize('(2.5 cm) [x] {y}', { convertParentheses: true })).toEqual([
      '-LRB-',
      '2.5',
      'cm',
      '-RRB-',
      '-LSB-',
      'x',
      '-RSB-',
      '-LCB-',
      'y',
      '-RCB-',
    ]);
  });

  it('gives no tokens for empty or blank text', () => {
    expect(treebankWordTokenize('')).toEqual([]);
    expect(treebankWordTokenize(' \n\t')).toEqual([]);
  });
});

describe('pythonWhitespaceSplit', () => {
  it('splits on every character Python calls whitespace, and nothing else', () => {
    expect(pythonWhitespaceSplit(' a\u00a0b\x1cc\x85d\u3000e\ufefff\n')).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e\ufefff',
    ]);
  });
});

describe('ptbLowerTokenize', () => {
  it('lower-cases and drops punctuation, keeping hyphenated words and decimals whole', () => {
    expect(
      ptbLowerTokenize('Well-defined 2.5 cm nodule (series 3, image 45); T2-weighted.'),
    ).toEqual(['well-defined', '2.5', 'cm', 'nodule', 'series', '3', 'image', '45', 't2-weighted']);
  });

  it('makes line breaks and repeated spaces one separator, so layout never changes tokens', () => {
    const oneLine = 'FINDINGS: Lungs are clear. IMPRESSION: Normal.';
    expect(ptbLowerTokenize('FINDINGS:\nLungs are clear.\n\n IMPRESSION:  Normal.\n')).toEqual(
      ptbLowerTokenize(oneLine),
    );
    // nltk keeps a period inside the text on its word (one-sentence tokenizer).
    expect(ptbLowerTokenize(oneLine)).toEqual([
      'findings',
      'lungs',
      'are',
      'clear.',
      'impression',
      'normal',
    ]);
  });

  it('keeps what pycocoevalcap keeps: clitics, symbols, square brackets', () => {
    expect(ptbLowerTokenize("Patient's [redacted] 40% doesn't")).toEqual([
      'patient',
      "'s",
      '-LSB-',
      'redacted',
      '-RSB-',
      '40',
      '%',
      'does',
      "n't",
    ]);
  });

  it('returns no tokens for text that is only punctuation', () => {
    expect(ptbLowerTokenize('... -- ; ?')).toEqual([]);
    expect(ptbLowerTokenize('')).toEqual([]);
  });

  it('drops exactly pycocoevalcap`s PUNCTUATIONS list', () => {
    expect([...PTB_PUNCTUATION].sort()).toEqual(
      ["''", "'", '``', '`', '-LRB-', '-RRB-', '-LCB-', '-RCB-']
        .concat(['.', '?', '!', ',', ':', '-', '--', '...', ';'])
        .sort(),
    );
  });
});

describe('textNormalizationTokenizer', () => {
  it('gives str.split(" ") for whitespace and the PTB pipeline for ptb-lower', () => {
    const text = 'No  effusion.\nSilhouette.';
    expect(textNormalizationTokenizer('whitespace')(text)).toEqual(spaceTokenize(text));
    expect(textNormalizationTokenizer('whitespace')(text)).toEqual([
      'No',
      '',
      'effusion.\nSilhouette.',
    ]);
    expect(textNormalizationTokenizer('ptb-lower')(text)).toEqual([
      'no',
      'effusion.',
      'silhouette',
    ]);
  });
});
