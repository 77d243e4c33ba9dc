// The "ptb-lower" text normalization (text-normalization.ts): lower-case, Penn Treebank tokens as
// nltk 3.8's TreebankWordTokenizer gives them, punctuation dropped as pycocoevalcap does. The
// regular expressions follow nltk/tokenize/treebank.py rule by rule, in its order; where Python's
// `re` and JavaScript's differ, the JavaScript is written out to mean what Python's does:
// - `\s` is Python's Unicode whitespace (str.isspace), which adds \x1c–\x1f and \x85 to JS's and
//   leaves out U+FEFF;
// - `$` (no MULTILINE) also matches before a final "\n", hence `(?=\n?$)`;
// - `\d` is any Unicode decimal digit (`\p{Nd}`);
// - `\b` and `\w` are Unicode word characters (letters, numbers, "_"), written as lookarounds;
// - under (?i), Python also lets "i" match "ı" and "İ" (sre's extra case pairs); JS's /iu does not.
// Every regex has the `u` flag, so classes see code points as Python does.

import type { TextNormalization } from './text-normalization.js';
import { spaceTokenize } from './tokenize.js';

const SPACE =
  '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const WORD = '[\\p{L}\\p{N}_]';
const WORD_START = `(?<!${WORD})`;
const WORD_END = `(?!${WORD})`;
const END = '(?=\\n?$)';
const WHITESPACE_RUN = new RegExp(`${SPACE}+`, 'u');

type Rule = readonly [pattern: RegExp, replacement: string];

