// Closed questions without lettered options (yes/no, "left or right?"): the response states one
// of a few answer texts. The rule below is the one docs/task-types.md and the task-type contract
// state; change them together.
import { MAX_CLOSED_CHOICES, normalizeClosedAnswer } from './closed-answer-normalization.js';
import { groupedAccuracy } from './grouped-accuracy.js';
import { numpyMean } from './pairwise-sum.js';

export * from './closed-answer-normalization.js';

/** Words that join two answers into a hedge when they stand between them ("yes or no"). */
const HEDGE_WORDS: ReadonlySet<string> = new Set(['or', 'and', 'nor', 'vs', 'versus']);

/**
 * Why no answer could be read from a response; every failure counts as wrong.
 * - `empty`: nothing left after normalization (blank, punctuation or articles only).
 * - `ambiguous`: two or more answers are named and the response does not open with one of them
 *   (`it could be left or right`), or it opens with a hedge (`yes or no`, `yes/no`).
 * - `no-match`: no answer is named as a whole word (`not sure`, `I don't know`).
 */
export type ClosedAnswerFailure = 'empty' | 'ambiguous' | 'no-match';

/**
 * - `exact`: the whole response is the answer (`Yes.`, `LEFT`).
 * - `leading`: the response opens with it (`Yes, there is an effusion; no pneumothorax.`).
 * - `contained`: it is the only answer named anywhere (`There is no effusion.`, `The answer is yes`).
 */
export type ClosedAnswerMethod = 'exact' | 'leading' | 'contained';

export type ClosedAnswerExtraction =
  | { choice: number; method: ClosedAnswerMethod }
  | {
      choice: null;
      failure: ClosedAnswerFailure;
      /** Competing choices when ambiguous. */ candidates?: number[];
    };

type Occurrence = { choice: number; start: number; end: number };

/**
 * Reads which of `choices` a free-text response states. Response and choices are compared in
 * {@link normalizeClosedAnswer}'s form, word by word (a choice matches whole words only: "no" is
 * not found in "not", "know" or "none"). Rules, first that applies wins:
 * 1. nothing left after normalization → `empty`;
 * 2. the whole response equals a choice → that choice (`exact`);
 * 3. the response begins with a choice → that choice (`leading`: `Yes, no pneumothorax.` is yes),
 *    unless it is hedged → `ambiguous`: the next word is or/and/nor/vs/versus followed by another
 *    choice (`yes or no`, `left and right side`), or the response is nothing but two or more
 *    choices and those words (`yes/no`, `yes, no`);
 * 4. exactly one choice occurs anywhere → that choice (`contained`); two or more → `ambiguous`;
 *    none → `no-match`.
 * Where one choice's words contain another's ("pleural effusion" and "effusion"), an occurrence
 * inside a longer choice's occurrence does not count. Negation is not understood ("not yes" is
 * yes), as in the evaluation kits; synonyms ("yeah", "correct") are not answers.
 * @throws {RangeError} when there are fewer than 2 or more than 10 choices, or two choices are the
 * same (or one is empty) after normalization.
 * @example extractClosedAnswer('Yes, there is an effusion.', ['yes', 'no']) // { choice: 0, method: 'leading' }
 * @example extractClosedAnswer('I do not know', ['yes', 'no']) // { choice: null, failure: 'no-match' }
 */
export function extractClosedAnswer(
  response: string,
  choices: readonly string[],
): ClosedAnswerExtraction {
  const choiceWords = normalizedChoices(choices);
  const words = normalizeClosedAnswer(response).split(' ').filter(Boolean);
  if (words.length === 0) return { choice: null, failure: 'empty' };

  const exact = choiceWords.findIndex((c) => sameWords(c, words));
  if (exact !== -1) return { choice: exact, method: 'exact' };

  const occurrences = maximalOccurrences(words, choiceWords);
  const leading = occurrences.find((o) => o.start === 0);
  const named = [...new Set(occurrences.map((o) => o.choice))];
  if (leading) {
    const next = leading.end;
    const hedged = HEDGE_WORDS.has(words[next] ?? '')
      ? occurrences.find((o) => o.start === next + 1 && o.choice !== leading.choice)
      : undefined;
    if (hedged || (named.length > 1 && isOnlyChoices(words, occurrences)))
      return { choice: null, failure: 'ambiguous', candidates: sorted(named) };
    return { choice: leading.choice, method: 'leading' };
  }
  if (named.length === 1) return { choice: named[0]!, method: 'contained' };
  if (named.length > 1) return { choice: null, failure: 'ambiguous', candidates: sorted(named) };
  return { choice: null, failure: 'no-match' };
}

