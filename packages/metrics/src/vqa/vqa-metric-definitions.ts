// Metadata only (label, direction, range, definition): no code that computes a metric, so
// the metric catalog can be read without bundling scoring code.
import type { MetricDefinition } from '../metric-definition.js';

/** Ranking metadata of the VQA metrics; bump `version` whenever a score would change. */
export const vqaMetricDefinitions = [
  {
    key: 'vqa_accuracy',
    label: 'Accuracy',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Fraction of multiple-choice questions whose extracted letter equals the answer; responses from which no letter can be extracted (empty, ambiguous, out of range, no match) count as wrong and are reported separately. Extraction follows VLMEvalKit can_infer and MMMU parse_multi_choice_response without their random fallback; with letter predictions it equals sklearn accuracy_score (peer_vqa.py).',
  },
  {
    key: 'vqa_macro_accuracy',
    label: 'Macro accuracy',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Unweighted mean over the categories of one dimension (modality, task or department) of the per-category accuracy, so small categories weigh as much as large ones, as GMAI-MMBench reports; equals pandas correct.groupby(category).mean().mean() (peer_vqa.py).',
  },
  {
    key: 'vqa_exact_match',
    label: 'Exact match',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Mean over open-ended answers of 1 when the SQuAD-normalized prediction (lower-case, ASCII punctuation deleted, articles a/an/the removed, whitespace collapsed) equals a normalized reference, else 0; matches SQuAD v2.0 evaluate-v2.0.py compute_exact maximised over references.',
  },
  {
    key: 'vqa_token_f1',
    label: 'Token F1',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Mean over open-ended answers of the bag-of-token F1 between the SQuAD-normalized prediction and reference, maximised over references; an empty side scores 1 only if both are empty; matches SQuAD v2.0 evaluate-v2.0.py compute_f1.',
  },
  {
    key: 'closed_accuracy',
    label: 'Closed accuracy',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Fraction of closed questions (yes/no, either-or) whose response states the true answer. The answer is read from the normalized response (lower-case, punctuation and articles a/an/the removed) as the one choice it equals, begins with, or alone names as whole words ("Yes, there is an effusion." is yes; "no" is not found in "not" or "know"); a response naming no choice, naming two without opening with one, or opening with a hedge ("yes or no", "yes/no") is an extraction failure and counts as wrong. Equals sklearn accuracy_score on the answer texts.',
  },
  {
    key: 'closed_balanced_accuracy',
    label: 'Closed balanced accuracy',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Unweighted mean over the true answers present in the test set (e.g. yes and no) of the share of their questions answered correctly (per-answer recall), so a model that always says "yes" scores 0.5 on yes/no questions however many answers are yes; extraction failures count as wrong. Equals sklearn balanced_accuracy_score on the answer texts.',
  },
  {
    key: 'extraction_failure_rate',
    label: 'Extraction failure rate',
    version: 1,
    higherIsBetter: false,
    range: [0, 1],
    definition:
      'Fraction of responses from which no answer can be read: for multiple choice, extractChoice recovers no option letter (empty, ambiguous, out of range, no match); for closed questions, extractClosedAnswer finds no single choice (empty, ambiguous, no match). Such responses count as wrong in accuracy; the rate is reported beside it, so that a model that does not answer cannot pass for one that guesses.',
  },
] as const satisfies readonly MetricDefinition[];
