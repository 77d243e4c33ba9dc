/**
 * The stated precision when none is chosen: a phase's default (`phases.scoreDecimals`), and the
 * precision of submissions without a phase (seeded baselines).
 */
export const DEFAULT_SCORE_DECIMALS = 3;

/**
 * `value` rounded to `decimals` decimal places, the stated precision at which scores of hidden
 * test sets are stored and shown (SECURITY.md: fewer bits per submission for score probing).
 * Null, NaN and ±Infinity become null. Rounds half away from zero on the decimal representation,
 * so 0.0005 → 0.001 at 3 decimals.
 * @example roundToDecimals(0.8706140350877193, 3) // 0.871
 */
export function roundToDecimals(value: number | null | undefined, decimals: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15)
    throw new RangeError(`roundToDecimals: decimals must be an integer in 0…15, got ${decimals}`);
  const rounded = Number(`${Math.round(Number(`${Math.abs(value)}e${decimals}`))}e-${decimals}`);
  return Math.sign(value) * rounded || 0;
}
