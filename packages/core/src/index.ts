export * from './errors.js';
export * from './queues.js';
export * from './disclosure/index.js';
export * from './text-limits.js';
