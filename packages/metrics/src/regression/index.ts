export * from './correlation.js';
export * from './errors.js';
export * from './regression-metric-definitions.js';
