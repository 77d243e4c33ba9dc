// Porter (1980) stemmer exactly as nltk 3.8's PorterStemmer in its default NLTK_EXTENSIONS mode
// (nltk/stem/porter.py). METEOR's stem stage depends on it, so every nltk departure from the
// published algorithm is kept and marked "nltk:". Words are handled as UTF-16 code units, which
// equals nltk's code points for every character outside the astral planes.

// nltk: irregular forms that bypass the algorithm.
const IRREGULAR_FORMS: Readonly<Record<string, readonly string[]>> = {
  sky: ['sky', 'skies'],
  die: ['dying'],
  lie: ['lying'],
  tie: ['tying'],
  news: ['news'],
  inning: ['innings', 'inning'],
  outing: ['outings', 'outing'],
  canning: ['cannings', 'canning'],
  howe: ['howe'],
  proceed: ['proceed'],
  exceed: ['exceed'],
  succeed: ['succeed'],
};
const POOL = new Map<string, string>(
  Object.entries(IRREGULAR_FORMS).flatMap(([stem, forms]) =>
    forms.map((form) => [form, stem] as const),
  ),
);

const isVowelChar = (ch: string | undefined): boolean =>
  ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';

function isConsonant(word: string, i: number): boolean {
  const ch = word[i];
  if (isVowelChar(ch)) return false;
  if (ch === 'y') return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
}

/** m in [C](VC)^m[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  let previousIsVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const isVowel = !isConsonant(stem, i);
    if (previousIsVowel && !isVowel) m += 1;
    previousIsVowel = isVowel;
  }
  return m;
}

const hasPositiveMeasure = (stem: string): boolean => measure(stem) > 0;

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

const endsDoubleConsonant = (word: string): boolean =>
  word.length >= 2 &&
  word[word.length - 1] === word[word.length - 2] &&
  isConsonant(word, word.length - 1);

function endsCvc(word: string): boolean {
  const n = word.length;
  return (
    (n >= 3 &&
      isConsonant(word, n - 3) &&
      !isConsonant(word, n - 2) &&
      isConsonant(word, n - 1) &&
      !['w', 'x', 'y'].includes(word[n - 1] ?? '')) ||
    // nltk: a two-letter vowel-consonant word also counts as *o.
    (n === 2 && !isConsonant(word, 0) && isConsonant(word, 1))
  );
}

type Rule = readonly [
  suffix: string,
  replacement: string,
  condition: ((stem: string) => boolean) | null,
];

/** The first rule whose suffix matches decides: applied if its condition holds, else the word is kept. */
function applyRuleList(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d' && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = suffix === '' ? word : word.slice(0, -suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  // nltk: "ties" → "tie", not "ti".
  if (word.endsWith('ies') && word.length === 4) return `${word.slice(0, -3)}ie`;
  return applyRuleList(word, [
    ['sses', 'ss', null],
    ['ies', 'i', null],
    ['ss', 'ss', null],
    ['s', '', null],
  ]);
}

function step1b(word: string): string {
  // nltk: "died" → "die", "cried" → "cri".
  if (word.endsWith('ied')) return word.slice(0, -3) + (word.length === 4 ? 'ie' : 'i');
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let intermediate: string | null = null;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, -suffix.length);
      if (containsVowel(candidate)) {
        intermediate = candidate;
        break;
      }
    }
  }
  if (intermediate === null) return word;
  const last = intermediate[intermediate.length - 1] ?? '';
  return applyRuleList(intermediate, [
    ['at', 'ate', null],
    ['bl', 'ble', null],
    ['iz', 'ize', null],
    ['*d', last, () => !['l', 's', 'z'].includes(last)],
    ['', 'e', (stem) => measure(stem) === 1 && endsCvc(stem)],
  ]);
}

function step1c(word: string): string {
  // nltk: y → i only after a consonant that is not the first letter ("cry" → "cri", "say" stays).
  return applyRuleList(word, [
    ['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)],
  ]);
}

function step2(word: string): string {
  // nltk: "-alli" is reduced to "-al" and step 2 runs again.
  if (word.endsWith('alli') && hasPositiveMeasure(word.slice(0, -4)))
    return step2(`${word.slice(0, -4)}al`);
  const p = hasPositiveMeasure;
  return applyRuleList(word, [
    ['ational', 'ate', p],
    ['tional', 'tion', p],
    ['enci', 'ence', p],
    ['anci', 'ance', p],
    ['izer', 'ize', p],
    ['bli', 'ble', p], // nltk (and Porter's later version): "bli", not the paper's "abli"
    ['alli', 'al', p],
    ['entli', 'ent', p],
    ['eli', 'e', p],
    ['ousli', 'ous', p],
    ['ization', 'ize', p],
    ['ation', 'ate', p],
    ['ator', 'ate', p],
    ['alism', 'al', p],
    ['iveness', 'ive', p],
    ['fulness', 'ful', p],
    ['ousness', 'ous', p],
    ['aliti', 'al', p],
    ['iviti', 'ive', p],
    ['biliti', 'ble', p],
    ['fulli', 'ful', p], // nltk
    ['logi', 'log', () => hasPositiveMeasure(word.slice(0, -3))], // nltk: measure taken with the "l"
  ]);
}

function step3(word: string): string {
  const p = hasPositiveMeasure;
  return applyRuleList(word, [
    ['icate', 'ic', p],
    ['ative', '', p],
    ['alize', 'al', p],
    ['iciti', 'ic', p],
    ['ical', 'ic', p],
    ['ful', '', p],
    ['ness', '', p],
  ]);
}

function step4(word: string): string {
  const gt1 = (stem: string) => measure(stem) > 1;
  return applyRuleList(word, [
    ['al', '', gt1],
    ['ance', '', gt1],
    ['ence', '', gt1],
    ['er', '', gt1],
    ['ic', '', gt1],
    ['able', '', gt1],
    ['ible', '', gt1],
    ['ant', '', gt1],
    ['ement', '', gt1],
    ['ment', '', gt1],
    ['ent', '', gt1],
    ['ion', '', (stem) => measure(stem) > 1 && (stem.endsWith('s') || stem.endsWith('t'))],
    ['ou', '', gt1],
    ['ism', '', gt1],
    ['ate', '', gt1],
    ['iti', '', gt1],
    ['ous', '', gt1],
    ['ive', '', gt1],
    ['ize', '', gt1],
  ]);
}

function step5a(word: string): string {
  if (!word.endsWith('e')) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  return m > 1 || (m === 1 && !endsCvc(stem)) ? stem : word;
}

function step5b(word: string): string {
  return applyRuleList(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

/**
 * Porter stem of one word, identical to nltk 3.8 `PorterStemmer().stem(word)` (mode
 * NLTK_EXTENSIONS, lower-casing on): irregular forms (`dying` → `die`), words of at most two
 * characters returned lower-cased, then steps 1a–5b with nltk's extensions.
 * @see Porter (1980), An algorithm for suffix stripping, Program 14(3):130–137.
 * @see nltk `nltk/stem/porter.py` (3.8).
 * @example porterStem('generalizations') // 'gener'
 */
export function porterStem(word: string): string {
  const lower = word.toLowerCase();
  // nltk looks the *original* word up in the pool, so "Dying" is stemmed by the rules.
  const irregular = POOL.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return lower;
  let stem = step1a(lower);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = step3(stem);
  stem = step4(stem);
  stem = step5a(stem);
  return step5b(stem);
}
