// Metadata only (label, direction, range, definition): no code that computes a metric, so
// the metric catalog can be read without bundling scoring code.
import type { MetricDefinition } from '../metric-definition.js';

/** Ranking metadata of the report-generation text metrics; bump `version` whenever a score would change. */
export const textMetricDefinitions = [
  ...[1, 2, 3, 4].map((n) => ({
    key: `bleu${n}_corpus`,
    label: `BLEU-${n}`,
    version: 1,
    higherIsBetter: true,
    range: [0, 1] as const,
    definition: `Corpus BLEU-${n} (Papineni et al., 2002) with uniform weights 1/${n} over 1…${n}-grams on space-separated tokens: clipped n-gram matches and candidate n-gram counts summed over the corpus, brevity penalty on the total candidate and closest-reference lengths, no smoothing; equals nltk 3.8 corpus_bleu (not sacrebleu, which uses 13a tokenization, exp smoothing and a ×100 scale).`,
  })),
  {
    key: 'bleu4_sentence_mean',
    label: 'Sentence BLEU-4 (mean)',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Mean over reports of sentence-level BLEU-4 with uniform weights and smoothing method1 (epsilon 0.1 added to zero match counts) on space-separated tokens; equals the mean of nltk 3.8 sentence_bleu(..., SmoothingFunction().method1).',
  },
  {
    key: 'rougeL_f',
    label: 'ROUGE-L F',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Mean over reports of the ROUGE-L F-measure (Lin, 2004): longest common subsequence of rouge_score tokens (lower-case, non-[a-z0-9] removed, no stemming), P = LCS/|candidate|, R = LCS/|reference|, F = 2PR/(P+R); equals google-research rouge_score RougeScorer(["rougeL"]) averaged per pair, not the HF evaluate bootstrap aggregate.',
  },
  {
    key: 'cider_d',
    label: 'CIDEr-D',
    version: 1,
    higherIsBetter: true,
    range: [0, 10],
    definition:
      'CIDEr-D (Vedantam et al., 2015): per n-gram order 1…4, clipped TF-IDF cosine between candidate and each reference with IDF from the references of the evaluated corpus, times the Gaussian length penalty exp(−δ²/72) (σ = 6, δ = difference in bigram counts as in the original code), averaged over orders and references, ×10, then over images; equals vrama91/cider ciderD_scorer.py (the CIDEr-D of coco-caption forks) in corpus document-frequency mode on the given tokens.',
  },
  {
    key: 'meteor',
    label: 'METEOR',
    version: 1,
    higherIsBetter: true,
    range: [0, 1],
    definition:
      'Mean over reports of METEOR (Banerjee & Lavie, 2005) on space-separated, lower-cased tokens: unigram alignment by exact match, then Porter stem, then WordNet 3.0 synonym (looked up on the stemmed leftovers), F_mean = PR/(0.9P + 0.1R), penalty 0.5·(chunks/matches)^3, best over references; equals nltk 3.8 meteor_score with its defaults and Debian wordnet-base, not the METEOR 1.5 Java tool.',
  },
] as const satisfies readonly MetricDefinition[];
