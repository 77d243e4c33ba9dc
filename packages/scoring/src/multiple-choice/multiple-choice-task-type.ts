import {
  METRIC_CATALOG,
  extractChoice,
  groupedAccuracy,
  type ChoiceExtractionFailure,
} from '@medrank/metrics';
import {
  parseAnswerPredictions,
  parseMultipleChoiceGroundTruth,
  MAX_CHOICE_OPTIONS,
  type AnswerPredictions,
  type MultipleChoiceGroundTruth,
} from '@medrank/formats';
import { multipleChoiceFingerprint } from '../fingerprint/task-fingerprints.js';
import { meanMetric, scoreCaseMetrics, type CaseMetric } from '../shared/score-case-metrics.js';
import { checkMetricKeys, invalidStoredTruth } from '../shared/task-config.js';
import type { TaskScore, TaskType } from '../task-type.js';
import {
  MULTIPLE_CHOICE_METRICS,
  parseMultipleChoiceConfig,
  type MultipleChoiceConfig,
} from '@medrank/task-contracts/config';

export { MULTIPLE_CHOICE_METRICS, type MultipleChoiceConfig };

/** Hidden truth of one question as stored per case: `{ answer: "B", options: ["…", "…"] }`. */
export interface MultipleChoicePayload {
  answer: string;
  options: string[];
}

export type MultipleChoiceTruth = Pick<
  MultipleChoiceGroundTruth,
  'caseIds' | 'answers' | 'options'
> & {
  categories?: MultipleChoiceGroundTruth['categories'];
};

/**
 * Metrics of the multiple-choice task type. `vqa_accuracy` and `vqa_macro_accuracy` are the
 * registry's VQA metrics; `extraction_failure_rate` (also in the catalog) is the fraction of responses
 * from which no option letter can be extracted (empty, ambiguous, out of range, no match). Those
 * responses already count as wrong in accuracy; the rate is reported beside it, with its CI, so
 * that a model that does not answer cannot pass for one that guesses (ReXVQA reports it the same way).
 */
/** Display metadata lives in @medrank/metrics' catalog (boards and pages read it from there). */
export const extractionFailureRateDefinition = METRIC_CATALOG.extraction_failure_rate!;

export const multipleChoiceTaskType: TaskType<
  MultipleChoiceConfig,
  MultipleChoiceTruth,
  AnswerPredictions,
  TaskScore
