/** Plain decimal or scientific notation; rejects hex, "Infinity", "NaN", "1_000" and empty text. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export type ProbabilityParse = { ok: true; value: number } | { ok: false; message: string };

/**
 * Parses one probability cell: surrounding spaces are ignored, the value must be a finite
 * decimal number in [0, 1]. Messages quote the offending text so users can find it.
 */
export function parseProbability(text: string): ProbabilityParse {
  const trimmed = text.trim();
  if (trimmed === '')
    return { ok: false, message: 'empty value; expected a probability in [0, 1]' };
  if (!DECIMAL.test(trimmed)) {
    return /^[+-]?(nan|inf|infinity)$/i.test(trimmed)
      ? {
          ok: false,
          message: `"${trimmed}" is not a finite number; expected a probability in [0, 1]`,
        }
      : {
          ok: false,
          message: `"${truncate(trimmed)}" is not a number; expected a probability in [0, 1]`,
        };
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value))
    return {
      ok: false,
      message: `"${truncate(trimmed)}" overflows; expected a probability in [0, 1]`,
    };
  if (value < 0 || value > 1) return { ok: false, message: `${trimmed} is outside [0, 1]` };
  return { ok: true, value };
}

/** Keeps user text in messages short. */
export function truncate(text: string, maxChars = 60): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}
