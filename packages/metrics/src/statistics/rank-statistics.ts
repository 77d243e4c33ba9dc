import { holmAdjust } from './paired-bootstrap.js';
import { sortedPercentile } from './percentile.js';

/**
 * Complementary error function, erfc(x) = 1 − erf(x), by the Chebyshev fit of Numerical Recipes
 * (`erfcc`, fractional error < 1.2e-7 everywhere), which keeps its relative accuracy far in the
 * tail (erfc(10) ≈ 2.1e-45), unlike 1 − erf(x).
 * @see Press et al., Numerical Recipes in C, 2nd ed., §6.2.
 * @example erfc(0) // 1
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided tail probability of a standard normal: P(|Z| ≥ |z|) = erfc(|z|/√2). */
export function twoSidedNormalPValue(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

export interface PairedDifference {
  /** Point estimate of A − B (from the full test set). */
  diff: number;
  /** Percentile bootstrap CI of A − B from the paired replicate differences. */
  ciLow: number;
  ciHigh: number;
  /** Two-sided p-value for "A and B perform the same" (bootstrap standard error, normal reference). */
  pValue: number;
  /** Replicates where both A and B are defined. */
  replicates: number;
}

/**
 * Paired comparison of two entries scored on the same bootstrap resamples. With d_r = a_r − b_r
 * over the B′ replicates where both are defined and d̂ = pointA − pointB:
 *   CI = [P_{(1−c)/2}(d), P_{(1+c)/2}(d)] (type-7 percentiles),
 *   se = standard deviation of d (divisor B′ − 1),  p = 2·Φ(−|d̂| / se).
 * The normal reference gives p-values below the 2/(B′+1) floor of a tail count, which a Holm
 * correction over many pairs needs (with B = 1000, a tail count can never reject more than a
 * few dozen hypotheses). se = 0 gives p = 1 when d̂ = 0 and 0 otherwise. NaN when B′ < 2.
 * @throws {RangeError} when the replicate arrays differ in length.
 * @see Efron & Tibshirani (1993), An Introduction to the Bootstrap, §16.4 (bootstrap test via se).
 * @example pairedDifference(Float64Array.of(1, 2, 3), Float64Array.of(0, 1, 2), 2, 1).diff // 1
 */
export function pairedDifference(
  a: Float64Array,
  b: Float64Array,
  pointA: number,
  pointB: number,
  confidence = 0.95,
): PairedDifference {
  if (a.length !== b.length)
    throw new RangeError(`pairedDifference: replicate counts differ (${a.length} vs ${b.length})`);
  const d = new Float64Array(a.length);
  let count = 0;
  for (let r = 0; r < a.length; r++) {
    const v = a[r]! - b[r]!;
    if (!Number.isNaN(v)) d[count++] = v;
  }
  const diff = pointA - pointB;
  if (count < 2 || Number.isNaN(diff))
    return { diff, ciLow: Number.NaN, ciHigh: Number.NaN, pValue: Number.NaN, replicates: count };
  const used = d.subarray(0, count).sort();
  const se = standardDeviation(used);
  return {
    diff,
    ciLow: sortedPercentile(used, (100 * (1 - confidence)) / 2),
    ciHigh: sortedPercentile(used, (100 * (1 + confidence)) / 2),
    pValue: pFromStandardError(diff, se),
    replicates: count,
  };
}

function pFromStandardError(diff: number, se: number): number {
  if (se === 0 || !Number.isFinite(se)) return diff === 0 ? 1 : 0;
  return twoSidedNormalPValue(diff / se);
}

function standardDeviation(values: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]!;
  mean /= values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - mean) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

export interface RankStatisticsOptions {
  /** Per entry, the metric on every bootstrap replicate (same resamples for every entry). */
  replicateValues: readonly Float64Array[];
  /** Per entry, the metric on the full test set. */
  pointEstimates: readonly number[];
  higherIsBetter: boolean;
  /** Family-wise error rate of the tiers (Holm over all pairs). Default 0.05. */
  alpha?: number;
  /** Coverage of the rank interval. Default 0.95. */
  confidence?: number;
}

export interface RankStatisticsEntry {
  /** [lo, hi]: floor of the (1−c)/2 and ceil of the (1+c)/2 type-7 percentile of the entry's per-replicate competition rank. */
  rankInterval: [number, number];
  /** Share of usable replicates in which the entry is best; t entries tied for best get 1/t each. */
  probabilityBest: number;
  /** 1 + number of entries with a better point estimate whose Holm-adjusted pairwise p < alpha. */
  tier: number;
}

export interface RankStatisticsResult {
  entries: RankStatisticsEntry[];
  /** Replicates left out because some entry was undefined (NaN) on them. */
  excludedReplicates: number;
}

