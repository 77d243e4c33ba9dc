export * from './prng.js';
export * from './bootstrap-indices.js';
export * from './percentile.js';
export * from './percentile-bootstrap-ci.js';
export * from './bootstrap.js';
export * from './paired-bootstrap.js';
export * from './rank-statistics.js';
export * from './mean-interval.js';