/**
 * Balanced accuracy of closed answers: the unweighted mean over the distinct true answers of the
 * share of that answer's questions answered correctly (per-answer recall). Extraction failures
 * are passed as incorrect. Equals scikit-learn's `balanced_accuracy_score(y_true, y_pred)` on the
 * answer texts (a failure being a label no truth has), summed in sorted answer order with numpy's
 * summation, as `np.mean` does. No questions → NaN.
 * @throws {RangeError} when the lengths differ.
 * @see Brodersen et al. (2010), ICPR; scikit-learn `balanced_accuracy_score` (adjusted=False).
 * @example closedBalancedAccuracyScore(Uint8Array.of(1, 1, 1, 0), ['yes', 'yes', 'no', 'no']) // 0.75
 */
export function closedBalancedAccuracyScore(
  correct: Uint8Array,
  trueAnswers: readonly string[],
): number {
  if (correct.length !== trueAnswers.length)
    throw new RangeError(
      `closedBalancedAccuracyScore: lengths differ (${correct.length} vs ${trueAnswers.length})`,
    );
  if (correct.length === 0) return Number.NaN;
  return groupedAccuracy(correct, [trueAnswers]).dimensions[0]!.macroAccuracy;
}

/**
 * {@link closedBalancedAccuracyScore} of the questions `rows` (indices; repeats allowed, as in a
 * bootstrap resample), with each question's true answer coded 0…answerCount−1 in sorted answer
 * order: the bootstrap's fast path, equal to the score of the resampled questions themselves.
 * No rows → NaN.
 */
export function closedBalancedAccuracyOfRows(
  correct: Uint8Array,
  trueAnswerCodes: Int32Array,
  answerCount: number,
  rows: Int32Array,
): number {
  const hits = new Float64Array(answerCount);
  const counts = new Float64Array(answerCount);
  for (const i of rows) {
    const code = trueAnswerCodes[i]!;
    counts[code]! += 1;
    hits[code]! += correct[i]!;
  }
  const recalls: number[] = [];
  for (let c = 0; c < answerCount; c++) if (counts[c]! > 0) recalls.push(hits[c]! / counts[c]!);
  return recalls.length === 0 ? Number.NaN : numpyMean(recalls);
}

function normalizedChoices(choices: readonly string[]): string[][] {
  if (choices.length < 2 || choices.length > MAX_CLOSED_CHOICES)
    throw new RangeError(
      `extractClosedAnswer: need 2 to ${MAX_CLOSED_CHOICES} choices, got ${choices.length}`,
    );
  const normalized = choices.map(normalizeClosedAnswer);
  if (normalized.some((c) => c === '') || new Set(normalized).size !== normalized.length)
    throw new RangeError(
      'extractClosedAnswer: choices must be distinct and non-empty once normalized',
    );
  return normalized.map((c) => c.split(' '));
}

/** True when every word is part of a choice's occurrence or a hedge word (`yes/no`, `yes, no`). */
function isOnlyChoices(words: readonly string[], occurrences: readonly Occurrence[]): boolean {
  return words.every(
    (word, i) => HEDGE_WORDS.has(word) || occurrences.some((o) => o.start <= i && i < o.end),
  );
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

/** Every whole-word occurrence of every choice, less those inside a longer choice's occurrence. */
function maximalOccurrences(words: readonly string[], choices: readonly string[][]): Occurrence[] {
  const all: Occurrence[] = [];
  choices.forEach((choice, index) => {
    for (let start = 0; start + choice.length <= words.length; start++) {
      if (choice.every((w, k) => words[start + k] === w))
        all.push({ choice: index, start, end: start + choice.length });
    }
  });
  return all.filter(
    (o) =>
      !all.some(
        (other) =>
          other.choice !== o.choice &&
          other.start <= o.start &&
          o.end <= other.end &&
          other.end - other.start > o.end - o.start,
      ),
  );
}

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
