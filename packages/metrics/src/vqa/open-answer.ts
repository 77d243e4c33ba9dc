// Open-ended VQA answers scored as SQuAD does (Rajpurkar et al., 2016; official evaluate-v2.0.py).

// Python's string.punctuation: the ASCII characters SQuAD deletes (not replaces by a space).
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ARTICLES = /\b(?:a|an|the)\b/g;

/**
 * SQuAD's `normalize_answer`: lower-case, delete ASCII punctuation (`don't` → `dont`,
 * `x-ray` → `xray`), replace the articles a/an/the by a space, then collapse whitespace.
 * @see SQuAD v2.0 `evaluate-v2.0.py`, `normalize_answer`.
 * @example normalizeAnswer('The  Left-lower Lobe.') // 'leftlower lobe'
 */
export function normalizeAnswer(text: string): string {
  const stripped = text.toLowerCase().replace(PUNCTUATION, '').replace(ARTICLES, ' ');
  return stripped
    .split(/\s+/)
    .filter((t) => t !== '')
    .join(' ');
}

const tokensOf = (text: string): string[] => {
  const normalized = normalizeAnswer(text);
  return normalized === '' ? [] : normalized.split(' ');
};

const asList = (references: string | readonly string[]): readonly string[] =>
  typeof references === 'string' ? [references] : references;

/**
 * 1 when the normalized prediction equals a normalized reference, else 0 (SQuAD `compute_exact`,
 * maximised over the references). No references → 0.
 * @example exactMatch('The liver.', ['liver', 'hepatic']) // 1
 */
export function exactMatch(prediction: string, references: string | readonly string[]): number {
  const p = normalizeAnswer(prediction);
  return asList(references).some((r) => normalizeAnswer(r) === p) ? 1 : 0;
}

/**
 * SQuAD token F1 of one answer: bag-of-token overlap of the normalized texts,
 * F1 = 2·P·R/(P + R) with P = common/|prediction|, R = common/|reference|, maximised over the
 * references. As SQuAD v2, when either side has no tokens F1 is 1 if both are empty, else 0.
 * Range [0, 1], higher is better. No references → 0.
 * @example tokenF1('left lower lobe', 'lower lobe') // 0.8
 */
export function tokenF1(prediction: string, references: string | readonly string[]): number {
  const predicted = tokensOf(prediction);
  let best = 0;
  for (const reference of asList(references)) {
    const truth = tokensOf(reference);
    if (predicted.length === 0 || truth.length === 0) {
      best = Math.max(best, predicted.length === truth.length ? 1 : 0);
      continue;
    }
    const counts = new Map<string, number>();
    for (const t of truth) counts.set(t, (counts.get(t) ?? 0) + 1);
    let common = 0;
    for (const t of predicted) {
      const c = counts.get(t) ?? 0;
      if (c > 0) {
        common += 1;
        counts.set(t, c - 1);
      }
    }
    if (common === 0) continue;
    const precision = common / predicted.length;
    const recall = common / truth.length;
    best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}

function meanOver(
  name: string,
  score: (prediction: string, references: string | readonly string[]) => number,
  predictions: readonly string[],
  references: readonly (string | readonly string[])[],
): number {
  if (predictions.length !== references.length) {
    throw new RangeError(`${name}: lengths differ (${predictions.length} vs ${references.length})`);
  }
  if (predictions.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < predictions.length; i++)
    sum += score(predictions[i] ?? '', references[i] ?? []);
  return sum / predictions.length;
}

/**
 * Mean SQuAD exact match over answers; each answer may have several acceptable references.
 * Range [0, 1], higher is better. No answers → NaN.
 * @throws {RangeError} when predictions and references differ in length.
 * @see Rajpurkar et al. (2016), SQuAD, EMNLP.
 * @example exactMatchScore(['Liver', 'spleen'], ['liver', 'kidney']) // 0.5
 */
export function exactMatchScore(
  predictions: readonly string[],
  references: readonly (string | readonly string[])[],
): number {
  return meanOver('exactMatchScore', exactMatch, predictions, references);
}

/**
 * Mean SQuAD token F1 over answers (see {@link tokenF1}). Range [0, 1], higher is better.
 * No answers → NaN.
 * @throws {RangeError} when predictions and references differ in length.
 * @see Rajpurkar et al. (2016), SQuAD, EMNLP.
 * @example tokenF1Score(['left lower lobe', 'liver'], ['lower lobe', 'liver']) // 0.9
 */
export function tokenF1Score(
  predictions: readonly string[],
  references: readonly (string | readonly string[])[],
): number {
  return meanOver('tokenF1Score', tokenF1, predictions, references);
}
