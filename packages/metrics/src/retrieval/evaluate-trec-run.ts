import {
  countRelevant,
  trecAveragePrecisionScore,
  trecNdcgScore,
  trecRecallScore,
  trecReciprocalRankScore,
} from './trec-measures.js';
import { rankTrecRun, sortQueryIds, type Qrels, type Run } from './trec-ranking.js';

export type TrecQueryScores = {
  ndcg: number;
  averagePrecision: number;
  reciprocalRank: number;
  recall: number;
};

export type TrecEvaluation = {
  /** Per evaluated query, in trec_eval's query order. */
  perQuery: Map<string, TrecQueryScores>;
  /** Means over the evaluated queries (nDCG@k, MAP, MRR, Recall@k); NaN when no query is evaluated. */
  mean: TrecQueryScores;
  /** Number of queries averaged (trec_eval's num_q). */
  queryCount: number;
};

export type TrecEvaluationOptions = {
  /** Cutoff k of nDCG@k and Recall@k. */
  k: number;
  /** Minimum level that counts as relevant for MAP, MRR and recall (trec_eval -l; default 1). */
  relevanceLevel?: number;
  /**
   * trec_eval -c: also average the qrels queries the run has no results for, as 0.
   * Default false: only queries present in both (trec_eval's default).
   */
  includeQueriesWithoutResults?: boolean;
  /**
   * Drop queries whose qrels hold no relevant document. trec_eval does **not** do this: such a
   * query is evaluated, scores 0 on every measure here and counts in the mean. Default false.
   */
  excludeQueriesWithoutRelevant?: boolean;
};

/**
 * Scores a run against qrels with trec_eval's semantics: documents ranked by
 * {@link rankTrecRun} (score descending, ties by document id descending); queries absent from
 * the qrels are ignored; queries absent from the run are ignored unless
 * `includeQueriesWithoutResults` (-c); means are plain sums over the queries in qrels order
 * divided by their count. All measures higher is better, range [0, 1].
 * @throws {RangeError} on a duplicate document in a query's run or a bad cutoff.
 * @see usnistgov/trec_eval `trec_eval.c` (query loop), `meas_avg.c`.
 * @example evaluateTrecRun(qrels, run, { k: 10 }).mean.ndcg
 */
export function evaluateTrecRun(
  qrels: Qrels,
  run: Run,
  options: TrecEvaluationOptions,
): TrecEvaluation {
  const {
    k,
    relevanceLevel = 1,
    includeQueriesWithoutResults = false,
    excludeQueriesWithoutRelevant = false,
  } = options;
  const perQuery = new Map<string, TrecQueryScores>();
  const sum: TrecQueryScores = { ndcg: 0, averagePrecision: 0, reciprocalRank: 0, recall: 0 };
  for (const queryId of sortQueryIds(qrels.keys())) {
    const judgments = qrels.get(queryId) ?? new Map<string, number>();
    const entries = run.get(queryId);
    if (entries === undefined && !includeQueriesWithoutResults) continue;
    if (excludeQueriesWithoutRelevant && countRelevant(judgments, relevanceLevel) === 0) continue;
    const ranking = rankTrecRun(entries ?? []);
    const scores: TrecQueryScores = {
      ndcg: trecNdcgScore(ranking, judgments, k),
      averagePrecision: trecAveragePrecisionScore(ranking, judgments, relevanceLevel),
      reciprocalRank: trecReciprocalRankScore(ranking, judgments, relevanceLevel),
      recall: trecRecallScore(ranking, judgments, k, relevanceLevel),
    };
    perQuery.set(queryId, scores);
    sum.ndcg += scores.ndcg;
    sum.averagePrecision += scores.averagePrecision;
    sum.reciprocalRank += scores.reciprocalRank;
    sum.recall += scores.recall;
  }
  const n = perQuery.size;
  const mean = (v: number) => (n === 0 ? Number.NaN : v / n);
  return {
    perQuery,
    mean: {
      ndcg: mean(sum.ndcg),
      averagePrecision: mean(sum.averagePrecision),
      reciprocalRank: mean(sum.reciprocalRank),
      recall: mean(sum.recall),
    },
    queryCount: n,
  };
}
