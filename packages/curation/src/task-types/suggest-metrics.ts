import { computableMetrics, metricInfo, parseTaskConfig } from './task-type-catalog.js';

export type MetricRole = 'primary' | 'recommended' | 'optional';

export interface MetricSuggestion {
  metric: string;
  label: string;
  role: MetricRole;
  /** Why this metric, in one sentence a curator can act on. */
  why: string;
}

type Advice = { metric: string; role: MetricRole; why: string };

// Following Metrics Reloaded (Maier-Hein et al., Nature Methods 2024): pair an overlap measure
// with a boundary measure for segmentation, a discrimination measure with a calibration measure
// for classification, localisation-aware measures for detection; report what a ranking hides
// (e.g. answers that could not be read) beside the headline metric.
const ADVICE: Record<string, Advice[]> = {
  classification: [
    {
      metric: 'roc_auc',
      role: 'primary',
      why: 'Threshold-free discrimination, insensitive to prevalence; Metrics Reloaded’s default ranking metric for image-level classification.',
    },
    {
      metric: 'ece',
      role: 'recommended',
      why: 'Calibration: AUROC ignores whether probabilities can be trusted; Metrics Reloaded asks for a calibration metric beside it.',
    },
    {
      metric: 'balanced_accuracy',
      role: 'recommended',
      why: 'A decision-level metric that is not inflated by class imbalance, unlike plain accuracy.',
    },
    {
      metric: 'sensitivity',
      role: 'optional',
      why: 'The clinically relevant miss rate of the positive class at the 0.5 threshold.',
    },
    {
      metric: 'specificity',
      role: 'optional',
      why: 'False-alarm side of the 0.5 threshold, to read with sensitivity.',
    },
    {
      metric: 'average_precision',
      role: 'optional',
      why: 'More informative than AUROC when positives are rare.',
    },
    {
      metric: 'f1_macro',
      role: 'optional',
      why: 'Per-class F1 averaged without weights: every class counts, however rare.',
    },
    {
      metric: 'cohen_kappa_quadratic',
      role: 'optional',
      why: 'For ordinal classes (grades): penalises far-off predictions more than near misses.',
    },
  ],
  segmentation: [
    {
      metric: 'dice',
      role: 'primary',
      why: 'Overlap measure; Metrics Reloaded recommends it for structures of reasonable size.',
    },
    {
      metric: 'nsd',
      role: 'recommended',
      why: 'Boundary measure at a clinical tolerance (Normalized Surface Distance): Dice alone misses contour errors.',
    },
    {
      metric: 'hd95',
      role: 'optional',
      why: 'Worst-case boundary error (95th percentile) in mm, when outliers matter clinically.',
    },
    {
      metric: 'iou',
      role: 'optional',
      why: 'Equivalent in ranking to Dice; listed for comparison with papers that report it.',
    },
    {
      metric: 'assd',
      role: 'optional',
      why: 'Average boundary distance in mm.',
    },
  ],
  'multiple-choice': [
    {
      metric: 'vqa_accuracy',
      role: 'primary',
      why: 'The share of questions answered correctly: what multiple-choice benchmarks rank on.',
    },
    {
      metric: 'extraction_failure_rate',
      role: 'recommended',
      why: 'Answers no option could be read from count as wrong; reporting the rate keeps a model that does not answer apart from one that guesses.',
    },
    {
      metric: 'vqa_macro_accuracy',
      role: 'optional',
      why: 'Mean of per-category accuracies (taskConfig.macroDimension), so large categories do not dominate.',
    },
  ],
  'open-vqa': [
    {
      metric: 'vqa_token_f1',
      role: 'primary',
      why: 'Partial credit for answers that overlap the reference in words.',
    },
    {
      metric: 'vqa_exact_match',
      role: 'recommended',
      why: 'Strict correctness after normalisation; easy to interpret beside token F1.',
    },
  ],
  'closed-vqa': [
    {
      metric: 'closed_accuracy',
      role: 'primary',
      why: 'The share of closed questions answered correctly: what VQA-RAD and SLAKE report for closed questions.',
    },
    {
      metric: 'closed_balanced_accuracy',
      role: 'recommended',
      why: 'Mean of per-answer recall: yes/no test sets are rarely balanced, and a model that always says “yes” scores only 0.5 here.',
    },
    {
      metric: 'extraction_failure_rate',
      role: 'recommended',
      why: 'Responses that state no answer (or hedge between two) count as wrong; the rate keeps a model that does not answer apart from one that answers wrongly.',
    },
  ],
  'report-generation': [
    {
      metric: 'bleu4_corpus',
      role: 'primary',
      why: 'The most widely reported n-gram overlap, for comparison with published work.',
    },
    {
      metric: 'rougeL_f',
      role: 'recommended',
      why: 'Longest-common-subsequence overlap, less sensitive to word order than BLEU.',
    },
    {
      metric: 'meteor',
      role: 'recommended',
      why: 'Credits stems and synonyms that exact n-grams miss.',
    },
    {
      metric: 'cider_d',
      role: 'optional',
      why: 'Consensus-weighted n-grams; rewards informative words over boilerplate.',
    },
    {
      metric: 'bleu1_corpus',
      role: 'optional',
      why: 'Unigram overlap, often reported beside BLEU-4.',
    },
  ],
  detection: [
    {
      metric: 'map_coco_50_95',
      role: 'primary',
      why: 'Average precision over IoU thresholds .5–.95: rewards precise localisation, as Metrics Reloaded advises for object detection.',
    },
    {
      metric: 'froc_mean_sensitivity',
      role: 'recommended',
      why: 'Lesion-level sensitivity at clinically meaningful false positives per image (FROC).',
    },
    {
      metric: 'map50_coco',
      role: 'optional',
      why: 'A lenient localisation criterion (IoU ≥ .5), comparable with older papers.',
    },
  ],
  regression: [
    {
      metric: 'mae',
      role: 'primary',
      why: 'Mean absolute error in the measurement’s own unit; robust and easy to interpret.',
    },
    {
      metric: 'rmse',
      role: 'recommended',
      why: 'Penalises large errors more than MAE.',
    },
    {
      metric: 'pearson_r',
      role: 'optional',
      why: 'Agreement in trend, independent of offset and scale.',
    },
    {
      metric: 'spearman_rho',
      role: 'optional',
      why: 'Rank agreement, robust to outliers.',
    },
  ],
  retrieval: [
    {
      metric: 'ndcg_at_k',
      role: 'primary',
      why: 'Uses graded relevance and discounts by rank position.',
    },
    {
      metric: 'map',
      role: 'recommended',
      why: 'Precision over every relevant item, the classic TREC summary.',
    },
    { metric: 'mrr', role: 'optional', why: 'How soon the first relevant item appears.' },
    {
      metric: 'recall_at_k',
      role: 'optional',
      why: 'The share of relevant items a user would see in the top k.',
    },
  ],
};

/**
 * Metrics to offer for a task type, following Metrics Reloaded's advice, limited to what the
 * task type computes under `taskConfig` (e.g. binary-only metrics disappear for three classes).
 * Exactly one suggestion has the role `primary` when any is computable.
 * @throws {AppError} BAD_REQUEST for an unknown task type or an unusable configuration.
 */
export function suggestMetrics(
  taskType: string,
  taskConfig: Record<string, unknown> = {},
): MetricSuggestion[] {
  const config = parseTaskConfig(taskType, taskConfig);
  const available = new Set(computableMetrics(taskType, config));
  const suggestions = (ADVICE[taskType] ?? [])
    .filter((a) => available.has(a.metric))
    .map((a) => ({ ...a, label: metricInfo(a.metric, taskConfig).label }));
  // Multi-class has no binary sensitivity: the first remaining discrimination metric leads.
  if (suggestions.length > 0 && !suggestions.some((s) => s.role === 'primary'))
    suggestions[0] = { ...suggestions[0]!, role: 'primary' };
  return suggestions.map(({ metric, label, role, why }) => ({ metric, label, role, why }));
}
