export * from './types.js';
export * from './precision.js';
export * from './release.js';
export * from './ladder.js';
