export * from './classification/score-classification.js';
export * from './task-types.js';
