import { fsum } from './fsum.js';
import { Vocabulary } from './tokenize.js';

/** Tokens of one text (see `spaceTokenize`). */
export type Tokens = readonly string[];

export type BleuSmoothing = 'none' | 'method1';

export type BleuOptions = {
  /** Highest n-gram order N; weights are uniform 1/N (BLEU-4: N = 4). */
  maxOrder?: number;
  /**
   * nltk SmoothingFunction: `none` (method0) replaces a zero precision by the smallest normal
   * double, so the score collapses to ~0; `method1` adds `epsilon` to zero match counts.
   */
  smoothing?: BleuSmoothing;
  /** method1's epsilon (nltk default 0.1). */
  epsilon?: number;
};

/**
 * Per-pair n-gram statistics shared by corpus and sentence BLEU, computed once.
 * `matches[i·N + k]` and `totals[i·N + k]` are pair i's clipped matches and candidate n-gram count
 * for order k+1, where totals are at least 1 as in nltk's `modified_precision`.
 */
export type BleuStatistics = {
  maxOrder: number;
  pairCount: number;
  matches: Int32Array;
  totals: Int32Array;
  candidateLengths: Int32Array;
  /** Length of the reference closest to the candidate's (shorter one on ties). */
  referenceLengths: Int32Array;
};

// nltk method0's stand-in for log(0): sys.float_info.min, the smallest normal double.
const FLOAT_MIN = 2.2250738585072014e-308;

function checkOrder(name: string, maxOrder: number): void {
  if (!Number.isInteger(maxOrder) || maxOrder < 1) {
    throw new RangeError(`${name}: maxOrder must be a positive integer, got ${maxOrder}`);
  }
}

/**
 * Ids for the n-grams of one pair and order: open addressing over (prefix id, token id) with a
 * generation stamp, so starting the next pair or order is O(1) and the table stays cache-sized
 * (a corpus-wide Map of every n-gram was the bottleneck).
 */
class NgramIds {
  #prefix = new Int32Array(0);
  #token = new Int32Array(0);
  #id = new Int32Array(0);
  #stamp = new Uint32Array(0);
  #mask = 0;
  #generation = 0;
  size = 0;

  /** Starts a fresh id space for at most `entries` distinct n-grams. */
  reset(entries: number): void {
    let capacity = 16;
    while (capacity < entries * 2) capacity *= 2;
    if (capacity > this.#prefix.length) {
      this.#prefix = new Int32Array(capacity);
      this.#token = new Int32Array(capacity);
      this.#id = new Int32Array(capacity);
      this.#stamp = new Uint32Array(capacity);
      this.#mask = capacity - 1;
    }
    this.#generation += 1;
    this.size = 0;
  }

