import {
  closedBalancedAccuracyOfRows,
  extractClosedAnswer,
  normalizeClosedAnswer,
  MAX_CLOSED_CHOICES,
  type ClosedAnswerFailure,
} from '@medrank/metrics';
import {
  parseAnswerPredictions,
  parseClosedVqaGroundTruth,
  type AnswerPredictions,
  type ClosedVqaGroundTruth,
} from '@medrank/formats';
import {
  CLOSED_VQA_METRICS,
  parseClosedVqaConfig,
  type ClosedVqaConfig,
} from '@medrank/task-contracts/config';
import { closedVqaFingerprint } from '../fingerprint/task-fingerprints.js';
import { meanMetric, scoreCaseMetrics, type CaseMetric } from '../shared/score-case-metrics.js';
import { checkMetricKeys, invalidStoredTruth } from '../shared/task-config.js';
import type { TaskScore, TaskType } from '../task-type.js';

export { CLOSED_VQA_METRICS, type ClosedVqaConfig };

/**
 * Hidden truth of one closed question as stored per case: `{ answer: "yes" }`, or with the
 * question's own choices `{ answer: "left", choices: ["left", "right"] }`.
 */
export interface ClosedVqaPayload {
  answer: string;
  choices?: string[];
}

export type ClosedVqaTruth = Pick<ClosedVqaGroundTruth, 'caseIds' | 'answers' | 'choices'> & {
  categories?: ClosedVqaGroundTruth['categories'];
};

/** The choices a case's response is read against: its own, else the track's answer set. */
const choicesOf = (truth: ClosedVqaTruth, config: ClosedVqaConfig, i: number) =>
  truth.choices[i] ?? config.answerSet;

export const closedVqaTaskType: TaskType<
  ClosedVqaConfig,
  ClosedVqaTruth,
  AnswerPredictions,
  TaskScore
> = {
  key: 'closed-vqa',
  label: 'Closed question (yes/no, either-or)',
  parseConfig: parseClosedVqaConfig,
  parseGroundTruth: (source, config, options = {}) =>
    parseClosedVqaGroundTruth(source, {
      ...options,
      answerSet: config.answerSet,
      normalize: normalizeClosedAnswer,
    }),
  groundTruthCases: (truth) =>
    truth.caseIds.map((caseId, i) => {
      const choices = truth.choices[i];
      return {
        caseId,
        truth: {
          answer: truth.answers[i]!,
          ...(choices ? { choices } : {}),
        } satisfies ClosedVqaPayload,
        metadata: truth.categories?.[i] ?? {},
      };
    }),
  truthFromPayloads(caseIds, payloads, config) {
    const answers: string[] = [];
    const choices: (string[] | null)[] = [];
    for (const caseId of caseIds) {
      const payload = payloads.get(caseId) as Partial<ClosedVqaPayload> | undefined;
      const own = payload?.choices;
      if (
        own !== undefined &&
        (!Array.isArray(own) ||
          own.length < 2 ||
          own.length > MAX_CLOSED_CHOICES ||
          !own.every((c) => typeof c === 'string'))
      )
        throw invalidStoredTruth('closed-vqa');
      const answer = payload?.answer;
      // The answer must still be one of the choices, and the choices readable (extractClosedAnswer
      // refuses colliding ones): an answer set edited after the upload (e.g. yes/no →
      // present/absent) makes stored yes/no truth unusable, not silently wrong.
      const forms = (own ?? config.answerSet).map(normalizeClosedAnswer);
      if (
        typeof answer !== 'string' ||
        !forms.includes(normalizeClosedAnswer(answer)) ||
        forms.includes('') ||
        new Set(forms).size !== forms.length
      )
        throw invalidStoredTruth('closed-vqa');
      answers.push(answer);
      choices.push(own ?? null);
    }
    return { caseIds: [...caseIds], answers, choices };
  },
  parsePredictions: (source, _config, { caseIds }, options = {}) =>
    parseAnswerPredictions(source, { caseIds, ...options }),
  slicePredictions: (predictions, start, end) => ({
    ...predictions,
    answers: predictions.answers.slice(start, end),
  }),
  fingerprint: (predictions, config, truth) =>
    closedVqaFingerprint(
      predictions,
      truth.caseIds.map((_, i) => choicesOf(truth, config, i)),
    ),
  defaultMetrics: () => [...CLOSED_VQA_METRICS],
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
    checkMetricKeys('closed-vqa', metrics, CLOSED_VQA_METRICS);
    const n = truth.caseIds.length;
    if (predictions.answers.length !== n)
      throw new RangeError(`closed-vqa: ${n} cases but ${predictions.answers.length} answers`);
    const correct = new Uint8Array(n);
    const failed = new Uint8Array(n);
    const failures: Record<ClosedAnswerFailure, number> = { empty: 0, ambiguous: 0, 'no-match': 0 };
    // Balanced accuracy groups cases by their true answer in its normalized form ("Yes" = "yes").
    const trueAnswers = truth.answers.map(normalizeClosedAnswer);
    for (let i = 0; i < n; i++) {
      const choices = choicesOf(truth, config, i);
      const extraction = extractClosedAnswer(predictions.answers[i]!, choices);
      if (extraction.choice === null) {
        failed[i] = 1;
        failures[extraction.failure] += 1;
      } else {
        correct[i] = Number(normalizeClosedAnswer(choices[extraction.choice]!) === trueAnswers[i]);
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
        `${failureCount} of ${n} responses state none of the question's answers, or more than one, and count as wrong (${reasons})`,
      );
    }
    const definitions: CaseMetric[] = metrics.map((key) => {
      if (key === 'closed_accuracy') return meanMetric(key, correct);
      if (key === 'extraction_failure_rate') return meanMetric(key, failed);
      return balancedAccuracyMetric(correct, trueAnswers);
    });
    const scored = await scoreCaseMetrics({
      keepReplicates,
      n,
      metrics: definitions,
      categories,
      minCategorySize: config.minCategorySize,
      bootstrap,
      ...(onProgress ? { onProgress } : {}),
    });
    return { n, metrics: scored.metrics, breakdowns: scored.breakdowns, notes };
  },
};

/**
 * Balanced accuracy as a function of any multiset of cases, so that the shared bootstrap can
 * resample it and breakdowns can compute it per category: it is no mean of per-case values.
 * closedBalancedAccuracyOfRows gives, for any rows, closedBalancedAccuracyScore's (sklearn's)
 * value of those cases.
 */
function balancedAccuracyMetric(correct: Uint8Array, trueAnswers: readonly string[]): CaseMetric {
  const names = [...new Set(trueAnswers)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(names.map((name, code) => [name, code]));
  const codes = Int32Array.from(trueAnswers, (a) => index.get(a)!);
  return {
    key: 'closed_balanced_accuracy',
    evaluate: (rows) => closedBalancedAccuracyOfRows(correct, codes, names.length, rows),
  };
}
