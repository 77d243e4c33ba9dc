export * from './bleu-score.js';
export * from './cider-d-score.js';
export * from './meteor-score.js';
export * from './porter-stemmer.js';
export * from './ptb-tokenize.js';
export * from './rouge-l-score.js';
export * from './tokenize.js';
export * from './text-normalization.js';
// wordnet-loader.ts reads files, so it is not re-exported here: import it directly.
export * from './text-metric-definitions.js';