> = {
  key: 'multiple-choice',
  label: 'Multiple choice / closed VQA',
  parseConfig: parseMultipleChoiceConfig,
  parseGroundTruth: (source, _config, options = {}) =>
    parseMultipleChoiceGroundTruth(source, options),
  groundTruthCases: (truth) =>
    truth.caseIds.map((caseId, i) => ({
      caseId,
      truth: {
        answer: truth.answers[i]!,
        options: truth.options[i]!,
      } satisfies MultipleChoicePayload,
      metadata: truth.categories?.[i] ?? {},
    })),
  truthFromPayloads(caseIds, payloads) {
    const answers: string[] = [];
    const options: string[][] = [];
    for (const caseId of caseIds) {
      const payload = payloads.get(caseId) as Partial<MultipleChoicePayload> | undefined;
      const o = payload?.options;
      const a = payload?.answer;
      if (
        !Array.isArray(o) ||
        o.length < 2 ||
        o.length > MAX_CHOICE_OPTIONS ||
        !o.every((t) => typeof t === 'string')
      ) {
        throw invalidStoredTruth('multiple-choice');
      }
      if (typeof a !== 'string' || !/^[A-Z]$/.test(a) || a.charCodeAt(0) - 65 >= o.length)
        throw invalidStoredTruth('multiple-choice');
      answers.push(a);
      options.push(o);
    }
    return { caseIds: [...caseIds], answers, options };
  },
  parsePredictions: (source, _config, { caseIds }, options = {}) =>
    parseAnswerPredictions(source, { caseIds, ...options }),
  slicePredictions: (predictions, start, end) => ({
    ...predictions,
    answers: predictions.answers.slice(start, end),
  }),
  fingerprint: (predictions, _config, truth) => multipleChoiceFingerprint(predictions, truth),
  defaultMetrics: (config) => [
    'vqa_accuracy',
    'extraction_failure_rate',
    ...(config.macroDimension ? ['vqa_macro_accuracy'] : []),
  ],
  async score({
    config,
    truth,
    predictions,
    metrics,
    bootstrap,
    categories = [],
    keepReplicates = false,
    onProgress,
  }) {
    checkMetricKeys('multiple-choice', metrics, MULTIPLE_CHOICE_METRICS);
    const n = truth.caseIds.length;
    if (predictions.answers.length !== n)
      throw new RangeError(`multiple-choice: ${n} cases but ${predictions.answers.length} answers`);
    const correct = new Uint8Array(n);
    const failed = new Uint8Array(n);
    const failures: Record<ChoiceExtractionFailure, number> = {
      empty: 0,
      'out-of-range': 0,
      ambiguous: 0,
      'no-match': 0,
    };
    for (let i = 0; i < n; i++) {
      const extraction = extractChoice(predictions.answers[i]!, truth.options[i]!);
      if (extraction.letter === null) {
        failed[i] = 1;
        failures[extraction.failure] += 1;
      } else {
        correct[i] = Number(extraction.letter === truth.answers[i]);
      }
    }
    const notes: string[] = [];
    const failureCount = failed.reduce((s, v) => s + v, 0);
    if (failureCount > 0) {
      const reasons = Object.entries(failures)
        .filter(([, c]) => c > 0)
        .map(([reason, c]) => `${reason} ${c}`)
        .join(', ');
      notes.push(
        `${failureCount} of ${n} responses name no option letter and count as wrong (${reasons})`,
      );
    }
    const definitions: CaseMetric[] = [];
    const unavailable: Record<string, string> = {};
    for (const key of metrics) {
      if (key === 'vqa_accuracy') definitions.push(meanMetric(key, correct));
      else if (key === 'extraction_failure_rate') definitions.push(meanMetric(key, failed));
      else {
        const dimension = categories.find((c) => c.dimension === config.macroDimension);
        if (!config.macroDimension || !dimension) {
          unavailable[key] = config.macroDimension
            ? `no case of this test set has a "${config.macroDimension}" category`
            : 'the track names no macroDimension';
          continue;
        }
        definitions.push(macroAccuracy(correct, dimension.labels));
      }
    }
    const scored = await scoreCaseMetrics({
      keepReplicates,
      n,
      metrics: definitions,
      breakdownMetrics: ['vqa_accuracy'],
      categories,
      minCategorySize: config.minCategorySize,
      bootstrap,
      ...(onProgress ? { onProgress } : {}),
    });
    const results = Object.fromEntries(
      metrics.map((key) => [
        key,
        scored.metrics[key] ?? {
          value: null,
          ci: null,
          n,
          note: unavailable[key] ?? 'not computed',
        },
      ]),
    );
    return { n, metrics: results, breakdowns: scored.breakdowns, notes };
  },
};

/**
 * Macro accuracy over one dimension's categories (cases without a category left out). The point
 * estimate is `groupedAccuracy`'s (pandas-exact pairwise summation); a resample sums the
 * per-category accuracies of the categories it contains in sorted order.
 */
function macroAccuracy(correct: Uint8Array, labels: readonly (string | null)[]): CaseMetric {
  const names = [...new Set(labels.filter((l): l is string => l !== null))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const code = Int32Array.from(labels, (l) => (l === null ? -1 : names.indexOf(l)));
  const hits = new Float64Array(names.length);
  const counts = new Float64Array(names.length);
  const isIdentity = (rows: Int32Array) =>
    rows.length === correct.length && rows.every((r, j) => r === j);
  return {
    key: 'vqa_macro_accuracy',
    evaluate(rows) {
      if (isIdentity(rows)) {
        const kept = [...rows].filter((i) => code[i]! >= 0);
        if (kept.length === 0) return Number.NaN;
        return groupedAccuracy(
          Uint8Array.from(kept, (i) => correct[i]!),
          [kept.map((i) => labels[i]!)],
        ).dimensions[0]!.macroAccuracy;
      }
      hits.fill(0);
      counts.fill(0);
      for (const i of rows) {
        const c = code[i]!;
        if (c < 0) continue;
        counts[c]! += 1;
        hits[c]! += correct[i]!;
      }
      let sum = 0,
        present = 0;
      for (let c = 0; c < names.length; c++) {
        if (counts[c]! === 0) continue;
        sum += hits[c]! / counts[c]!;
        present += 1;
      }
      return present === 0 ? Number.NaN : sum / present;
    },
  };
}
