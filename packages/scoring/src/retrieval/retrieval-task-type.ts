import {
  rankTrecRun,
  trecAveragePrecisionScore,
  trecNdcgScore,
  trecRecallScore,
  trecReciprocalRankScore,
} from '@medrank/metrics';
import { parseTrecQrels, parseTrecRun, type TrecRun } from '@medrank/formats';
import { retrievalFingerprint } from '../fingerprint/task-fingerprints.js';
import { meanMetric, scoreCaseMetrics, type CaseMetric } from '../shared/score-case-metrics.js';
import { checkMetricKeys, invalidStoredTruth } from '../shared/task-config.js';
import type { TaskScore, TaskType } from '../task-type.js';
import {
  RETRIEVAL_METRICS,
  parseRetrievalConfig,
  type RetrievalConfig,
} from '@medrank/task-contracts/config';

export { RETRIEVAL_METRICS, type RetrievalConfig };

/** Hidden truth of one query as stored: its judgments as `[doc_id, relevance]` pairs (an array, so any doc id is safe). */
export interface RetrievalPayload {
  judgments: [string, number][];
}

export interface RetrievalTruth {
  /** Query ids: the cases of a retrieval test set. */
  caseIds: string[];
  judgments: Map<string, number>[];
}

export const retrievalTaskType: TaskType<RetrievalConfig, RetrievalTruth, TrecRun, TaskScore> = {
  key: 'retrieval',
  label: 'Retrieval',
  parseConfig: parseRetrievalConfig,
  async parseGroundTruth(source, _config, options = {}) {
    const parsed = await parseTrecQrels(source, options);
    return parsed.ok
      ? { ok: true, value: { caseIds: parsed.value.queryIds, judgments: parsed.value.judgments } }
      : parsed;
  },
  groundTruthCases: (truth) =>
    truth.caseIds.map((caseId, i) => ({
      caseId,
      truth: { judgments: [...truth.judgments[i]!] } satisfies RetrievalPayload,
      metadata: {},
    })),
  truthFromPayloads(caseIds, payloads) {
    const judgments = caseIds.map((caseId) => {
      const pairs = (payloads.get(caseId) as Partial<RetrievalPayload> | undefined)?.judgments;
      if (
        !Array.isArray(pairs) ||
        !pairs.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Number.isInteger(p[1]))
      ) {
        throw invalidStoredTruth('retrieval');
      }
      return new Map(pairs);
    });
    return { caseIds: [...caseIds], judgments };
  },
  parsePredictions: (source, _config, { caseIds }, options = {}) =>
    parseTrecRun(source, { caseIds, ...options }),
  slicePredictions: (run, start, end) => {
    const entries = run.entries.slice(start, end);
    return { entries, queriesWithoutResults: entries.filter((e) => e.length === 0).length };
  },
  fingerprint: (run, { k }) => retrievalFingerprint(run, k),
  defaultMetrics: () => [...RETRIEVAL_METRICS],
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
    checkMetricKeys('retrieval', metrics, RETRIEVAL_METRICS);
    const n = truth.caseIds.length;
    if (predictions.entries.length !== n)
      throw new RangeError(
        `retrieval: ${n} queries but ${predictions.entries.length} result lists`,
      );
    const perQuery = {
      ndcg_at_k: new Float64Array(n),
      map: new Float64Array(n),
      mrr: new Float64Array(n),
      recall_at_k: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const ranking = rankTrecRun(predictions.entries[i]!);
      const judgments = truth.judgments[i]!;
      perQuery.ndcg_at_k[i] = trecNdcgScore(ranking, judgments, config.k);
      perQuery.map[i] = trecAveragePrecisionScore(ranking, judgments, config.relevanceLevel);
      perQuery.mrr[i] = trecReciprocalRankScore(ranking, judgments, config.relevanceLevel);
      perQuery.recall_at_k[i] = trecRecallScore(
        ranking,
        judgments,
        config.k,
        config.relevanceLevel,
      );
    }
    const definitions: CaseMetric[] = metrics.map((key) => {
      const values = perQuery[key as keyof typeof perQuery];
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
    const notes = [
      `nDCG and Recall are cut at k = ${config.k}; documents with relevance ≥ ${config.relevanceLevel} count as relevant for MAP, MRR and Recall`,
    ];
    if (predictions.queriesWithoutResults > 0) {
      notes.push(
        `${predictions.queriesWithoutResults} of ${n} queries have no results in the run and score 0 (trec_eval -c)`,
      );
    }
    return { n, metrics: scored.metrics, breakdowns: scored.breakdowns, notes };
  },
};
