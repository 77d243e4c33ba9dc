import type { Judgments } from './trec-ranking.js';

// Per-query measures over a ranking that is already in trec_eval order (see rankTrecRun).
// Documents missing from the judgments are non-relevant (trec_eval's "not in pool", −1);
// negative levels are in the pool but unjudged (−2) and count as non-relevant too.

/** Number of judged documents with relevance ≥ `relevanceLevel` (trec_eval's num_rel). */
export function countRelevant(judgments: Judgments, relevanceLevel = 1): number {
  let n = 0;
  for (const level of judgments.values()) if (level >= 0 && level >= relevanceLevel) n += 1;
  return n;
}

const levelOf = (judgments: Judgments, docId: string): number => judgments.get(docId) ?? -1;

function checkCutoff(name: string, k: number): void {
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`${name}: cutoff must be a positive integer, got ${k}`);
}

/**
 * nDCG@k as trec_eval `ndcg_cut.k` (current trec_eval, m_ndcg_cut.c): gain = the qrels relevance
 * level (levels ≤ 0 give nothing), discount log2(rank + 1), DCG over the top k retrieved; the
 * ideal DCG takes the top k of all judged documents sorted by level, retrieved or not. No
 * positive judgment → 0 (ideal DCG 0), as trec_eval. Range [0, 1], higher is better.
 * Old trec_eval (≤ 9.0.4) divided rank r ≥ 2 by log2(r) instead; values differ.
 * @throws {RangeError} when k is not a positive integer.
 * @see Järvelin & Kekäläinen (2002), ACM TOIS 20(4):422–446. @see usnistgov/trec_eval `m_ndcg_cut.c`.
 * @example trecNdcgScore(['d1', 'd2'], new Map([['d2', 1]]), 10) // 1/log2(3) ≈ 0.631
 */
export function trecNdcgScore(ranking: readonly string[], judgments: Judgments, k: number): number {
  checkCutoff('trecNdcgScore', k);
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranking.length); i++) {
    const gain = levelOf(judgments, ranking[i] ?? '');
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  }
  const ideal = [...judgments.values()].filter((level) => level > 0).sort((a, b) => b - a);
  let idealDcg = 0;
  for (let i = 0; i < Math.min(k, ideal.length); i++)
    idealDcg += (ideal[i] ?? 0) / Math.log2(i + 2);
  return idealDcg > 0 ? dcg / idealDcg : dcg;
}

/**
 * Average precision as trec_eval `map` per query: Σ over relevant retrieved documents of
 * precision at their rank, divided by the number of relevant documents in the qrels (relevant
 * but never retrieved ones count as precision 0). Relevant means level ≥ `relevanceLevel`
 * (trec_eval -l, default 1). No relevant document → 0. Range [0, 1], higher is better.
 * @see Buckley & Voorhees (2005), in TREC: Experiment and Evaluation in IR. @see usnistgov/trec_eval `m_map.c`.
 * @example trecAveragePrecisionScore(['d1', 'd2', 'd3'], new Map([['d1', 1], ['d3', 1], ['d9', 1]])) // (1 + 2/3)/3
 */
export function trecAveragePrecisionScore(
  ranking: readonly string[],
  judgments: Judgments,
  relevanceLevel = 1,
): number {
  const relevant = countRelevant(judgments, relevanceLevel);
  let found = 0,
    sum = 0;
  for (let i = 0; i < ranking.length; i++) {
    if (levelOf(judgments, ranking[i] ?? '') >= relevanceLevel) {
      found += 1;
      sum += found / (i + 1);
    }
  }
  return found > 0 ? sum / relevant : 0;
}

/**
 * Reciprocal rank of the first relevant document, trec_eval `recip_rank` (its mean over queries
 * is MRR); 0 when none is retrieved. Range [0, 1], higher is better.
 * @see usnistgov/trec_eval `m_recip_rank.c`.
 * @example trecReciprocalRankScore(['d1', 'd2'], new Map([['d2', 2]])) // 0.5
 */
export function trecReciprocalRankScore(
  ranking: readonly string[],
  judgments: Judgments,
  relevanceLevel = 1,
): number {
  for (let i = 0; i < ranking.length; i++) {
    if (levelOf(judgments, ranking[i] ?? '') >= relevanceLevel) return 1 / (i + 1);
  }
  return 0;
}

/**
 * Recall@k as trec_eval `recall.k`: relevant documents among the top k over all relevant
 * documents in the qrels. No relevant document → 0. Range [0, 1], higher is better.
 * @throws {RangeError} when k is not a positive integer.
 * @see usnistgov/trec_eval `m_recall.c`.
 * @example trecRecallScore(['d1', 'd2', 'd3'], new Map([['d1', 1], ['d3', 1]]), 2) // 0.5
 */
export function trecRecallScore(
  ranking: readonly string[],
  judgments: Judgments,
  k: number,
  relevanceLevel = 1,
): number {
  checkCutoff('trecRecallScore', k);
  const relevant = countRelevant(judgments, relevanceLevel);
  if (relevant === 0) return 0;
  let found = 0;
  for (let i = 0; i < Math.min(k, ranking.length); i++) {
    if (levelOf(judgments, ranking[i] ?? '') >= relevanceLevel) found += 1;
  }
  return found / relevant;
}
