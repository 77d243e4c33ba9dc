import { misconfigured, readMinCategorySize } from './config-errors.js';
import { readEndpointContract, type EndpointContract } from './endpoint-contract.js';

export interface MultipleChoiceConfig {
  /** Category dimension whose unweighted mean of per-category accuracies is `vqa_macro_accuracy` (GMAI-MMBench). */
  macroDimension?: string;
  /** Breakdown cells smaller than this are not reported. Default 20. */
  minCategorySize: number;
  /** Present when the track takes chat-completions endpoints: the prompt and run limits. */
  endpoint?: EndpointContract;
}

export const MULTIPLE_CHOICE_METRICS = [
  'vqa_accuracy',
  'extraction_failure_rate',
  'vqa_macro_accuracy',
] as const;

export function parseMultipleChoiceConfig(raw: Record<string, unknown>): MultipleChoiceConfig {
  const macroDimension = raw.macroDimension;
  if (
    macroDimension !== undefined &&
    (typeof macroDimension !== 'string' || macroDimension === '')
  ) {
    throw misconfigured('multiple-choice', 'macroDimension must name a category dimension');
  }
  return {
    minCategorySize: readMinCategorySize('multiple-choice', raw),
    ...(macroDimension === undefined ? {} : { macroDimension }),
    ...readEndpointContract('multiple-choice', raw),
  };
}

/** Macro accuracy averages per-category accuracies over the configured dimension, so it needs one. */
export const multipleChoiceComputableMetrics = (config: MultipleChoiceConfig): string[] =>
  config.macroDimension
    ? [...MULTIPLE_CHOICE_METRICS]
    : MULTIPLE_CHOICE_METRICS.filter((m) => m !== 'vqa_macro_accuracy');

export interface OpenVqaConfig {
  /** Breakdown cells smaller than this are not reported. Default 20. */
  minCategorySize: number;
  /** Present when the track takes chat-completions endpoints: the prompt and run limits. */
  endpoint?: EndpointContract;
}

/** SQuAD-normalized exact match and token F1, each the best over the acceptable answers. */
export const OPEN_VQA_METRICS = ['vqa_exact_match', 'vqa_token_f1'] as const;

export const parseOpenVqaConfig = (raw: Record<string, unknown>): OpenVqaConfig => ({
  minCategorySize: readMinCategorySize('open-vqa', raw),
  ...readEndpointContract('open-vqa', raw),
});
