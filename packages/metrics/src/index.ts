// Flat list of family re-exports: add one `export * from './<family>/index.js'` line per family.
export * from './statistics/index.js';
