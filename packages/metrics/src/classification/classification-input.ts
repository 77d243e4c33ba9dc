/**
 * Everything a classification metric may need, aligned by case: class indices 0..nClasses−1
 * for truth and predicted labels, and (when the submission has them) row-major n×nClasses
 * probabilities. Binary tasks have nClasses = 2 and a `positiveClass` index.
 */
export interface ClassificationInput {
  yTrue: Int32Array;
  yPred: Int32Array;
  scores: Float64Array | null;
  nClasses: number;
  positiveClass: number;
}

export type ClassificationTask = 'binary' | 'multiclass';
