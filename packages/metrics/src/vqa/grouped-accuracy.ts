import { numpyMean } from './pairwise-sum.js';

/** Correct count, total count and their ratio for one group of questions. */
export type AccuracyCount = { correct: number; n: number; accuracy: number };

export type DimensionAccuracy = {
  /** One entry per category, in ascending code-unit order of the category name (as pandas' groupby). */
  byCategory: Map<string, AccuracyCount>;
  /** Unweighted mean of the per-category accuracies: every category counts once, whatever its size. */
  macroAccuracy: number;
};

export type GroupedAccuracy = {
  overall: AccuracyCount;
  /** One entry per dimension, in the order the dimensions were given. */
  dimensions: DimensionAccuracy[];
};

/**
 * Accuracy overall and per category along any number of dimensions (modality, task, department…),
 * plus the macro average over each dimension's categories.
 * `correct[i]` is non-zero when question i was answered correctly; extraction failures must be
 * passed as 0. `categories[d][i]` is the category of question i in dimension d.
 * Accuracy = correct / n within a group, range [0, 1], higher is better. The macro average sums
 * the category accuracies in sorted category order with numpy's pairwise summation, so it equals
 * pandas' `correct.groupby(df[col]).mean().mean()` bit for bit. No questions: overall accuracy NaN
 * and every dimension empty with macro NaN.
 * @throws {RangeError} when a dimension's length differs from `correct`.
 * @see peers README §5 (`peer_vqa.py`), GMAI-MMBench per-dimension reporting (Chen et al., 2024).
 * @example groupedAccuracy(Uint8Array.of(1, 0, 1), [['CT', 'CT', 'MRI']]).dimensions[0].macroAccuracy // 0.75
 */
export function groupedAccuracy(
  correct: Uint8Array,
  categories: readonly (readonly string[])[],
): GroupedAccuracy {
  let correctTotal = 0;
  for (let i = 0; i < correct.length; i++) correctTotal += Number(correct[i] !== 0);
  const n = correct.length;
  const dimensions = categories.map((column, d) => {
    if (column.length !== n) {
      throw new RangeError(
        `groupedAccuracy: dimension ${d} has ${column.length} labels for ${n} answers`,
      );
    }
    const counts = new Map<string, { correct: number; n: number }>();
    for (let i = 0; i < n; i++) {
      const key = column[i] ?? '';
      let c = counts.get(key);
      if (c === undefined) counts.set(key, (c = { correct: 0, n: 0 }));
      c.n += 1;
      c.correct += Number(correct[i] !== 0);
    }
    // Code-unit order, like Python's sorted(str) for the BMP; not localeCompare, which varies by locale.
    const keys = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const byCategory = new Map<string, AccuracyCount>();
    for (const key of keys) {
      const c = counts.get(key) ?? { correct: 0, n: 0 };
      byCategory.set(key, { correct: c.correct, n: c.n, accuracy: c.correct / c.n });
    }
    const accuracies = Float64Array.from(byCategory.values(), (c) => c.accuracy);
    return { byCategory, macroAccuracy: numpyMean(accuracies) };
  });
  return {
    overall: { correct: correctTotal, n, accuracy: n === 0 ? Number.NaN : correctTotal / n },
    dimensions,
  };
}
