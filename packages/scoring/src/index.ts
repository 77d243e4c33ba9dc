export * from './classification/score-classification.js';
export * from './task-types.js';
export * from './score-submission-file.js';
export * from './shared/score-case-metrics.js';
export * from './multiple-choice/multiple-choice-task-type.js';
export * from './open-vqa/open-vqa-task-type.js';
export * from './report-generation/report-generation-task-type.js';
export * from './report-generation/wordnet.js';
