import { porterStem } from './porter-stemmer.js';

/**
 * WordNet synonyms of a word: every lemma name of every synset `wordnet.synsets(word)` returns
 * (all parts of speech, after morphy's lemmatization), spelled as in the database (underscores
 * for multi-word lemmas, original case). `text/wordnet-loader.ts` builds one from the WordNet 3.0
 * files; tests can pass a small map.
 */
export type SynonymProvider = (word: string) => ReadonlySet<string>;

export type MeteorOptions = {
  /** WordNet synonym lookup for the synonym stage (nltk's `wordnet`). */
  synonyms: SynonymProvider;
  /** Stemmer of the stem stage (nltk default: PorterStemmer, see `porterStem`). */
  stem?: (word: string) => string;
  /** Weight of precision against recall in the harmonic mean (nltk 0.9). */
  alpha?: number;
  /** Shape of the fragmentation penalty (nltk 3). */
  beta?: number;
  /** Maximum fragmentation penalty (nltk 0.5). */
  gamma?: number;
};

type Indexed = [index: number, word: string];

/**
 * nltk's `_match_enums`: from the last hypothesis word backwards, match each with the last
 * still-unmatched equal reference word; matched entries are removed from both lists.
 */
function matchEqual(
  hypothesis: Indexed[],
  reference: Indexed[],
  matches: [number, number][],
): void {
  for (let i = hypothesis.length - 1; i >= 0; i--) {
    const word = hypothesis[i]?.[1];
    for (let j = reference.length - 1; j >= 0; j--) {
      if (reference[j]?.[1] === word) {
        matches.push([hypothesis[i]?.[0] ?? 0, reference[j]?.[0] ?? 0]);
        hypothesis.splice(i, 1);
        reference.splice(j, 1);
        break;
      }
    }
  }
}

/** Chunks: maximal runs of matches adjacent in both the hypothesis and the reference. */
function countChunks(matches: readonly [number, number][]): number {
  let chunks = 1;
  for (let i = 0; i < matches.length - 1; i++) {
    const [h, r] = matches[i] ?? [0, 0];
    const [hNext, rNext] = matches[i + 1] ?? [0, 0];
    if (!(hNext === h + 1 && rNext === r + 1)) chunks += 1;
  }
  return chunks;
}

type Resolved = Required<Omit<MeteorOptions, 'synonyms'>> & {
  synonymsOf: (word: string) => ReadonlySet<string>;
};

function singleMeteor(
  candidate: readonly string[],
  reference: readonly string[],
  o: Resolved,
): number {
  let hyp: Indexed[] = candidate.map((w, i) => [i, w.toLowerCase()]);
  let ref: Indexed[] = reference.map((w, i) => [i, w.toLowerCase()]);
  const matches: [number, number][] = [];
  // Stage 1, exact; stage 2, Porter stems of what is left; stage 3, WordNet synonyms. As in
  // nltk 3.8, stage 3 sees the *stemmed* leftovers (its synonym look-up gets "effus", not
  // "effusion"), a quirk kept for parity.
  matchEqual(hyp, ref, matches);
  hyp = hyp.map(([i, w]) => [i, o.stem(w)]);
  ref = ref.map(([i, w]) => [i, o.stem(w)]);
  matchEqual(hyp, ref, matches);
  for (let i = hyp.length - 1; i >= 0; i--) {
    const [hypIndex, word] = hyp[i] ?? [0, ''];
    const synonyms = o.synonymsOf(word);
    for (let j = ref.length - 1; j >= 0; j--) {
      const [refIndex, refWord] = ref[j] ?? [0, ''];
      if (refWord === word || synonyms.has(refWord)) {
        matches.push([hypIndex, refIndex]);
        hyp.splice(i, 1);
        ref.splice(j, 1);
        break;
      }
    }
  }
  matches.sort((a, b) => a[0] - b[0]);

  const matchCount = matches.length;
  // nltk returns 0 on its ZeroDivisionError: an empty side, or no match (0/0 in the F-mean).
  if (candidate.length === 0 || reference.length === 0 || matchCount === 0) return 0;
  const precision = matchCount / candidate.length;
  const recall = matchCount / reference.length;
  const fMean = (precision * recall) / (o.alpha * precision + (1 - o.alpha) * recall);
  const fragmentation = countChunks(matches) / matchCount;
  const penalty = o.gamma * fragmentation ** o.beta;
  return (1 - penalty) * fMean;
}

