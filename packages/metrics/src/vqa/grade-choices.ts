import {
  extractChoice,
  type ChoiceExtraction,
  type ChoiceExtractionFailure,
} from './extract-choice.js';

export type GradedChoices = {
  /** 1 where the extracted letter equals the answer; extraction failures are 0 (wrong). */
  correct: Uint8Array;
  extractions: ChoiceExtraction[];
  /** Number of responses per failure reason; reported beside accuracy, never dropped from n. */
  failures: Record<ChoiceExtractionFailure, number>;
  failureCount: number;
};

/**
 * Extracts a letter from every response (see {@link extractChoice}) and compares it with the
 * answer letter (upper-case `A`…). Failures count as wrong, so accuracy keeps every question in
 * its denominator, as GMAI-MMBench and MMMU do. Feed `correct` to `groupedAccuracy`.
 * @throws {RangeError} when responses, options and answers differ in length.
 * @example gradeChoices(['(B)', 'maybe'], [['x', 'y'], ['x', 'y']], ['B', 'A']).failureCount // 1
 */
export function gradeChoices(
  responses: readonly string[],
  options: readonly (readonly string[])[],
  answers: readonly string[],
): GradedChoices {
  if (responses.length !== options.length || responses.length !== answers.length) {
    throw new RangeError(
      `gradeChoices: lengths differ (${responses.length} responses, ${options.length} option lists, ${answers.length} answers)`,
    );
  }
  const correct = new Uint8Array(responses.length);
  const failures: Record<ChoiceExtractionFailure, number> = {
    empty: 0,
    'out-of-range': 0,
    ambiguous: 0,
    'no-match': 0,
  };
  let failureCount = 0;
  const extractions = responses.map((response, i) => {
    const extraction = extractChoice(response, options[i] ?? []);
    if (extraction.letter === null) {
      failures[extraction.failure] += 1;
      failureCount += 1;
    } else {
      correct[i] = Number(extraction.letter === answers[i]);
    }
    return extraction;
  });
  return { correct, extractions, failures, failureCount };
}
