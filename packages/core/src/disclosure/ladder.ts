// The Ladder (Blum & Hardt, 2015, "The Ladder: A Reliable Leaderboard for Machine Learning
// Competitions", ICML): a team's new score on a public test set is released only when it beats
// the team's best released score by at least a margin η. A team that probes the test set with
// small variations learns nothing from submissions that do not improve by η, so adaptive
// overfitting of the public board is bounded (docs/curation.md, SECURITY.md).

/**
 * Rounding leaves differences like 0.881 − 0.871 = 0.010000000000000009 or 0.0099999999999999;
 * an improvement this close to the margin counts as reaching it.
 */
const MARGIN_TOLERANCE = 1e-9;

export interface LadderInput {
  /** η > 0, in the primary metric's units. */
  margin: number;
  /** The primary metric's direction (lower-is-better metrics improve downwards). */
  higherIsBetter: boolean;
  /**
   * The primary-metric values of the team's released evaluations on this test set in this phase
   * (null: the metric was undefined for that evaluation). Empty when nothing is released yet.
   */
  released: readonly (number | null)[];
  /** The new evaluation's primary-metric value at the stated precision; null when undefined. */
  value: number | null;
}

export type LadderDecision =
  | { isReleased: true; reason: 'first' | 'improved' }
  | { isReleased: false; reason: 'not-improved' | 'no-value'; bestReleased: number | null };

/** The best of `values` in the metric's direction, ignoring nulls; null when there is none. */
export function bestOf(values: readonly (number | null)[], higherIsBetter: boolean): number | null {
  let best: number | null = null;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (best === null || (higherIsBetter ? v > best : v < best)) best = v;
  }
  return best;
}

/**
 * Whether a new evaluation is released: the team's first one always is; later ones only when
 * their value beats the best released value by at least the margin (ties and smaller gains are
 * withheld). A value where every released one is undefined counts as an improvement; an
 * undefined value never does.
 * @throws {RangeError} when the margin is not a positive finite number.
 */
export function decideLadderRelease(input: LadderInput): LadderDecision {
  const { margin, higherIsBetter, released, value } = input;
  if (!(Number.isFinite(margin) && margin > 0))
    throw new RangeError(`decideLadderRelease: margin must be > 0, got ${margin}`);
  if (released.length === 0) return { isReleased: true, reason: 'first' };
  const bestReleased = bestOf(released, higherIsBetter);
  if (value === null || !Number.isFinite(value))
    return { isReleased: false, reason: 'no-value', bestReleased };
  if (bestReleased === null) return { isReleased: true, reason: 'improved' };
  const gain = higherIsBetter ? value - bestReleased : bestReleased - value;
  return gain >= margin - MARGIN_TOLERANCE
    ? { isReleased: true, reason: 'improved' }
    : { isReleased: false, reason: 'not-improved', bestReleased };
}
