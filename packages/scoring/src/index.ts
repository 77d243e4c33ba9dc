export * from './classification/score-classification.js';
export * from './task-types.js';
export * from './score-submission-file.js';