/** Synonym sets with nltk's filtering (no multi-word lemmas), cached per call of the metric. */
function synonymLookup(synonyms: SynonymProvider): (word: string) => ReadonlySet<string> {
  const cache = new Map<string, ReadonlySet<string>>();
  return (word) => {
    let set = cache.get(word);
    if (set === undefined) {
      set = new Set([...synonyms(word)].filter((lemma) => !lemma.includes('_')));
      cache.set(word, set);
    }
    return set;
  };
}

function resolve(options: MeteorOptions): Resolved {
  const stems = new Map<string, string>();
  const stem = options.stem ?? porterStem;
  return {
    alpha: options.alpha ?? 0.9,
    beta: options.beta ?? 3,
    gamma: options.gamma ?? 0.5,
    stem: (word) => {
      let s = stems.get(word);
      if (s === undefined) stems.set(word, (s = stem(word)));
      return s;
    },
    synonymsOf: synonymLookup(options.synonyms),
  };
}

/**
 * METEOR of one candidate exactly as nltk 3.8 `meteor_score(references, hypothesis)`: tokens are
 * lower-cased and aligned in three stages (exact, Porter stem, WordNet synonym), each matching
 * from the last candidate token backwards to the last free equal reference token; then
 * F_mean = P·R/(α·P + (1 − α)·R) and the score is F_mean·(1 − γ·(chunks/matches)^β), the best
 * over the references. Empty candidate or reference, or no match → 0. Range [0, 1), higher is
 * better. Tokens must be pre-tokenized (the peers use `spaceTokenize`).
 * @throws {RangeError} when there is no reference.
 * @see Banerjee & Lavie (2005), METEOR, ACL workshop; Lavie & Agarwal (2007).
 * @see nltk `nltk/translate/meteor_score.py` (3.8).
 * @example meteorScore(['the', 'cat'], [['the', 'cat']], { synonyms: () => new Set() }) // 0.9375
 */
export function meteorScore(
  candidate: readonly string[],
  references: readonly (readonly string[])[],
  options: MeteorOptions,
): number {
  return meteorScores([candidate], [references], options)[0] ?? Number.NaN;
}

/**
 * METEOR of every candidate (see {@link meteorScore}), sharing stem and synonym caches.
 * @throws {RangeError} when candidates and references differ in length or a candidate has no reference.
 */
export function meteorScores(
  candidates: readonly (readonly string[])[],
  references: readonly (readonly (readonly string[])[])[],
  options: MeteorOptions,
): Float64Array {
  if (candidates.length !== references.length) {
    throw new RangeError(
      `meteorScores: lengths differ (${candidates.length} vs ${references.length})`,
    );
  }
  const resolved = resolve(options);
  return Float64Array.from(candidates, (candidate, i) => {
    const refs = references[i] ?? [];
    if (refs.length === 0) throw new RangeError(`meteorScores: candidate ${i} has no reference`);
    let best = Number.NEGATIVE_INFINITY;
    for (const ref of refs) best = Math.max(best, singleMeteor(candidate, ref, resolved));
    return best;
  });
}

/**
 * Mean METEOR over candidates, summed left to right (the peers' `sum(...)/len`). Empty corpus → NaN.
 * @throws {RangeError} when candidates and references differ in length or a candidate has no reference.
 */
export function meanMeteorScore(
  candidates: readonly (readonly string[])[],
  references: readonly (readonly (readonly string[])[])[],
  options: MeteorOptions,
): number {
  const scores = meteorScores(candidates, references, options);
  if (scores.length === 0) return Number.NaN;
  let sum = 0;
  for (const s of scores) sum += s;
  return sum / scores.length;
}
