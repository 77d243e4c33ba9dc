import { percentile } from './percentile.js';

/**
 * Two-sided paired bootstrap p-value for "entries A and B perform the same", from replicate
 * statistics computed on the *same* resampling rows (so the difference keeps its pairing).
 *
 * Definition: with d_r = a_r − b_r over the B′ replicates where both are defined (non-NaN),
 *   p = min(1, 2 · min(1 + #{d_r ≤ 0}, 1 + #{d_r ≥ 0}) / (B′ + 1)).
 * That is twice the smaller bootstrap tail mass at zero, with the +1 correction of Davison &
 * Hinkley so a finite bootstrap never reports p = 0 (the smallest attainable value is
 * 2/(B′+1)). Identical entries give p = 1; no shared defined replicate gives NaN.
 * Direction-free: the sign of the difference does not matter.
 * @throws {RangeError} when the replicate arrays differ in length.
 * @see Davison & Hinkley (1997), Bootstrap Methods and their Application, §4.4.
 * @example pairedBootstrapPValue(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)) // 1
 */
export function pairedBootstrapPValue(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) {
    throw new RangeError(
      `pairedBootstrapPValue: replicate counts differ (${a.length} vs ${b.length})`,
    );
  }
  let valid = 0,
    atMostZero = 0,
    atLeastZero = 0;
  for (let r = 0; r < a.length; r++) {
    const d = a[r]! - b[r]!;
    if (Number.isNaN(d)) continue;
    valid++;
    if (d <= 0) atMostZero++;
    if (d >= 0) atLeastZero++;
  }
  if (valid === 0) return Number.NaN;
  return Math.min(1, (2 * Math.min(1 + atMostZero, 1 + atLeastZero)) / (valid + 1));
}

/**
 * Holm (1979) step-down adjustment for a family of p-values: sort ascending, multiply the j-th
 * smallest (0-based) by (m − j), make the sequence non-decreasing, cap at 1. Controls the
 * family-wise error rate under any dependence. NaN p-values stay NaN and are not counted in m.
 * @see Holm (1979), Scandinavian Journal of Statistics 6(2):65–70.
 * @example holmAdjust(Float64Array.of(0.01, 0.04, 0.03)) // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: Float64Array): Float64Array {
  const adjusted = new Float64Array(pValues.length).fill(Number.NaN);
  const order: number[] = [];
  for (let i = 0; i < pValues.length; i++) if (!Number.isNaN(pValues[i]!)) order.push(i);
  order.sort((i, j) => pValues[i]! - pValues[j]!);
  const m = order.length;
  let running = 0;
  for (let j = 0; j < m; j++) {
    const i = order[j]!;
    running = Math.max(running, Math.min(1, (m - j) * pValues[i]!));
    adjusted[i] = running;
  }
  return adjusted;
}

export interface PairedBootstrapOptions {
  /** Per entry, the statistic on every replicate, all computed on the same index rows. */
  replicateValues: readonly Float64Array[];
  /** Per entry, the statistic on the full test set; decides which of two entries is better. */
  pointEstimates: readonly number[];
  higherIsBetter: boolean;
  /** Family-wise error rate for the significance tiers (Holm over all pairs). Default 0.05. */
  alpha?: number;
  /** Coverage of the rank interval. Default 0.95 (2.5th–97.5th percentile). */
  confidence?: number;
}

export interface PairedBootstrapEntry {
  /** [best, worst] plausible rank: floor of the lower and ceil of the upper type-7 percentile
   * of the entry's per-replicate rank, so both ends are whole ranks and the interval is never
   * narrower than the percentiles. NaN when no replicate is usable. */
  rankInterval: [number, number];
  /** Share of usable replicates in which the entry ranks first; an entry tied for first with
   * t − 1 others gets 1/t of that replicate, so the probabilities sum to 1. */
  probabilityBest: number;
  /** 1 + number of entries significantly better (Holm-adjusted p < alpha and a better point
   * estimate). Entries that no one beats share tier 1. */
  significanceRank: number;
  /** Indices of the entries this entry is significantly better than. */
  significantlyBetterThan: number[];
}

export interface PairedBootstrapResult {
  entries: PairedBootstrapEntry[];
  /** k×k row-major raw two-sided p-values (symmetric, NaN diagonal). */
  pValues: Float64Array;
  /** k×k row-major Holm-adjusted p-values over the k(k−1)/2 pairs. */
  adjustedPValues: Float64Array;
  /** Replicates left out of rank statistics because some entry was NaN on them. */
  excludedReplicates: number;
}

