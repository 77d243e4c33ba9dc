// Metadata only (label, direction, range, definition): no code that computes a metric, so
// the metric catalog can be read without bundling scoring code.
import type { MetricDefinition } from '../metric-definition.js';

const TREC_SEMANTICS =
  'Documents are ranked by score descending with ties broken by document id descending (trec_eval comp_sim_docno); the mean is over queries present in both qrels and run, including judged queries without relevant documents (which score 0), as trec_eval without -c.';

/** Ranking metadata of the retrieval metrics (parameterized by the cutoff k); bump `version` whenever a score would change. */
export const retrievalMetricDefinitions = [
  {
    key: 'ndcg_at_k',
    label: 'nDCG@k',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition: `Normalized discounted cumulative gain at cutoff k: gain = qrels relevance level, discount log2(rank + 1), ideal DCG from the top k of all judged documents; equals current trec_eval ndcg_cut.k. ${TREC_SEMANTICS}`,
  },
  {
    key: 'map',
    label: 'MAP',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition: `Mean over queries of average precision: precision at the rank of each relevant retrieved document, summed and divided by the number of relevant documents in the qrels (relevant = level ≥ 1); equals trec_eval map. ${TREC_SEMANTICS}`,
  },
  {
    key: 'mrr',
    label: 'MRR',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition: `Mean over queries of the reciprocal rank of the first relevant document (0 if none retrieved); equals trec_eval recip_rank. ${TREC_SEMANTICS}`,
  },
  {
    key: 'recall_at_k',
    label: 'Recall@k',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition: `Mean over queries of the fraction of the qrels' relevant documents found in the top k; equals trec_eval recall.k. ${TREC_SEMANTICS}`,
  },
] as const satisfies readonly MetricDefinition[];