/**
 * Board rank statistics for k entries scored on the same bootstrap resamples, in
 * O(B·k·log k + B·k²) time and O(B·k) memory, so boards of 1,000 entries are practical:
 * - per replicate, competition ranks (1 + number strictly better; ties share the better rank) by
 *   sorting, over the replicates where every entry is defined;
 * - rank interval and P(best) from those ranks;
 * - pairwise p-values as in `pairedDifference` (bootstrap standard error of the paired
 *   difference, normal reference), Holm-adjusted over all k(k−1)/2 pairs, so the family-wise
 *   error of every "significantly better" claim on the board is at most alpha;
 * - tier = 1 + number of entries significantly better.
 * Differs from `comparePairedBootstrap` (quadratic ranks, tail-count p-values, which cannot reach
 * significance under Holm once a board has more than a handful of entries at B = 1000).
 * @throws {RangeError} when replicate counts differ or point estimates are missing.
 */
export function rankStatistics({
  replicateValues,
  pointEstimates,
  higherIsBetter,
  alpha = 0.05,
  confidence = 0.95,
}: RankStatisticsOptions): RankStatisticsResult {
  const k = replicateValues.length;
  if (pointEstimates.length !== k)
    throw new RangeError(
      `rankStatistics: ${k} replicate arrays but ${pointEstimates.length} point estimates`,
    );
  const replicates = k === 0 ? 0 : replicateValues[0]!.length;
  for (const values of replicateValues)
    if (values.length !== replicates)
      throw new RangeError('rankStatistics: replicate counts differ');
  if (k === 0) return { entries: [], excludedReplicates: 0 };

  // "Better" as a larger key: negate lower-is-better metrics once.
  const sign = higherIsBetter ? 1 : -1;
  const ranks = Array.from({ length: k }, () => new Float64Array(replicates));
  const bestCredit = new Float64Array(k);
  const order = new Int32Array(k);
  const keys = new Float64Array(k);
  let usable = 0;
  for (let r = 0; r < replicates; r++) {
    let isUsable = true;
    for (let e = 0; e < k; e++) {
      const v = replicateValues[e]![r]!;
      if (Number.isNaN(v)) {
        isUsable = false;
        break;
      }
      keys[e] = sign * v;
      order[e] = e;
    }
    if (!isUsable) continue;
    order.sort((x, y) => keys[y]! - keys[x]!);
    let firstCount = 0;
    for (let i = 0; i < k;) {
      let j = i;
      while (j + 1 < k && keys[order[j + 1]!] === keys[order[i]!]) j++;
      for (let t = i; t <= j; t++) ranks[order[t]!]![usable] = i + 1;
      if (i === 0) firstCount = j + 1;
      i = j + 1;
    }
    for (let t = 0; t < firstCount; t++) bestCredit[order[t]!]! += 1 / firstCount;
    usable++;
  }

  // Pairwise standard errors of the paired differences, from centred replicates.
  const centred = replicateValues.map((values) => {
    let mean = 0;
    let count = 0;
    for (let r = 0; r < replicates; r++) {
      if (Number.isNaN(values[r]!)) continue;
      mean += values[r]!;
      count++;
    }
    mean = count ? mean / count : 0;
    return values.map((v) => v - mean);
  });
  const pairCount = (k * (k - 1)) / 2;
  const pairP = new Float64Array(pairCount);
  let pair = 0;
  for (let a = 0; a < k; a++) {
    const ca = centred[a]!;
    for (let b = a + 1; b < k; b++) {
      const cb = centred[b]!;
      let n = 0;
      let sum = 0;
      let sumSquares = 0;
      for (let r = 0; r < replicates; r++) {
        const d = ca[r]! - cb[r]!;
        if (Number.isNaN(d)) continue;
        n++;
        sum += d;
        sumSquares += d * d;
      }
      const diff = pointEstimates[a]! - pointEstimates[b]!;
      const se =
        n < 2 ? Number.NaN : Math.sqrt(Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)));
      pairP[pair++] =
        Number.isNaN(se) || Number.isNaN(diff) ? Number.NaN : pFromStandardError(diff, se);
    }
  }
  const adjusted = holmAdjust(pairP);

  const betterCounts = new Int32Array(k);
  pair = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const p = adjusted[pair++]!;
      if (!(p < alpha)) continue;
      const pa = sign * pointEstimates[a]!;
      const pb = sign * pointEstimates[b]!;
      if (pa > pb) betterCounts[b]!++;
      else if (pb > pa) betterCounts[a]!++;
    }
  }

  const lowQ = (100 * (1 - confidence)) / 2;
  const highQ = (100 * (1 + confidence)) / 2;
  const entries = Array.from({ length: k }, (_, e): RankStatisticsEntry => {
    const sorted = ranks[e]!.subarray(0, usable).sort();
    return {
      rankInterval:
        usable === 0
          ? [Number.NaN, Number.NaN]
          : [
              Math.floor(sortedPercentile(sorted, lowQ)),
              Math.ceil(sortedPercentile(sorted, highQ)),
            ],
      probabilityBest: usable === 0 ? Number.NaN : bestCredit[e]! / usable,
      tier: 1 + betterCounts[e]!,
    };
  });
  return { entries, excludedReplicates: replicates - usable };
}
