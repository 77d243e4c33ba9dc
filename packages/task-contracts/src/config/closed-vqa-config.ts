import { MAX_CLOSED_CHOICES, normalizeClosedAnswer } from '@medrank/metrics/catalog';
import { misconfigured, readMinCategorySize } from './config-errors.js';
import { readEndpointContract, type EndpointContract } from './endpoint-contract.js';

export interface ClosedVqaConfig {
  /** The answers of a question without its own `choices`, as the curator spelt them. Default yes, no. */
  answerSet: readonly string[];
  /** Breakdown cells smaller than this are not reported. Default 20. */
  minCategorySize: number;
  /** Present when the track takes chat-completions endpoints: the prompt and run limits. */
  endpoint?: EndpointContract;
}

export const DEFAULT_CLOSED_ANSWER_SET: readonly string[] = ['yes', 'no'];

/**
 * Closed-question metrics: accuracy, balanced accuracy over the true answers (a model that always
 * says "yes" cannot look good on a mostly-yes test set) and the share of responses from which no
 * answer could be read (they count as wrong in both).
 */
export const CLOSED_VQA_METRICS = [
  'closed_accuracy',
  'closed_balanced_accuracy',
  'extraction_failure_rate',
] as const;

/**
 * Reads a closed-question track's configuration: `answerSet` (2–10 texts that stay distinct and
 * non-empty in normalizeClosedAnswer's form, since responses are read in that form) and
 * `minCategorySize`.
 * @throws {AppError} BAD_REQUEST naming the key and what was expected.
 */
export function parseClosedVqaConfig(raw: Record<string, unknown>): ClosedVqaConfig {
  const minCategorySize = readMinCategorySize('closed-vqa', raw);
  const endpoint = readEndpointContract('closed-vqa', raw);
  const value = raw.answerSet;
  if (value === undefined)
    return { answerSet: DEFAULT_CLOSED_ANSWER_SET, minCategorySize, ...endpoint };
  if (
    !Array.isArray(value) ||
    value.length < 2 ||
    value.length > MAX_CLOSED_CHOICES ||
    !value.every((a) => typeof a === 'string')
  ) {
    throw misconfigured(
      'closed-vqa',
      `answerSet must list 2 to ${MAX_CLOSED_CHOICES} answer texts, e.g. ["yes", "no"]; found ${JSON.stringify(value)}`,
    );
  }
  const answers = value as string[];
  const forms = answers.map(normalizeClosedAnswer);
  const blank = forms.indexOf('');
  if (blank !== -1)
    throw misconfigured(
      'closed-vqa',
      `answerSet entry ${JSON.stringify(answers[blank])} has no letter or digit besides articles`,
    );
  const repeated = forms.findIndex((form, i) => forms.indexOf(form) !== i);
  if (repeated !== -1)
    throw misconfigured(
      'closed-vqa',
      `answerSet entries ${JSON.stringify(answers[forms.indexOf(forms[repeated]!)])} and ${JSON.stringify(answers[repeated])} are the same answer once case, punctuation and articles are ignored`,
    );
  return { answerSet: answers, minCategorySize, ...endpoint };
}

export const closedVqaComputableMetrics = (): string[] => [...CLOSED_VQA_METRICS];
