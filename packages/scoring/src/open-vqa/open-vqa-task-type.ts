import { exactMatch, tokenF1 } from '@medrank/metrics';
import {
  parseAnswerPredictions,
  parseOpenVqaGroundTruth,
  type AnswerPredictions,
  type OpenVqaGroundTruth,
} from '@medrank/formats';
import { openVqaFingerprint } from '../fingerprint/task-fingerprints.js';
import { meanMetric, scoreCaseMetrics, type CaseMetric } from '../shared/score-case-metrics.js';
import { checkMetricKeys, invalidStoredTruth } from '../shared/task-config.js';
import type { TaskScore, TaskType } from '../task-type.js';
import {
  OPEN_VQA_METRICS,
  parseOpenVqaConfig,
  type OpenVqaConfig,
} from '@medrank/task-contracts/config';

export { OPEN_VQA_METRICS, type OpenVqaConfig };

/** Hidden truth of one open question as stored per case: `{ answers: ["left lower lobe", "LLL"] }`. */
export interface OpenVqaPayload {
  answers: string[];
}

export type OpenVqaTruth = Pick<OpenVqaGroundTruth, 'caseIds' | 'answers'> & {
  categories?: OpenVqaGroundTruth['categories'];
};

export const openVqaTaskType: TaskType<OpenVqaConfig, OpenVqaTruth, AnswerPredictions, TaskScore> =
  {
    key: 'open-vqa',
    label: 'Open-ended VQA',
    parseConfig: parseOpenVqaConfig,
    parseGroundTruth: (source, _config, options = {}) => parseOpenVqaGroundTruth(source, options),
    groundTruthCases: (truth) =>
      truth.caseIds.map((caseId, i) => ({
        caseId,
        truth: { answers: truth.answers[i]! } satisfies OpenVqaPayload,
        metadata: truth.categories?.[i] ?? {},
      })),
    truthFromPayloads(caseIds, payloads) {
      const answers = caseIds.map((caseId) => {
        const list = (payloads.get(caseId) as Partial<OpenVqaPayload> | undefined)?.answers;
        if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === 'string'))
          throw invalidStoredTruth('open-vqa');
        return list;
      });
      return { caseIds: [...caseIds], answers };
    },
    parsePredictions: (source, _config, { caseIds }, options = {}) =>
      parseAnswerPredictions(source, { caseIds, ...options }),
    slicePredictions: (predictions, start, end) => ({
      ...predictions,
      answers: predictions.answers.slice(start, end),
    }),
    fingerprint: (predictions) => openVqaFingerprint(predictions),
    defaultMetrics: () => [...OPEN_VQA_METRICS],
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
      checkMetricKeys('open-vqa', metrics, OPEN_VQA_METRICS);
      const n = truth.caseIds.length;
      if (predictions.answers.length !== n)
        throw new RangeError(`open-vqa: ${n} cases but ${predictions.answers.length} answers`);
      const perCase = {
        vqa_exact_match: Float64Array.from(truth.answers, (refs, i) =>
          exactMatch(predictions.answers[i]!, refs),
        ),
        vqa_token_f1: Float64Array.from(truth.answers, (refs, i) =>
          tokenF1(predictions.answers[i]!, refs),
        ),
      };
      const definitions: CaseMetric[] = metrics.map((key) => {
        const values = perCase[key as keyof typeof perCase];
        return meanMetric(key, values);
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
      return { n, metrics: scored.metrics, breakdowns: scored.breakdowns };
    },
  };
