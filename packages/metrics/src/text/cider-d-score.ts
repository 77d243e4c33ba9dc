import { numpyMean } from '../vqa/pairwise-sum.js';
import type { Tokens } from './bleu-score.js';

export type CiderDOptions = {
  /** Highest n-gram order (coco-caption: 4). */
  maxOrder?: number;
  /** Standard deviation of the Gaussian length penalty (coco-caption: 6). */
  sigma?: number;
};

type NgramVector = { weights: Map<string, number>[]; norms: number[]; length: number };

/** n-gram counts of orders 1…maxOrder, in first-occurrence order by order (coco-caption `precook`). */
function countNgrams(tokens: Tokens, maxOrder: number): Map<string, number>[] {
  const counts: Map<string, number>[] = [];
  for (let k = 1; k <= maxOrder; k++) {
    const order = new Map<string, number>();
    for (let i = 0; i + k <= tokens.length; i++) {
      const key = tokens.slice(i, i + k).join('\u0000');
      order.set(key, (order.get(key) ?? 0) + 1);
    }
    counts.push(order);
  }
  return counts;
}

/**
 * CIDEr-D (Vedantam et al., 2015) exactly as coco-caption's `CiderD` scorer with
 * `df_mode="corpus"`: TF-IDF vectors of 1…4-grams, where the document frequency counts the
 * images whose references contain the n-gram and the IDF is log(#images) − log(max(1, df));
 * per order, the similarity Σ min(v_cand, v_ref)·v_ref / (‖v_cand‖·‖v_ref‖) (clipped, so
 * repeating a word does not pay) times the Gaussian length penalty exp(−δ²/(2σ²)); mean over
 * orders, mean over the image's references, ×10. The corpus score is the mean over images.
 * Faithful quirks: δ is the difference of the **bigram** counts (coco-caption's `if n == 1`),
 * which equals the word-length difference unless a side has fewer than two words; an order with a
 * zero norm contributes 0; the IDF comes from the evaluated corpus, so one image alone scores 0
 * (log 1 = 0) and scores change when images are added. Range [0, 10], higher is better. Tokens
 * should come from the PTB tokenizer coco-caption runs first; none is applied here. No images →
 * score NaN.
 * @throws {RangeError} when candidates and references differ in length or an image has no reference.
 * @see Vedantam, Zitnick & Parikh (2015), CIDEr, CVPR.
 * @see vrama91/cider `pyciderevalcap/ciderD/ciderD_scorer.py` (the CIDEr-D used by coco-caption forks).
 * @example ciderDScore([['a', 'b'], ['c', 'e']], [[['a', 'b']], [['c', 'd']]]).score // 3.125
 */
export function ciderDScore(
  candidates: readonly Tokens[],
  references: readonly (readonly Tokens[])[],
  { maxOrder = 4, sigma = 6 }: CiderDOptions = {},
): { score: number; scores: Float64Array } {
  if (candidates.length !== references.length) {
    throw new RangeError(
      `ciderDScore: lengths differ (${candidates.length} vs ${references.length})`,
    );
  }
  references.forEach((refs, i) => {
    if (refs.length === 0) throw new RangeError(`ciderDScore: image ${i} has no reference`);
  });
  const imageCount = candidates.length;
  const referenceCounts = references.map((refs) => refs.map((r) => countNgrams(r, maxOrder)));

  // Document frequency: number of images with the n-gram in at least one reference.
  const documentFrequency = new Map<string, number>();
  for (const refs of referenceCounts) {
    const seen = new Set<string>();
    for (const ref of refs) for (const order of ref) for (const key of order.keys()) seen.add(key);
    for (const key of seen) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  }
  const logImageCount = Math.log(imageCount);

  const toVector = (counts: Map<string, number>[]): NgramVector => {
    const norms: number[] = [];
    let length = 0;
    const weights = counts.map((order, n) => {
      const w = new Map<string, number>();
      let squared = 0;
      for (const [key, termFrequency] of order) {
        const df = Math.log(Math.max(1, documentFrequency.get(key) ?? 0));
        const value = termFrequency * (logImageCount - df);
        w.set(key, value);
        squared += value ** 2;
        if (n === 1) length += termFrequency; // coco-caption counts bigrams as the "length"
      }
      norms.push(Math.sqrt(squared));
      return w;
    });
    return { weights, norms, length };
  };

  const scores = new Float64Array(imageCount);
  for (let i = 0; i < imageCount; i++) {
    const candidate = toVector(countNgrams(candidates[i] ?? [], maxOrder));
    const perOrder = new Float64Array(maxOrder);
    const refs = referenceCounts[i] ?? [];
    for (const refCounts of refs) {
      const ref = toVector(refCounts);
      const delta = candidate.length - ref.length;
      const lengthPenalty = Math.pow(Math.E, -(delta ** 2) / (2 * sigma ** 2)); // np.e ** x, as the original
      for (let n = 0; n < maxOrder; n++) {
        let value = 0;
        const refWeights = ref.weights[n] ?? new Map<string, number>();
        for (const [key, v] of candidate.weights[n] ?? []) {
          const r = refWeights.get(key) ?? 0;
          value += Math.min(v, r) * r;
        }
        const candidateNorm = candidate.norms[n] ?? 0,
          refNorm = ref.norms[n] ?? 0;
        if (candidateNorm !== 0 && refNorm !== 0) value /= candidateNorm * refNorm;
        perOrder[n] = (perOrder[n] ?? 0) + value * lengthPenalty;
      }
    }
    let sum = 0;
    for (const v of perOrder) sum += v;
    scores[i] = (sum / maxOrder / refs.length) * 10;
  }
  // np.mean over images: numpy's pairwise summation.
  return { score: numpyMean(scores), scores };
}
