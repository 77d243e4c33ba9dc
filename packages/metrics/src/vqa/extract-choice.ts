/**
 * How a multiple-choice letter was recovered from a free-text model response, from the most to
 * the least explicit signal.
 * - `letter`: the response is a (possibly wrapped) letter, e.g. `C`, `(C)`, `C.`, `**c**`, or a
 *   sentence holding exactly one standalone option letter (VLMEvalKit's `can_infer_option`).
 * - `answer-phrase`: an explicit phrase such as `The answer is C`, `Answer: c`, `correct option is (C)`.
 * - `letter+text`: a letter immediately followed by that option's own text, e.g. `B. Pleural effusion`.
 * - `text`: the option text itself (VLMEvalKit's `can_infer_text`, MMMU's content match).
 */
export type ChoiceExtractionMethod = 'letter' | 'answer-phrase' | 'letter+text' | 'text';

/**
 * Why no letter could be extracted. Callers count every failure as a wrong answer and report the
 * failure rate separately (a model that never answers must not look like a guesser).
 * - `empty`: blank response.
 * - `out-of-range`: an explicit letter beyond the options, e.g. `E` for four options, or `Z`.
 * - `ambiguous`: several options are named with equal strength, or a letter is followed by another
 *   option's text (`B. <text of A>`).
 * - `no-match`: no letter and no option text found.
 */
export type ChoiceExtractionFailure = 'empty' | 'out-of-range' | 'ambiguous' | 'no-match';

export type ChoiceExtraction =
  | { letter: string; method: ChoiceExtractionMethod }
  | {
      letter: null;
      method: 'none';
      failure: ChoiceExtractionFailure;
      /** The competing letters when `failure` is `ambiguous`. */
      candidates?: string[];
    };

const LETTER_A = 65;
const MAX_OPTIONS = 26;

// A whole response that is one letter, optionally wrapped in markdown, quotes or brackets and
// followed by punctuation: `C`, `(C)`, `C.`, `C)`, `[c]`, `**C**`, `"C".`
const BARE_LETTER = /^[\s*_`"'([{<]*([A-Za-z])[\s*_`"')\]}>.:;,!]*$/;

// Explicit answer phrases as written by instruction-tuned models and matched by the evaluation
// kits (MMMU's `(C)`, ReXVQA's `Answer: C`, VLMEvalKit's `The answer is C`). `option`/`choice`
// need a copula or colon so that `Option A is wrong` does not count as an answer.
const ANSWER_PHRASE = new RegExp(
  String.raw`\b(?:answer\b(?:\s+(?:is|would\s+be|should\s+be|will\s+be)\b)?|(?:option|choice)\s+(?:is|would\s+be|should\s+be)\b|(?:option|choice)(?=\s*[:=]))` +
    String.raw`\s*[:=]?\s*(?:(?:option|choice|letter)\s+)?[*_\x60"'([{]*\s*([A-Za-z])(?![\p{L}\p{N}'’])([*_\x60"')\]}]*)`,
  'giu',
);
// `... is A or B`, `... is A/B`: a hedged answer names two letters.
const HEDGE_AFTER = /^\s*(?:or|and|\/|,)\s*[*_`"'([{]*\s*([A-Z])(?![\p{L}\p{N}])/u;

// Words that follow an option letter used as a noun ("A is correct", "A or B", "B fits best"),
// telling it apart from the article in "A small effusion" and the pronoun in "I think".
const LETTER_FOLLOWER =
  /^\s+(?:is|was|seems|appears|looks|or|and|nor|but|because|since|as|would|should|could|might|may|must|will|fits|matches|best|correct|right|wrong|then|vs|versus)\b/i;

const isAlnum = (ch: string): boolean => /[\p{L}\p{N}]/u.test(ch);

/**
 * Lower-cases and turns every run of non-alphanumeric characters into one space, keeping for each
 * output character the index of the raw character it came from, so that spans found in the
 * normalized text can be mapped back to the response.
 */
function normalizeWithOffsets(raw: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let index = 0;
  for (const ch of raw) {
    if (isAlnum(ch)) {
      const lower = ch.toLowerCase();
      text += lower;
      for (let k = 0; k < lower.length; k++) offsets.push(index);
    } else if (text.length > 0 && !text.endsWith(' ')) {
      text += ' ';
      offsets.push(index);
    }
    index += ch.length;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    offsets.pop();
  }
  return { text, offsets };
}

/** Option text in the same normalized form as the response (case, whitespace and punctuation removed). */
export function normalizeOptionText(option: string): string {
  return normalizeWithOffsets(option).text;
}

type Span = { option: number; start: number; end: number };

/** Word-bounded occurrences of every (non-empty) normalized option text in the normalized response, in raw coordinates. */
function findOptionSpans(
  normalized: { text: string; offsets: number[] },
  optionTexts: readonly string[],
): Span[] {
  const spans: Span[] = [];
  const haystack = ` ${normalized.text} `;
  optionTexts.forEach((needle, option) => {
    if (needle === '') return;
    const padded = ` ${needle} `;
    for (let at = haystack.indexOf(padded); at !== -1; at = haystack.indexOf(padded, at + 1)) {
      // `at` is the padded space, i.e. the normalized index of the first needle character.
      const first = normalized.offsets[at] ?? 0;
      const last = normalized.offsets[at + needle.length - 1] ?? first;
      spans.push({ option, start: first, end: last + 1 });
    }
  });
  return spans;
}

/**
 * Keeps the options whose occurrences are not all inside a longer occurrence of another option:
 * "viral pneumonia" names the option "viral pneumonia", not also the option "pneumonia".
 */
function maximalOptions(spans: readonly Span[]): Set<number> {
  const kept = new Set<number>();
  for (const s of spans) {
    const nested = spans.some(
      (o) =>
        o.option !== s.option &&
        o.start <= s.start &&
        s.end <= o.end &&
        o.end - o.start > s.end - s.start,
    );
    if (!nested) kept.add(s.option);
  }
  return kept;
}

type LetterToken = { letter: string; start: number; end: number; isMarked: boolean };

/**
 * Standalone option letters in the response: an upper-case letter with no letter or digit on
 * either side (`C`, `(C)`, `C.`), or a lower-case one that is bracketed or followed by `.`, `)`
 * or `:` (`(c)`, `c)`). Plain lower-case letters are words ("a"), as in VLMEvalKit.
 */
function findLetterTokens(raw: string): LetterToken[] {
  const tokens: LetterToken[] = [];
  const pattern = /(?<![\p{L}\p{N}'’])([A-Za-z])(?![\p{L}\p{N}'’])/gu;
  for (const m of raw.matchAll(pattern)) {
    const ch = m[1] ?? '';
    const start = m.index;
    const before = raw.slice(Math.max(0, start - 1), start);
    const after = raw.slice(start + 1, start + 2);
    const isBracketed = /[([{]/.test(before) && /[)\]}]/.test(after);
    const isMarked = isBracketed || /[.):]/.test(after) || /[*_`"]/.test(before + after);
    if (ch === ch.toLowerCase() && !isMarked) continue;
    tokens.push({
      letter: ch.toUpperCase(),
      start,
      end: start + 1 + Number(/[)\]}.:]/.test(after)),
      isMarked,
    });
  }
  return tokens;
}

