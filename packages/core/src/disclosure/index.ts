export * from './types.js';
export * from './precision.js';
