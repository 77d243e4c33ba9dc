export * from './evaluate-trec-run.js';
export * from './trec-measures.js';
export * from './trec-ranking.js';
export * from './retrieval-metric-definitions.js';
