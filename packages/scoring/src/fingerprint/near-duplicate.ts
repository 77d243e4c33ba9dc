// Near-duplicate detection (SECURITY.md, "crafted submissions"): a submission whose predictions
// differ from an earlier scored one of the same team or person in fewer than m cases is not scored,
// so that the difference of two scores can never be pinned on a handful of cases.
import {
  countChangedCases,
  MAX_RANK_UNITS,
  type PredictionFingerprint,
} from './prediction-fingerprint.js';

/**
 * A case's numeric prediction counts as moved only when its rank moves by more than this fraction
 * of the rank range (5 %). Below it, the move is re-ranking noise (ties broken differently, scores
 * rounded, a retrained model's jitter) rather than a different prediction, and a rank metric barely
 * sees it: one case moving 5 % of n places changes AUROC by at most 0.05·n/(P·N). It is also the
 * floor of the tolerance: `rankToleranceUnits` raises it where needed for soundness.
 */
export const RANK_TOLERANCE_FRACTION = 0.05;

/** The phase's settings (phases.nearDuplicateMinCases / nearDuplicateMinFraction). */
export interface NearDuplicateSettings {
  minCases: number;
  minFraction: number;
}

/**
 * m, the number of cases a new file must change against every earlier scored one:
 * max(minCases, ceil(minFraction × caseCount)), capped at caseCount (on a test set smaller than
 * minCases, a new file must change every case rather than never be scored). 0 = check off.
 */
export function minChangedCases(settings: NearDuplicateSettings, caseCount: number): number {
  const { minCases, minFraction } = settings;
  if (!Number.isInteger(minCases) || minCases < 0)
    throw new RangeError(`minChangedCases: minCases must be a whole number ≥ 0, got ${minCases}`);
  if (!(minFraction >= 0 && minFraction <= 1))
    throw new RangeError(`minChangedCases: minFraction must be in [0, 1], got ${minFraction}`);
  // 1e-9 absorbs binary fractions like 0.01 × 300 = 3.0000000000000004.
  const m = Math.max(minCases, Math.ceil(minFraction * caseCount - 1e-9));
  return Math.min(m, caseCount);
}

/**
 * The rank tolerance τ (in units of 0…MAX_RANK_UNITS) for a check that needs `minChanged` changed
 * cases, over test sets of these sizes: the larger of RANK_TOLERANCE_FRACTION of the range and the
 * bound that makes the check sound. Changing j cases' predictions moves any other case's average
 * rank in its test set by at most j places (each moved case crosses it at most once; entering or
 * leaving its tie group moves it half a place), i.e. by j/(n−1) of the range, plus one unit of
 * rounding. With τ at least that for j = m − 1 on the smallest test set, a file made from an
 * earlier one by editing fewer than m cases never counts as changing m cases, however the edits
 * shift the others' ranks (e.g. moving 8 targets from the bottom to the top shifts everyone).
 */
export function rankToleranceUnits(
  testSetCaseCounts: readonly number[],
  minChanged: number,
): number {
  let tolerance = Math.ceil(RANK_TOLERANCE_FRACTION * MAX_RANK_UNITS);
  const maxMoved = Math.max(0, minChanged - 1);
  for (const n of testSetCaseCounts) {
    if (n < 2) continue;
    tolerance = Math.max(tolerance, Math.ceil((maxMoved * MAX_RANK_UNITS) / (n - 1)) + 1);
  }
  return Math.min(tolerance, MAX_RANK_UNITS);
}

export interface EarlierFingerprint<Ref> {
  /** What the caller needs to name the earlier submission. */
  ref: Ref;
  fingerprint: PredictionFingerprint;
}

export interface NearDuplicateMatch<Ref> {
  ref: Ref;
  changedCases: number;
}

/**
 * The earlier fingerprint closest to `candidate` among those it differs from in fewer than
 * `minChanged` cases, or null when none (or when `minChanged` is 0: the check is off). Earlier
 * fingerprints of a different case count (the test set's cases changed since) are not comparable
 * and are skipped.
 */
export function findNearDuplicate<Ref>(
  candidate: PredictionFingerprint,
  earlier: readonly EarlierFingerprint<Ref>[],
  { minChanged, toleranceRankUnits }: { minChanged: number; toleranceRankUnits: number },
): NearDuplicateMatch<Ref> | null {
  if (minChanged <= 0) return null;
  let best: NearDuplicateMatch<Ref> | null = null;
  for (const { ref, fingerprint } of earlier) {
    if (fingerprint.caseCount !== candidate.caseCount) continue;
    const changedCases = countChangedCases(candidate, fingerprint, toleranceRankUnits);
    if (changedCases < minChanged && (best === null || changedCases < best.changedCases))
      best = { ref, changedCases };
  }
  return best;
}
