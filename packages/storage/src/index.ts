export * from './blob-store.js';
export * from './file-blob-store.js';
