/** Shared building blocks for the classification metrics (not exported from the package). */
import { radixArgsortFloat64, type SortedFloat64Keys } from './radix-argsort.js';

export function assertSameLength(
  metric: string,
  a: { length: number },
  b: { length: number },
  what = 'yTrue and yPred',
): void {
  if (a.length !== b.length) {
    throw new RangeError(`${metric}: ${what} differ in length (${a.length} vs ${b.length})`);
  }
}

export function assertScoreMatrix(
  metric: string,
  n: number,
  scores: Float64Array,
  nClasses: number,
): void {
  if (!Number.isInteger(nClasses) || nClasses < 2) {
    throw new RangeError(`${metric}: nClasses must be an integer ≥ 2, got ${nClasses}`);
  }
  if (scores.length !== n * nClasses) {
    throw new RangeError(
      `${metric}: scores must be n×nClasses = ${n}×${nClasses}, got length ${scores.length}`,
    );
  }
}

/**
 * Confusion matrix over the sorted union of labels in yTrue and yPred (sklearn's
 * `unique_labels`): `matrix[t * size + p]` counts samples with true label `labels[t]` and
 * predicted label `labels[p]`.
 */
export interface Confusion {
  labels: Int32Array;
  size: number;
  matrix: Float64Array;
}

export function confusion(yTrue: Int32Array, yPred: Int32Array): Confusion {
  const n = yTrue.length;
  let low = 0,
    high = -1;
  if (n > 0) {
    low = high = yTrue[0]!;
    for (let i = 0; i < n; i++) {
      const t = yTrue[i]!,
        p = yPred[i]!;
      if (t < low) low = t;
      else if (t > high) high = t;
      if (p < low) low = p;
      else if (p > high) high = p;
    }
  }
  // Common case, small non-negative labels: count raw label pairs in one pass, then keep the
  // labels that occur (the sorted union, as the Set below gives).
  if (n > 0 && low >= 0 && high < 256) return denseConfusion(yTrue, yPred, high + 1);
  const present = new Set<number>();
  for (let i = 0; i < n; i++) {
    present.add(yTrue[i]!);
    present.add(yPred[i]!);
  }
  const labels = Int32Array.from(present).sort();
  const size = labels.length;
  const position = new Map<number, number>();
  labels.forEach((label, i) => position.set(label, i));
  const matrix = new Float64Array(size * size);
  for (let i = 0; i < n; i++) matrix[position.get(yTrue[i]!)! * size + position.get(yPred[i]!)!]!++;
  return { labels, size, matrix };
}

function denseConfusion(yTrue: Int32Array, yPred: Int32Array, span: number): Confusion {
  const raw = new Int32Array(span * span);
  for (let i = 0; i < yTrue.length; i++) raw[yTrue[i]! * span + yPred[i]!]!++;
  const occurs = new Uint8Array(span);
  for (let t = 0; t < span; t++) {
    for (let p = 0; p < span; p++) {
      if (raw[t * span + p]! !== 0) occurs[t] = occurs[p] = 1;
    }
  }
  const kept: number[] = [];
  for (let label = 0; label < span; label++) if (occurs[label]) kept.push(label);
  const labels = Int32Array.from(kept);
  const size = labels.length;
  const matrix = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) matrix[a * size + b] = raw[labels[a]! * span + labels[b]!]!;
  }
  return { labels, size, matrix };
}

/** Binary counts with `positiveLabel` as positive and every other label as negative. */
export function binaryCounts(yTrue: Int32Array, yPred: Int32Array, positiveLabel: number) {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const isActual = yTrue[i] === positiveLabel,
      isPredicted = yPred[i] === positiveLabel;
    if (isActual) {
      if (isPredicted) tp++;
      else fn++;
    } else if (isPredicted) fp++;
    else tn++;
  }
  return { tp, fp, fn, tn };
}

/**
 * Tie groups of a score column: `groupOf[i]` is the rank of sample i's score among the distinct
 * scores (ascending), so equal scores share a group (−0 and +0 included). Built from a radix
 * argsort of the scores' bit patterns and one pass over the sorted keys.
 * `stride`/`offset` select column `offset` of a row-major matrix with `stride` columns.
 * @throws {RangeError} when a score is NaN (its order is undefined).
 */
export interface ScoreGroups {
  groupOf: Int32Array;
  groupCount: number;
}

export function scoreGroups(
  metric: string,
  scores: Float64Array,
  n: number,
  stride = 1,
  offset = 0,
): ScoreGroups {
  const { order, hi, lo } = sortedScores(metric, scores, n, stride, offset);
  const groupOf = new Int32Array(n);
  let group = -1,
    previousHi = 0,
    previousLo = 0;
  for (let i = 0; i < n; i++) {
    const h = hi[i]!,
      l = lo[i]!;
    if (group < 0 || h !== previousHi || l !== previousLo) {
      group++;
      previousHi = h;
      previousLo = l;
    }
    groupOf[order[i]!] = group;
  }
  return { groupOf, groupCount: group + 1 };
}

/**
 * Radix argsort of a score column (see `radixArgsortFloat64`).
 * @throws {RangeError} naming the first sample whose score is NaN.
 */