// nltk's replacement strings use \1 and \g<0>; here $1 and $&.
const STARTING_QUOTES: readonly Rule[] = [
  [/^"/u, '``'],
  [/``/gu, ' `` '],
  [/([ ([{<])("|'{2})/gu, '$1 `` '],
];

const PUNCTUATION: readonly Rule[] = [
  [/([:,])([^\p{Nd}])/gu, ' $1 $2'],
  [new RegExp(`([:,])${END}`, 'gu'), ' $1 '],
  [/\.\.\./gu, ' ... '],
  [/[;@#$%&]/gu, ' $& '],
  // The final period: only the one that ends the text (closing brackets and quotes may follow).
  [new RegExp(`([^.])(\\.)([\\])}>"']*)${SPACE}*${END}`, 'gu'), '$1 $2$3 '],
  [/[?!]/gu, ' $& '],
  [/([^'])' /gu, "$1 ' "],
];

const PARENS_BRACKETS: Rule = [/[\][(){}<>]/gu, ' $& '];

// nltk's `convert_parentheses=True`: the PTB symbols pycocoevalcap's punctuation list names.
const CONVERT_PARENTHESES: readonly Rule[] = [
  [/\(/gu, '-LRB-'],
  [/\)/gu, '-RRB-'],
  [/\[/gu, '-LSB-'],
  [/\]/gu, '-RSB-'],
  [/\{/gu, '-LCB-'],
  [/\}/gu, '-RCB-'],
];

const DOUBLE_DASHES: Rule = [/--/gu, ' -- '];

const ENDING_QUOTES: readonly Rule[] = [
  [/''/gu, " '' "],
  [/"/gu, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /gu, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /gu, '$1 $2 '],
];

// MacIntyre's contractions (nltk's CONTRACTIONS2 and CONTRACTIONS3, case-insensitive).
const I = '[iıİ]';
const CONTRACTIONS: readonly Rule[] = [
  ...[
    ['can', 'not'],
    ['d', "'ye"],
    [`g${I}m`, 'me'],
    ['gon', 'na'],
    ['got', 'ta'],
    ['lem', 'me'],
    ['more', "'n"],
  ].map(([first, second]): Rule => [
    new RegExp(`${WORD_START}(${first})(${second})${WORD_END}`, 'giu'),
    ' $1 $2 ',
  ]),
  [new RegExp(`${WORD_START}(wan)(na)(?=${SPACE})`, 'giu'), ' $1 $2 '],
  [new RegExp(` ('t)(${I}s)${WORD_END}`, 'giu'), ' $1 $2 '],
  [new RegExp(` ('t)(was)${WORD_END}`, 'giu'), ' $1 $2 '],
];

const applyRules = (text: string, rules: readonly Rule[]) =>
  rules.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);

/** Python's `str.split()` without arguments: split on whitespace runs, no empty tokens. */
export function pythonWhitespaceSplit(text: string): string[] {
  return text.split(WHITESPACE_RUN).filter((token) => token !== '');
}

/**
 * Penn Treebank word tokens exactly as nltk 3.8's `TreebankWordTokenizer().tokenize(text,
 * convert_parentheses)` gives them: contractions split ("don't" → "do n't"), most punctuation its
 * own token, commas and colons split unless a digit follows ("3,5" stays), "..." and "--" split,
 * double quotes turned into `` and ''. Periods are split off only at the end of the text: nltk
 * expects one sentence, so "effusion. Heart" keeps "effusion." whole. Case is kept.
 * @see nltk 3.8 nltk/tokenize/treebank.py, after Robert MacIntyre's tokenizer.sed.
 * @example treebankWordTokenize('No effusion (2.5 cm).') // ['No', 'effusion', '(', '2.5', 'cm', ')', '.']
 */
export function treebankWordTokenize(
  text: string,
  { convertParentheses = false }: { convertParentheses?: boolean } = {},
): string[] {
  let t = applyRules(text, STARTING_QUOTES);
  t = applyRules(t, PUNCTUATION);
  t = applyRules(t, [PARENS_BRACKETS]);
  if (convertParentheses) t = applyRules(t, CONVERT_PARENTHESES);
  t = applyRules(t, [DOUBLE_DASHES]);
  t = applyRules(` ${t} `, ENDING_QUOTES);
  t = applyRules(t, CONTRACTIONS);
  return pythonWhitespaceSplit(t);
}

/**
 * The tokens pycocoevalcap's PTBTokenizer drops after tokenizing (its PUNCTUATIONS list). Square
 * brackets (-LSB-, -RSB-) and "/" are not in it, so they stay tokens, as in pycocoevalcap.
 */
export const PTB_PUNCTUATION: ReadonlySet<string> = new Set([
  "''",
  "'",
  '``',
  '`',
  '-LRB-',
  '-RRB-',
  '-LCB-',
  '-RCB-',
  '.',
  '?',
  '!',
  ',',
  ':',
  '-',
  '--',
  '...',
  ';',
]);

/**
 * The "ptb-lower" normalization: the text lower-cased (`toLowerCase`, Python's `str.lower`), every
 * whitespace run (line breaks, tabs, repeated spaces) made one space, as pycocoevalcap turns line
 * breaks into spaces, so the layout of a report never changes its tokens; then
 * `treebankWordTokenize` with parentheses as PTB symbols, and the tokens in `PTB_PUNCTUATION` dropped.
 * @example ptbLowerTokenize('Well-defined mass (2.5 cm);\nno effusion.') // ['well-defined', 'mass', '2.5', 'cm', 'no', 'effusion']
 */
export function ptbLowerTokenize(text: string): string[] {
  const collapsed = pythonWhitespaceSplit(text.toLowerCase()).join(' ');
  return treebankWordTokenize(collapsed, { convertParentheses: true }).filter(
    (token) => !PTB_PUNCTUATION.has(token),
  );
}

/** The tokenizer of a text normalization: the tokens BLEU, METEOR and CIDEr-D count. */
export function textNormalizationTokenizer(
  normalization: TextNormalization,
): (text: string) => string[] {
  switch (normalization) {
    case 'whitespace':
      return spaceTokenize;
    case 'ptb-lower':
      return ptbLowerTokenize;
  }
}
