export * from './types.js';
export * from './precision.js';
export * from './partition.js';
export * from './selection.js';
export * from './schema.js';
export * from './release.js';
export * from './ladder.js';
