// Flat list of re-exports: add one `export * from './<family>/index.js'` line per family.
export * from './statistics/index.js';
export * from './classification/index.js';
export * from './registry.js';
export * from './segmentation/index.js';
export * from './detection/index.js';
export * from './vqa/index.js';
export * from './text/index.js';
export * from './regression/index.js';
export * from './retrieval/index.js';
export * from './metric-catalog.js';
