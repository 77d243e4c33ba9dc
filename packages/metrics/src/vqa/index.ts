export * from './closed-answer.js';
export * from './extract-choice.js';
export * from './grade-choices.js';
export * from './grouped-accuracy.js';
export * from './open-answer.js';
export * from './vqa-metric-definitions.js';
