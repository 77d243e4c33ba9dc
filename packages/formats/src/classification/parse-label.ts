import { truncate } from '../csv/parse-number.js';

export type LabelParse = { ok: true; value: number } | { ok: false; message: string };

/**
 * A label cell: a class name (exact, surrounding spaces ignored) or a 0-based class index.
 * Names are matched first so a class literally named "1" keeps its meaning.
 */
export function parseLabel(text: string, classes: readonly string[]): LabelParse {
  const trimmed = text.trim();
  const byName = classes.indexOf(trimmed);
  if (byName !== -1) return { ok: true, value: byName };
  if (/^\d+$/.test(trimmed)) {
    const index = Number(trimmed);
    if (index < classes.length) return { ok: true, value: index };
  }
  const hint =
    classes.length <= 10
      ? classes.map((c) => `"${c}"`).join(', ')
      : `${classes.length} class names`;
  return {
    ok: false,
    message:
      trimmed === ''
        ? `empty label; expected one of ${hint} or an index 0–${classes.length - 1}`
        : `unknown label "${truncate(trimmed)}"; expected one of ${hint} or an index 0–${classes.length - 1}`,
  };
}