export function sortedScores(
  metric: string,
  scores: Float64Array,
  n: number,
  stride = 1,
  offset = 0,
  payload?: Int32Array,
): SortedFloat64Keys {
  const sorted = radixArgsortFloat64(scores, n, stride, offset, payload);
  if (sorted.nanCount > 0) {
    // NaNs sort last, stably: the first of them is the lowest sample index.
    if (payload) sortedScores(metric, scores, n, stride, offset); // throws with the sample index
    throw new RangeError(`${metric}: score of sample ${sorted.order[n - sorted.nanCount]} is NaN`);
  }
  return sorted;
}

/**
 * AUROC of a score column straight from its sorted keys: the same per-group negative/positive
 * counts, in the same ascending order and with the same arithmetic as `aucFromGroupCounts`,
 * without building `groupOf`, slots or a counts array. Samples with label `positiveLabel` are
 * positive. The labels travel through the sort as its payload, so they are read in order.
 * @throws {RangeError} when a score is NaN.
 */
export function rocAucFromScores(
  metric: string,
  yTrue: Int32Array,
  scores: Float64Array,
  positiveLabel: number,
  stride = 1,
  offset = 0,
): number {
  const n = yTrue.length;
  const isPositive = new Int32Array(n);
  for (let i = 0; i < n; i++) isPositive[i] = yTrue[i] === positiveLabel ? 1 : 0;
  const { order, hi, lo } = sortedScores(metric, scores, n, stride, offset, isPositive);
  let negativesBelow = 0,
    positives = 0,
    twiceU = 0;
  let neg = 0,
    pos = 0,
    previousHi = 0,
    previousLo = 0;
  for (let i = 0; i < n; i++) {
    const h = hi[i]!,
      l = lo[i]!;
    if (i > 0 && (h !== previousHi || l !== previousLo)) {
      twiceU += pos * (2 * negativesBelow + neg);
      negativesBelow += neg;
      positives += pos;
      neg = 0;
      pos = 0;
    }
    previousHi = h;
    previousLo = l;
    const p = order[i]!;
    pos += p;
    neg += 1 - p;
  }
  twiceU += pos * (2 * negativesBelow + neg);
  negativesBelow += neg;
  positives += pos;
  const negatives = negativesBelow;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return twiceU / (2 * positives * negatives);
}

/**
 * Per-sample counter slot: 2·group + 1 for positives, 2·group for negatives. Folding group and
 * label into one array halves the random memory reads of the bootstrap inner loop.
 */
export function counterSlots(groupOf: Int32Array, isPositive: Uint8Array): Int32Array {
  const slots = new Int32Array(groupOf.length);
  for (let i = 0; i < groupOf.length; i++) slots[i] = 2 * groupOf[i]! + isPositive[i]!;
  return slots;
}

/**
 * Fills `counts` (length 2·groupCount, zeroed here) with negatives at [2g] and positives at
 * [2g+1] per tie group, for the samples listed in `row` (with multiplicity) or all samples.
 */
export function countBySlot(slots: Int32Array, counts: Float64Array, row?: Int32Array): void {
  counts.fill(0);
  if (row) {
    for (let j = 0; j < row.length; j++) counts[slots[row[j]!]!]!++;
  } else {
    for (let i = 0; i < slots.length; i++) counts[slots[i]!]!++;
  }
}

/**
 * AUROC from per-group counts (ascending scores): the Mann–Whitney U with ties counted 1/2,
 * accumulated as 2U in exact integer arithmetic (≤ n²/2 < 2^53 for n < 10^8) and divided once,
 * so the result is the correctly rounded rational value. NaN when a class is absent.
 */
export function aucFromGroupCounts(counts: Float64Array, groupCount: number): number {
  let negativesBelow = 0,
    positives = 0,
    twiceU = 0;
  for (let g = 0; g < groupCount; g++) {
    const neg = counts[2 * g]!,
      pos = counts[2 * g + 1]!;
    twiceU += pos * (2 * negativesBelow + neg);
    negativesBelow += neg;
    positives += pos;
  }
  const negatives = negativesBelow;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return twiceU / (2 * positives * negatives);
}

/**
 * Average precision (sklearn's step-wise, uninterpolated AP) from per-group counts: thresholds
 * at each distinct score, descending; AP = Σ (R_t − R_{t−1}) · P_t. Tied scores form a single
 * threshold, exactly as sklearn's `_binary_clf_curve`. NaN without positives.
 */
export function averagePrecisionFromGroupCounts(counts: Float64Array, groupCount: number): number {
  let positives = 0;
  for (let g = 0; g < groupCount; g++) positives += counts[2 * g + 1]!;
  if (positives === 0) return Number.NaN;
  let tp = 0,
    fp = 0,
    previousRecall = 0,
    ap = 0;
  for (let g = groupCount - 1; g >= 0; g--) {
    const neg = counts[2 * g]!,
      pos = counts[2 * g + 1]!;
    if (neg === 0 && pos === 0) continue; // group absent from this resample
    tp += pos;
    fp += neg;
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
  }
  return ap;
}

export function positiveMask(yTrue: Int32Array, positiveLabel: number): Uint8Array {
  const mask = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) mask[i] = yTrue[i] === positiveLabel ? 1 : 0;
  return mask;
}