/**
 * Paired bootstrap comparison of k entries (e.g. leaderboard submissions) scored on the same
 * resamples: rank intervals, probability of being best, pairwise p-values with Holm correction
 * and significance tiers. Ranks use competition ranking (rank = 1 + number strictly better),
 * so ties share the better rank. Direction-aware via `higherIsBetter`.
 * @throws {RangeError} when entries have different replicate counts or point estimates are missing.
 * @example
 * comparePairedBootstrap({ replicateValues: [a, b], pointEstimates: [0.9, 0.8], higherIsBetter: true })
 */
export function comparePairedBootstrap({
  replicateValues,
  pointEstimates,
  higherIsBetter,
  alpha = 0.05,
  confidence = 0.95,
}: PairedBootstrapOptions): PairedBootstrapResult {
  const k = replicateValues.length;
  if (pointEstimates.length !== k) {
    throw new RangeError(
      `comparePairedBootstrap: ${k} replicate arrays but ${pointEstimates.length} point estimates`,
    );
  }
  const replicates = k === 0 ? 0 : replicateValues[0]!.length;
  for (const values of replicateValues) {
    if (values.length !== replicates)
      throw new RangeError('comparePairedBootstrap: replicate counts differ');
  }
  const isBetter = (x: number, y: number): boolean => (higherIsBetter ? x > y : x < y);

  // Per-replicate competition ranks; replicates where any entry is undefined are excluded
  // so every rank is over the same set of entries.
  const ranks = Array.from({ length: k }, () => new Float64Array(replicates));
  const bestCredit = new Float64Array(k);
  let usable = 0;
  for (let r = 0; r < replicates; r++) {
    let isUsable = true;
    for (let e = 0; e < k; e++) if (Number.isNaN(replicateValues[e]![r]!)) isUsable = false;
    if (!isUsable) continue;
    let firstCount = 0;
    for (let e = 0; e < k; e++) {
      const v = replicateValues[e]![r]!;
      let rank = 1;
      for (let f = 0; f < k; f++) if (isBetter(replicateValues[f]![r]!, v)) rank++;
      ranks[e]![usable] = rank;
      if (rank === 1) firstCount++;
    }
    for (let e = 0; e < k; e++) if (ranks[e]![usable] === 1) bestCredit[e]! += 1 / firstCount;
    usable++;
  }

  const pValues = new Float64Array(k * k).fill(Number.NaN);
  const pairP = new Float64Array((k * (k - 1)) / 2);
  let pair = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const p = pairedBootstrapPValue(replicateValues[a]!, replicateValues[b]!);
      pValues[a * k + b] = p;
      pValues[b * k + a] = p;
      pairP[pair++] = p;
    }
  }
  const pairAdjusted = holmAdjust(pairP);
  const adjustedPValues = new Float64Array(k * k).fill(Number.NaN);
  pair = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      adjustedPValues[a * k + b] = pairAdjusted[pair]!;
      adjustedPValues[b * k + a] = pairAdjusted[pair]!;
      pair++;
    }
  }

  const lowQ = (100 * (1 - confidence)) / 2,
    highQ = (100 * (1 + confidence)) / 2;
  const entries: PairedBootstrapEntry[] = [];
  for (let e = 0; e < k; e++) {
    const entryRanks = ranks[e]!.subarray(0, usable);
    const significantlyBetterThan: number[] = [];
    let betterCount = 0;
    for (let f = 0; f < k; f++) {
      if (f === e) continue;
      const adjusted = adjustedPValues[e * k + f]!;
      if (!(adjusted < alpha)) continue;
      if (isBetter(pointEstimates[e]!, pointEstimates[f]!)) significantlyBetterThan.push(f);
      if (isBetter(pointEstimates[f]!, pointEstimates[e]!)) betterCount++;
    }
    entries.push({
      rankInterval: [
        Math.floor(percentile(entryRanks, lowQ)),
        Math.ceil(percentile(entryRanks, highQ)),
      ],
      probabilityBest: usable === 0 ? Number.NaN : bestCredit[e]! / usable,
      significanceRank: 1 + betterCount,
      significantlyBetterThan,
    });
  }
  return { entries, pValues, adjustedPValues, excludedReplicates: replicates - usable };
}
