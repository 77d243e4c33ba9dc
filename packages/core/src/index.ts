export * from './errors.js';
export * from './queues.js';
