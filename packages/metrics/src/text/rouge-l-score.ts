import { Vocabulary } from './tokenize.js';

export type RougeLResult = { precision: number; recall: number; f: number };

/**
 * Length of the longest common subsequence, O(n·m) time with one rolling row of m + 1 integers.
 * `row` may be passed in to reuse its memory across calls; it must hold at least m + 1 entries.
 */
export function lcsLength(
  a: Int32Array,
  b: Int32Array,
  row: Int32Array = new Int32Array(b.length + 1),
): number {
  const m = b.length;
  row.fill(0, 0, m + 1);
  for (let i = 0; i < a.length; i++) {
    const token = a[i];
    let diagonal = 0; // row[j − 1] of the previous i, i.e. LCS(a[..i−1], b[..j−1])
    for (let j = 1; j <= m; j++) {
      const above = row[j] ?? 0;
      if (token === b[j - 1]) row[j] = diagonal + 1;
      else if ((row[j - 1] ?? 0) > above) row[j] = row[j - 1] ?? 0;
      diagonal = above;
    }
  }
  return row[m] ?? 0;
}

function scoreLcs(lcs: number, candidateLength: number, referenceLength: number): RougeLResult {
  if (candidateLength === 0 || referenceLength === 0) return { precision: 0, recall: 0, f: 0 };
  const precision = lcs / candidateLength;
  const recall = lcs / referenceLength;
  // rouge_score's scoring.fmeasure, same operation order.
  const f = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f };
}

/**
 * ROUGE-L of every candidate against its reference, exactly as google-research `rouge_score`
 * (`RougeScorer(['rougeL'], use_stemmer=False)`): both texts go through `rougeTokenize`
 * (lower-case, non-`[a-z0-9]` → space, no stemming); P = LCS/|candidate|, R = LCS/|reference|,
 * F = 2PR/(P + R). A pair with an empty side scores 0. Range [0, 1], higher is better.
 * @throws {RangeError} when candidates and references differ in length.
 * @see Lin (2004), ROUGE, ACL workshop. @see google-research/rouge `rouge/rouge_scorer.py` `_score_lcs`.
 */
export function rougeLScores(
  candidates: readonly string[],
  references: readonly string[],
): { precision: Float64Array; recall: Float64Array; f: Float64Array } {
  if (candidates.length !== references.length) {
    throw new RangeError(
      `rougeLScores: lengths differ (${candidates.length} vs ${references.length})`,
    );
  }
  const vocabulary = new Vocabulary();
  const n = candidates.length;
  const out = {
    precision: new Float64Array(n),
    recall: new Float64Array(n),
    f: new Float64Array(n),
  };
  let row = new Int32Array(256);
  for (let i = 0; i < n; i++) {
    const c = vocabulary.encodeRougeTokenized(candidates[i] ?? '');
    const r = vocabulary.encodeRougeTokenized(references[i] ?? '');
    // The row spans the shorter sequence (LCS is symmetric) to keep it in cache.
    const [outer, inner] = c.length >= r.length ? [c, r] : [r, c];
    if (row.length < inner.length + 1) row = new Int32Array(inner.length * 2 + 1);
    const s = scoreLcs(lcsLength(outer, inner, row), c.length, r.length);
    out.precision[i] = s.precision;
    out.recall[i] = s.recall;
    out.f[i] = s.f;
  }
  return out;
}

/**
 * ROUGE-L precision, recall and F of one candidate against one reference (see {@link rougeLScores}).
 * @example rougeL('the cat sat', 'the cat was sat').f // 2·1·0.75/1.75 ≈ 0.857
 */
export function rougeL(candidate: string, reference: string): RougeLResult {
  const s = rougeLScores([candidate], [reference]);
  return { precision: s.precision[0] ?? 0, recall: s.recall[0] ?? 0, f: s.f[0] ?? 0 };
}

/**
 * Mean over pairs of the ROUGE-L F-measure, summed left to right (the peers' `sum(...)/len`).
 * This is not HF `evaluate`'s bootstrap "mid" aggregate nor rougeLsum. Range [0, 1], higher is
 * better. Empty corpus → NaN.
 * @throws {RangeError} when candidates and references differ in length.
 * @example rougeLScore(['no effusion', 'normal heart'], ['no effusion', 'enlarged heart']) // 0.75
 */
export function rougeLScore(candidates: readonly string[], references: readonly string[]): number {
  const { f } = rougeLScores(candidates, references);
  if (f.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of f) sum += v;
  return sum / f.length;
}
