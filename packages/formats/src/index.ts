export * from './csv/read-csv-records.js';
export * from './csv/issue-collector.js';
export * from './csv/parse-number.js';
export * from './classification/parse-label.js';
export * from './classification/parse-classification-predictions.js';
export * from './classification/parse-classification-ground-truth.js';
