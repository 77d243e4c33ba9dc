export * from './errors.js';
export * from './format-bytes.js';
export * from './queues.js';
export * from './memory/memory-budget.js';
export * from './disclosure/index.js';
export * from './text-limits.js';