  idOf(prefix: number, token: number): number {
    let h = Math.imul(prefix, 0x9e3779b1) ^ Math.imul(token + 1, 0x85ebca6b);
    h ^= h >>> 15;
    let slot = h & this.#mask;
    const stamp = this.#stamp,
      generation = this.#generation;
    while (stamp[slot] === generation) {
      if (this.#prefix[slot] === prefix && this.#token[slot] === token) return this.#id[slot] ?? 0;
      slot = (slot + 1) & this.#mask;
    }
    stamp[slot] = generation;
    this.#prefix[slot] = prefix;
    this.#token[slot] = token;
    this.#id[slot] = this.size;
    return this.size++;
  }
}

/**
 * Order-k n-gram ids in place: grams[at + j] (id of tokens j…j+k−2) becomes the id of tokens
 * j…j+k−1. Returns the number of order-k n-grams.
 */
function extendInPlace(
  grams: Int32Array,
  at: number,
  tokens: Int32Array,
  k: number,
  ids: NgramIds,
): number {
  const length = Math.max(0, tokens.length - k + 1);
  for (let j = 0; j < length; j++) grams[at + j] = ids.idOf(grams[at + j]!, tokens[j + k - 1]!);
  return length;
}

/**
 * Clipped n-gram matches of every candidate against its references, for orders 1…maxOrder.
 * Tokens become integer ids; order-k n-grams get pair-local ids from (id of the (k−1)-gram
 * prefix, last token), so counting is typed-array indexing, not hashing of token tuples.
 * @throws {RangeError} when candidates and references differ in length or maxOrder < 1.
 */
export function computeBleuStatistics(
  candidates: readonly Tokens[],
  references: readonly (readonly Tokens[])[],
  maxOrder = 4,
): BleuStatistics {
  if (candidates.length !== references.length) {
    throw new RangeError(
      `computeBleuStatistics: lengths differ (${candidates.length} vs ${references.length})`,
    );
  }
  const vocabulary = new Vocabulary();
  return computeBleuStatisticsFromIds(
    candidates.map((c) => vocabulary.encode(c)),
    references.map((refs) => refs.map((r) => vocabulary.encode(r))),
    maxOrder,
  );
}

/**
 * {@link computeBleuStatistics} on token ids from one shared {@link Vocabulary}, e.g.
 * `vocabulary.encodeSpaceTokenized(text)`, which skips building token strings.
 * @throws {RangeError} when candidates and references differ in length or maxOrder < 1.
 */
export function computeBleuStatisticsFromIds(
  encodedCandidates: readonly Int32Array[],
  encodedReferences: readonly (readonly Int32Array[])[],
  maxOrder = 4,
): BleuStatistics {
  checkOrder('computeBleuStatistics', maxOrder);
  if (encodedCandidates.length !== encodedReferences.length) {
    throw new RangeError(
      `computeBleuStatistics: lengths differ (${encodedCandidates.length} vs ${encodedReferences.length})`,
    );
  }
  const pairCount = encodedCandidates.length;
  const stats: BleuStatistics = {
    maxOrder,
    pairCount,
    matches: new Int32Array(pairCount * maxOrder),
    totals: new Int32Array(pairCount * maxOrder),
    candidateLengths: new Int32Array(pairCount),
    referenceLengths: new Int32Array(pairCount),
  };
  let largestTokenId = 0;
  for (const c of encodedCandidates)
    for (const id of c) largestTokenId = Math.max(largestTokenId, id);
  for (const refs of encodedReferences)
    for (const r of refs) for (const id of r) largestTokenId = Math.max(largestTokenId, id);
  const ids = new NgramIds();
  // Counters indexed by n-gram id (token id for order 1, pair-local id above); all zero between orders.
  let maxCounts = new Int32Array(Math.max(16, largestTokenId + 1));
  let counts = new Int32Array(maxCounts.length);
  // One reused buffer per pair: the candidate's n-gram ids, then each reference's (no per-pair
  // allocation: the string APIs keep a million token strings alive, so garbage is expensive).
  let grams = new Int32Array(256);
  let refStarts = new Int32Array(8),
    refCounts = new Int32Array(8);
  const empty = new Int32Array(0);

  for (let i = 0; i < pairCount; i++) {
    const candidate = encodedCandidates[i] ?? empty;
    const refs = encodedReferences[i] ?? [];
    const refCount = refs.length;
    const hypLength = candidate.length;
    stats.candidateLengths[i] = hypLength;
    let closest = Number.POSITIVE_INFINITY;
    let allLengths = hypLength;
    for (let r = 0; r < refCount; r++) {
      const length = (refs[r] ?? empty).length;
      const d = Math.abs(length - hypLength),
        dBest = Math.abs(closest - hypLength);
      if (d < dBest || (d === dBest && length < closest)) closest = length;
      allLengths += length;
    }
    stats.referenceLengths[i] = Number.isFinite(closest) ? closest : 0;
    if (allLengths > maxCounts.length) {
      maxCounts = new Int32Array(allLengths * 2);
      counts = new Int32Array(allLengths * 2);
    }
    // (Token ids of order 1 are below the initial size; pair-local ids are below allLengths.)
    if (allLengths > grams.length) grams = new Int32Array(allLengths * 2);
    if (refCount > refStarts.length) {
      refStarts = new Int32Array(refCount * 2);
      refCounts = new Int32Array(refCount * 2);
    }
    grams.set(candidate, 0); // order 1: the token ids themselves
    let at = hypLength;
    for (let r = 0; r < refCount; r++) {
      const ref = refs[r] ?? empty;
      grams.set(ref, at);
      refStarts[r] = at;
      refCounts[r] = ref.length;
      at += ref.length;
    }
    let hypCount = hypLength;
    for (let k = 1; k <= maxOrder; k++) {
      if (k > 1) {
        ids.reset(allLengths);
        hypCount = extendInPlace(grams, 0, candidate, k, ids);
        for (let r = 0; r < refCount; r++) {
          refCounts[r] = extendInPlace(grams, refStarts[r]!, refs[r] ?? empty, k, ids);
        }
      }
      if (refCount === 1) {
        for (let j = refStarts[0]!, end = j + refCounts[0]!; j < end; j++) {
          const id = grams[j]!;
          maxCounts[id] = maxCounts[id]! + 1;
        }
      } else {
        for (let r = 0; r < refCount; r++) {
          const from = refStarts[r]!,
            end = from + refCounts[r]!;
          for (let j = from; j < end; j++) {
            const id = grams[j]!;
            counts[id] = counts[id]! + 1;
          }
          for (let j = from; j < end; j++) {
            const id = grams[j]!;
            if (counts[id]! > maxCounts[id]!) maxCounts[id] = counts[id]!;
          }
          for (let j = from; j < end; j++) counts[grams[j]!] = 0;
        }
      }
      let matched = 0;
      for (let j = 0; j < hypCount; j++) {
        const id = grams[j]!;
        const c = maxCounts[id]!;
        if (c > 0) {
          matched += 1;
          maxCounts[id] = c - 1;
        }
      }
      for (let r = 0; r < refCount; r++) {
        for (let j = refStarts[r]!, end = j + refCounts[r]!; j < end; j++) maxCounts[grams[j]!] = 0;
      }
      stats.matches[i * maxOrder + k - 1] = matched;
      stats.totals[i * maxOrder + k - 1] = Math.max(1, hypCount);
    }
  }
  return stats;
}

/** nltk's corpus_bleu tail: smoothing, weighted log-precisions summed with fsum, brevity penalty. */
function bleuFromCounts(
  matches: ArrayLike<number>,
  totals: ArrayLike<number>,
  candidateLength: number,
  referenceLength: number,
  { maxOrder = 4, smoothing = 'none', epsilon = 0.1 }: BleuOptions,
): number {
  if ((matches[0] ?? 0) === 0) return 0; // no unigram match: nltk returns 0 before smoothing
  const weight = 1 / maxOrder;
  const terms: number[] = [];
  for (let k = 0; k < maxOrder; k++) {
    const m = matches[k] ?? 0,
      t = totals[k] ?? 1;
    const p = m !== 0 ? m / t : smoothing === 'method1' ? (m + epsilon) / t : FLOAT_MIN;
    if (p > 0) terms.push(weight * Math.log(p));
  }
  const brevityPenalty =
    candidateLength > referenceLength
      ? 1
      : candidateLength === 0
        ? 0
        : Math.exp(1 - referenceLength / candidateLength);
  return brevityPenalty * Math.exp(fsum(terms));
}

/** Corpus BLEU from precomputed statistics (see {@link corpusBleuScore}); orders above `stats.maxOrder` are not available. */
export function corpusBleuFromStatistics(stats: BleuStatistics, options: BleuOptions = {}): number {
  const maxOrder = options.maxOrder ?? stats.maxOrder;
  checkOrder('corpusBleuFromStatistics', maxOrder);
  if (maxOrder > stats.maxOrder) {
    throw new RangeError(
      `corpusBleuFromStatistics: statistics hold orders up to ${stats.maxOrder}, asked ${maxOrder}`,
    );
  }
  if (stats.pairCount === 0) return Number.NaN;
  const matches = new Array<number>(maxOrder).fill(0);
  const totals = new Array<number>(maxOrder).fill(0);
  let candidateLength = 0,
    referenceLength = 0;
  for (let i = 0; i < stats.pairCount; i++) {
    for (let k = 0; k < maxOrder; k++) {
      matches[k] = (matches[k] ?? 0) + (stats.matches[i * stats.maxOrder + k] ?? 0);
      totals[k] = (totals[k] ?? 0) + (stats.totals[i * stats.maxOrder + k] ?? 0);
    }
    candidateLength += stats.candidateLengths[i] ?? 0;
    referenceLength += stats.referenceLengths[i] ?? 0;
  }
  return bleuFromCounts(matches, totals, candidateLength, referenceLength, {
    ...options,
    maxOrder,
  });
}

/** Sentence BLEU of every pair from precomputed statistics (see {@link sentenceBleuScores}). */
export function sentenceBleuFromStatistics(
  stats: BleuStatistics,
  options: BleuOptions = {},
): Float64Array {
  const maxOrder = options.maxOrder ?? stats.maxOrder;
  checkOrder('sentenceBleuFromStatistics', maxOrder);
  if (maxOrder > stats.maxOrder) {
    throw new RangeError(
      `sentenceBleuFromStatistics: statistics hold orders up to ${stats.maxOrder}, asked ${maxOrder}`,
    );
  }
  const resolved: BleuOptions = { smoothing: 'method1', ...options, maxOrder };
  const scores = new Float64Array(stats.pairCount);
  for (let i = 0; i < stats.pairCount; i++) {
    const at = i * stats.maxOrder;
    scores[i] = bleuFromCounts(
      stats.matches.subarray(at, at + maxOrder),
      stats.totals.subarray(at, at + maxOrder),
      stats.candidateLengths[i] ?? 0,
      stats.referenceLengths[i] ?? 0,
      resolved,
    );
  }
  return scores;
}

/**
 * Corpus BLEU-N (Papineni et al., 2002) exactly as nltk 3.8 `corpus_bleu` with uniform weights
 * 1/N: clipped n-gram matches and candidate n-gram counts (each sentence counting at least 1) are
 * summed over the corpus before dividing, and the brevity penalty exp(1 − r/c) uses the total
 * candidate length c and the total closest-reference length r. It is not the mean of sentence
 * BLEUs. No unigram match → 0. Range [0, 1], higher is better; ×100 gives the sacrebleu scale
 * (whose 13a tokenization and `exp` smoothing differ). An empty corpus returns NaN (nltk returns 0).
 * @throws {RangeError} when candidates and references differ in length or maxOrder < 1.
 * @see Papineni et al. (2002), BLEU, ACL. @see nltk `nltk/translate/bleu_score.py` (3.8).
 * @example corpusBleuScore([['the', 'cat', 'sat']], [[['the', 'cat', 'sat']]], { maxOrder: 2 }) // 1
 */
export function corpusBleuScore(
  candidates: readonly Tokens[],
  references: readonly (readonly Tokens[])[],
  options: BleuOptions = {},
): number {
  const stats = computeBleuStatistics(candidates, references, options.maxOrder ?? 4);
  return corpusBleuFromStatistics(stats, options);
}

/**
 * Sentence BLEU-N of every pair, nltk 3.8 `sentence_bleu` (a one-pair `corpus_bleu`). Smoothing
 * defaults to `method1` (nltk's default is none, which sends most sentences with a missing
 * 4-gram to ~0). Range [0, 1], higher is better.
 * @throws {RangeError} when candidates and references differ in length or maxOrder < 1.
 * @example sentenceBleuScores([['a', 'b']], [[['a', 'c']]], { maxOrder: 2 })[0] // sqrt(1/2 · 0.1/1) ≈ 0.2236
 */
export function sentenceBleuScores(
  candidates: readonly Tokens[],
  references: readonly (readonly Tokens[])[],
  options: BleuOptions = {},
): Float64Array {
  return sentenceBleuFromStatistics(
    computeBleuStatistics(candidates, references, options.maxOrder ?? 4),
    options,
  );
}

/**
 * Sentence BLEU of one candidate against its references (see {@link sentenceBleuScores}).
 * @example sentenceBleuScore(['no', 'effusion'], [['no', 'effusion']], { maxOrder: 2 }) // 1
 */
export function sentenceBleuScore(
  candidate: Tokens,
  references: readonly Tokens[],
  options: BleuOptions = {},
): number {
  return sentenceBleuScores([candidate], [references], options)[0] ?? Number.NaN;
}

/**
 * Mean of the sentence BLEUs, summed left to right as Python's `sum(...) / len(...)` in the peer
 * scorer. Range [0, 1], higher is better. Empty corpus → NaN.
 * @throws {RangeError} when candidates and references differ in length or maxOrder < 1.
 */
export function meanSentenceBleuScore(
  candidates: readonly Tokens[],
  references: readonly (readonly Tokens[])[],
  options: BleuOptions = {},
): number {
  return meanSentenceBleuFromStatistics(
    computeBleuStatistics(candidates, references, options.maxOrder ?? 4),
    options,
  );
}

/**
 * {@link meanSentenceBleuScore} from precomputed statistics, e.g. of
 * {@link computeBleuStatisticsFromIds} on `Vocabulary.encodeSpaceTokenized` ids (the same value
 * to the bit as the token-string form).
 */
export function meanSentenceBleuFromStatistics(
  stats: BleuStatistics,
  options: BleuOptions = {},
): number {
  const scores = sentenceBleuFromStatistics(stats, options);
  if (scores.length === 0) return Number.NaN;
  let sum = 0;
  for (const s of scores) sum += s;
  return sum / scores.length;
}