/** The option whose normalized text starts `rest` (longest such option), or -1. */
function optionStartingAt(rest: string, optionTexts: readonly string[]): number {
  const padded = `${normalizeWithOffsets(rest).text} `;
  let best = -1;
  optionTexts.forEach((t, i) => {
    if (
      t !== '' &&
      padded.startsWith(`${t} `) &&
      (best === -1 || t.length > (optionTexts[best] ?? '').length)
    ) {
      best = i;
    }
  });
  return best;
}

const fail = (failure: ChoiceExtractionFailure, candidates?: Iterable<string>): ChoiceExtraction =>
  candidates === undefined
    ? { letter: null, method: 'none', failure }
    : { letter: null, method: 'none', failure, candidates: [...candidates].sort() };

/**
 * Extracts the chosen option letter from a free-text multiple-choice response, with the rules of
 * the common medical VQA evaluation kits (GMAI-MMBench/VLMEvalKit `can_infer`, MMMU
 * `parse_multi_choice_response`, ReXVQA) but without their random or first-match fallbacks:
 * an ambiguous or unmatched response is an extraction failure, reported separately and counted
 * as wrong. Option `i` has letter `A + i`. Rules, first match wins:
 * 1. blank → `empty`;
 * 2. the whole response is one letter (any case, optionally wrapped: `(C)`, `C.`, `C)`, `**c**`);
 * 3. the whole response is an option's text (case-, whitespace- and punctuation-insensitive);
 * 4. answer phrases (`The answer is C`, `Answer: c`, `correct option is (C)`); hedges (`A or B`)
 *    or disagreeing phrases are `ambiguous`;
 * 5. a letter directly followed by its own option text (`B. Pleural effusion`); a letter followed
 *    by another option's text is `ambiguous`;
 * 6. exactly one distinct standalone option letter (upper-case, or marked like `(c)`), ignoring
 *    letters inside a quoted option text and `A`/`I` used as article or pronoun (`A small
 *    effusion`, `I think`; but `A is correct`, `A or B` name the letter);
 * 7. option texts occurring in the response, keeping the longest where one contains another
 *    (`viral pneumonia` over `pneumonia`); exactly one option left → `text`, several → `ambiguous`.
 * Letters beyond the options (`E` of four, `Z`) in rules 2 and 4 give `out-of-range`.
 * Negation (`not pneumonia`) is not understood, as in the kits.
 * @throws {RangeError} when there are no options or more than 26.
 * @see VLMEvalKit `vlmeval/utils/matching_util.py` (`can_infer_option`, `can_infer_text`).
 * @see MMMU `eval/utils/eval_utils.py` (`parse_multi_choice_response`).
 * @example extractChoice('The answer is (B).', ['Pneumonia', 'Edema']) // { letter: 'B', method: 'answer-phrase' }
 * @example extractChoice('viral pneumonia', ['pneumonia', 'viral pneumonia']) // { letter: 'B', method: 'text' }
 */
