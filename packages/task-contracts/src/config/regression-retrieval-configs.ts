import { misconfigured, readMinCategorySize } from './config-errors.js';

export interface RegressionConfig {
  minCategorySize: number;
}

export const REGRESSION_METRICS = ['mae', 'rmse', 'pearson_r', 'spearman_rho'] as const;

export const parseRegressionConfig = (raw: Record<string, unknown>): RegressionConfig => ({
  minCategorySize: readMinCategorySize('regression', raw),
});

export interface RetrievalConfig {
  /** Cutoff of nDCG@k and Recall@k. Default 10. */
  k: number;
  /** Minimum qrels level counted as relevant for MAP, MRR and Recall (trec_eval -l). Default 1. */
  relevanceLevel: number;
  minCategorySize: number;
}

/** Metric keys at the track's cutoff k. */
export const RETRIEVAL_METRICS = ['ndcg_at_k', 'map', 'mrr', 'recall_at_k'] as const;

export function parseRetrievalConfig(raw: Record<string, unknown>): RetrievalConfig {
  const k = raw.k ?? 10;
  const relevanceLevel = raw.relevanceLevel ?? 1;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1)
    throw misconfigured('retrieval', `k must be a positive integer; found ${JSON.stringify(k)}`);
  if (typeof relevanceLevel !== 'number' || !Number.isInteger(relevanceLevel)) {
    throw misconfigured(
      'retrieval',
      `relevanceLevel must be an integer; found ${JSON.stringify(relevanceLevel)}`,
    );
  }
  return { k, relevanceLevel, minCategorySize: readMinCategorySize('retrieval', raw) };
}
