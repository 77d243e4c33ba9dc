export * from './task-type-contracts.js';
export * from './prediction-template.js';