export function extractChoice(response: string, options: readonly string[]): ChoiceExtraction {
  if (options.length === 0 || options.length > MAX_OPTIONS) {
    throw new RangeError(`extractChoice: need 1 to ${MAX_OPTIONS} options, got ${options.length}`);
  }
  const letters = options.map((_, i) => String.fromCharCode(LETTER_A + i));
  const isOption = (letter: string) => letters.includes(letter);
  const trimmed = response.trim();
  if (trimmed === '') return fail('empty');

  // 2. Bare letter.
  const bare = BARE_LETTER.exec(trimmed);
  if (bare?.[1] !== undefined) {
    const letter = bare[1].toUpperCase();
    return isOption(letter) ? { letter, method: 'letter' } : fail('out-of-range');
  }

  // 3. The response is exactly one option's text.
  const optionTexts = options.map(normalizeOptionText);
  const normalized = normalizeWithOffsets(trimmed);
  const whole = optionTexts.flatMap((t, i) =>
    t !== '' && t === normalized.text ? [letters[i] ?? ''] : [],
  );
  if (whole.length === 1) return { letter: whole[0] ?? '', method: 'text' };
  if (whole.length > 1) return fail('ambiguous', whole);

  // 4. Answer phrases.
  const phraseLetters = new Set<string>();
  for (const m of trimmed.matchAll(ANSWER_PHRASE)) {
    const ch = m[1] ?? '';
    const closing = m[2] ?? '';
    const rest = trimmed.slice(m.index + m[0].length);
    // "the answer is a lesion": a lower-case `a`/`i` before a word is the article or pronoun.
    if (/[ai]/.test(ch) && closing === '' && /^\s+[\p{L}]/u.test(rest)) continue;
    phraseLetters.add(ch.toUpperCase());
    const hedge = HEDGE_AFTER.exec(rest);
    if (hedge?.[1] !== undefined) phraseLetters.add(hedge[1]);
  }
  if (phraseLetters.size === 1) {
    const [letter = ''] = phraseLetters;
    return isOption(letter) ? { letter, method: 'answer-phrase' } : fail('out-of-range');
  }
  if (phraseLetters.size > 1) return fail('ambiguous', phraseLetters);

  // 5. Letter followed by option text.
  const spans = findOptionSpans(normalized, optionTexts);
  const tokens = findLetterTokens(trimmed).filter(
    (t) => isOption(t.letter) && !spans.some((s) => s.start <= t.start && t.start < s.end),
  );
  const withText = new Set<string>();
  let isConflicting = false;
  const standalone = new Set<string>();
  for (const t of tokens) {
    const follower = optionStartingAt(trimmed.slice(t.end), optionTexts);
    const after = trimmed.slice(t.end);
    const isArticle =
      (t.letter === 'A' || t.letter === 'I') &&
      !t.isMarked &&
      /^\s+\p{Ll}/u.test(after) &&
      !LETTER_FOLLOWER.test(after);
    if (follower !== -1) {
      const followerLetter = letters[follower] ?? '';
      if (followerLetter === t.letter) withText.add(t.letter);
      else if (!isArticle) {
        isConflicting = true;
        withText.add(t.letter).add(followerLetter);
      }
      continue;
    }
    if (!isArticle) standalone.add(t.letter);
  }
  if (isConflicting || withText.size > 1) return fail('ambiguous', withText);
  if (withText.size === 1) {
    const [letter = ''] = withText;
    return { letter, method: 'letter+text' };
  }

  // 6. One standalone letter.
  if (standalone.size === 1) {
    const [letter = ''] = standalone;
    return { letter, method: 'letter' };
  }
  if (standalone.size > 1) return fail('ambiguous', standalone);

  // 7. Option text, longest unambiguous match.
  const named = maximalOptions(spans);
  if (named.size === 1) {
    const [option = 0] = named;
    return { letter: letters[option] ?? '', method: 'text' };
  }
  if (named.size > 1)
    return fail(
      'ambiguous',
      [...named].map((i) => letters[i] ?? ''),
    );
  return fail('no-match');
}
