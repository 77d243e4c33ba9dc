import type { ClassificationTask } from './classification-input.js';
import type { MetricDefinition } from '../metric-definition.js';

export interface ClassificationMetricInfo extends MetricDefinition {
  family: 'classification';
  /** Name of the exported function that implements it (the registry test checks the name's
   * suffix against `higherIsBetter`). */
  functionName: string;
  tasks: readonly ClassificationTask[];
  /** True when the metric needs probabilities, not only predicted labels. */
  needsScores: boolean;
}

const both: readonly ClassificationTask[] = ['binary', 'multiclass'];
const binaryOnly: readonly ClassificationTask[] = ['binary'];

/**
 * Display and ranking metadata of the classification metrics (no code to compute them: the
 * registry adds that). Bump `version` whenever a metric's values would change.
 */
export const CLASSIFICATION_METRIC_DEFINITIONS = {
  accuracy: {
    key: 'accuracy',
    label: 'Accuracy',
    version: 1,
    family: 'classification',
    functionName: 'accuracyScore',
    higherIsBetter: true,
    range: [0, 1],
    tasks: both,
    needsScores: false,
    definition:
      'Fraction of cases whose predicted label equals the reference label (scikit-learn accuracy_score).',
  },
  balanced_accuracy: {
    key: 'balanced_accuracy',
    label: 'Balanced accuracy',
    version: 1,
    family: 'classification',
    functionName: 'balancedAccuracyScore',
    higherIsBetter: true,
    range: [0, 1],
    tasks: both,
    needsScores: false,
    definition:
      'Unweighted mean of per-class recall over the classes present in the reference; chance level is 1/K ' +
      '(Brodersen et al. 2010; scikit-learn balanced_accuracy_score).',
  },
  roc_auc: {
    key: 'roc_auc',
    label: 'AUROC',
    version: 1,
    family: 'classification',
    functionName: 'rocAucScore',
    higherIsBetter: true,
    range: [0, 1],
    tasks: both,
    needsScores: true,
    definition:
      'Area under the ROC curve: the probability that a random positive case scores above a random negative one, ' +
      'ties counting one half (Mann–Whitney U; Hanley & McNeil 1982). Binary tasks use the positive-class ' +
      'probability; multi-class tasks the unweighted mean of one-vs-rest AUROCs (scikit-learn roc_auc_score, ' +
      "multi_class='ovr', average='macro'). Undefined when a class is absent.",
  },
  average_precision: {
    key: 'average_precision',
    label: 'Average precision (AUPRC)',
    version: 1,
    family: 'classification',
    functionName: 'averagePrecisionScore',
    higherIsBetter: true,
    range: [0, 1],
    tasks: binaryOnly,
    needsScores: true,
    definition:
      'Step-wise area under the precision–recall curve of the positive class, AP = Σ (R_t − R_{t−1})·P_t over ' +
      'distinct score thresholds (scikit-learn average_precision_score). Chance level is the prevalence.',
  },
  f1: {
    key: 'f1',
    label: 'F1 (positive class)',
    version: 1,
    family: 'classification',
    functionName: 'f1Score',
    higherIsBetter: true,
    range: [0, 1],
    tasks: binaryOnly,
    needsScores: false,
    definition:
      'Harmonic mean of precision and recall of the positive class, 2TP/(2TP+FP+FN) (van Rijsbergen 1979; ' +
      'scikit-learn f1_score, average=binary).',
  },
  f1_macro: {
    key: 'f1_macro',
    label: 'Macro F1',
    version: 1,
    family: 'classification',
    functionName: 'f1Score',
    higherIsBetter: true,
    range: [0, 1],
    tasks: both,
    needsScores: false,
    definition:
      'Unweighted mean of per-class F1 over the labels present in the reference or the predictions; for a binary ' +
      'task the mean of the F1 of both classes (scikit-learn f1_score, average=macro).',
  },
  sensitivity: {
    key: 'sensitivity',
    label: 'Sensitivity',
    version: 1,
    family: 'classification',
    functionName: 'sensitivityScore',
    higherIsBetter: true,
    range: [0, 1],
    tasks: binaryOnly,
    needsScores: false,
    definition:
      'Recall of the positive class, TP/(TP+FN), also called the true positive rate (Altman & Bland 1994).',
  },
  specificity: {
    key: 'specificity',
    label: 'Specificity',
    version: 1,
    family: 'classification',
    functionName: 'specificityScore',
    higherIsBetter: true,
    range: [0, 1],
    tasks: binaryOnly,
    needsScores: false,
    definition:
      'Recall of the negative class, TN/(TN+FP), also called the true negative rate (Altman & Bland 1994).',
  },
  cohen_kappa: {
    key: 'cohen_kappa',
    label: "Cohen's kappa",
    version: 1,
    family: 'classification',
    functionName: 'cohenKappaScore',
    higherIsBetter: true,
    range: [-1, 1],
    tasks: both,
    needsScores: false,
    definition:
      'Agreement between predicted and reference labels corrected for chance, κ = (p_o − p_e)/(1 − p_e) ' +
      '(Cohen 1960; scikit-learn cohen_kappa_score).',
  },
  cohen_kappa_linear: {
    key: 'cohen_kappa_linear',
    label: 'Linearly weighted kappa',
    version: 1,
    family: 'classification',
    functionName: 'cohenKappaScore',
    higherIsBetter: true,
    range: [-1, 1],
    tasks: both,
    needsScores: false,
    definition:
      'Cohen’s weighted kappa with disagreement weights |i − j| between ordered class indices, for ordinal grades ' +
      "(Cohen 1968; scikit-learn cohen_kappa_score, weights='linear').",
  },
  cohen_kappa_quadratic: {
    key: 'cohen_kappa_quadratic',
    label: 'Quadratic weighted kappa',
    version: 1,
    family: 'classification',
    functionName: 'cohenKappaScore',
    higherIsBetter: true,
    range: [-1, 1],
    tasks: both,
    needsScores: false,
    definition:
      'Cohen’s weighted kappa with disagreement weights (i − j)² between ordered class indices, common for ' +
      "ordinal grading such as diabetic retinopathy (Cohen 1968; scikit-learn cohen_kappa_score, weights='quadratic').",
  },
  ece: {
    key: 'ece',
    label: 'Expected calibration error',
    version: 1,
    family: 'classification',
    functionName: 'expectedCalibrationError',
    higherIsBetter: false,
    range: [0, 1],
    tasks: both,
    needsScores: true,
    definition:
      'Top-label expected calibration error with 15 equal-width confidence bins ((m−1)/15, m/15]: the ' +
      'case-weighted mean over bins of |accuracy − mean confidence|, where confidence is the largest class ' +
      'probability (Guo et al. 2017).',
  },
} as const satisfies Record<string, ClassificationMetricInfo>;
