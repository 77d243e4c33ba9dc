import {
  ciderDScore,
  computeBleuStatisticsFromIds,
  corpusBleuFromStatistics,
  meteorScores,
  rougeLScores,
  textNormalizationTokenizer,
  Vocabulary,
  type BleuStatistics,
} from '@medrank/metrics';
import {
  parseReportGroundTruth,
  parseReportPredictions,
  type ReportGroundTruth,
  type ReportPredictions,
} from '@medrank/formats';
import type { MetricResult } from '../classification/score-classification.js';
import { reportFingerprint } from '../fingerprint/task-fingerprints.js';
import {
  ExternalScorerError,
  scoreWithExternalScorer,
  type ExternalScores,
} from '../external-scorer/score-with-external-scorer.js';
import {
  meanMetric,
  meanOver,
  scoreCaseMetrics,
  type CaseMetric,
} from '../shared/score-case-metrics.js';
import { checkMetricKeys, invalidStoredTruth } from '../shared/task-config.js';
import type { TaskScore, TaskType } from '../task-type.js';
import {
  parseReportGenerationConfig,
  REPORT_GENERATION_METRICS,
  type ReportGenerationConfig,
} from '@medrank/task-contracts/config';

export { REPORT_GENERATION_METRICS, type ReportGenerationConfig };
import { wordNetSynonyms } from './wordnet.js';

export type ReportPayload = Record<string, string>;

export type ReportTruth = Pick<ReportGroundTruth, 'caseIds' | 'reports'> & {
  categories?: ReportGroundTruth['categories'];
};

/** Registry keys (textMetricDefinitions): corpus BLEU-1…4, ROUGE-L F, METEOR, CIDEr-D. */
export const reportGenerationTaskType: TaskType<
  ReportGenerationConfig,
  ReportTruth,
  ReportPredictions,
  TaskScore
> = {
  key: 'report-generation',
  label: 'Report generation',
  parseConfig: parseReportGenerationConfig,

  parseGroundTruth: (source, { sections }, options = {}) =>
    parseReportGroundTruth(source, { sections, ...options }),
  groundTruthCases: (truth) =>
    truth.caseIds.map((caseId, i) => ({
      caseId,
      truth: { ...truth.reports[i]! } satisfies ReportPayload,
      metadata: truth.categories?.[i] ?? {},
    })),
  truthFromPayloads(caseIds, payloads, { sections }) {
    const reports = caseIds.map((caseId) => {
      const payload = payloads.get(caseId) as Record<string, unknown> | undefined;
      if (!payload || !sections.every((s) => typeof payload[s] === 'string'))
        throw invalidStoredTruth('report-generation');
      return Object.fromEntries(sections.map((s) => [s, payload[s] as string]));
    });
    return { caseIds: [...caseIds], reports };
  },
  parsePredictions: (source, { sections }, { caseIds }, options = {}) =>
    parseReportPredictions(source, { caseIds, sections, ...options }),
  slicePredictions: (predictions, start, end) => ({
    reports: predictions.reports.slice(start, end),
  }),
  fingerprint: (predictions, { sections }) => reportFingerprint(predictions, sections),
  defaultMetrics: ({ externalScorers }) => [
    ...REPORT_GENERATION_METRICS,
    ...externalScorers.map((s) => s.key),
  ],
  async score({
    config,
    truth,
    predictions,
    metrics,
    bootstrap,
    categories = [],
    keepReplicates = false,
    onProgress,
  }) {
    checkMetricKeys('report-generation', metrics, [
      ...REPORT_GENERATION_METRICS,
      ...config.externalScorers.map((s) => s.key),
    ]);
    const n = truth.caseIds.length;
    if (predictions.reports.length !== n)
      throw new RangeError(
        `report-generation: ${n} cases but ${predictions.reports.length} reports`,
      );
    const join = (report: Record<string, string>) =>
      config.sections.map((s) => report[s] ?? '').join(' ');
    const candidates = predictions.reports.map(join);
    const references = truth.reports.map(join);
    const notes: string[] = [];
    const unavailable: Record<string, MetricResult> = {};
    const definitions: CaseMetric[] = [];
    const isIdentity = (rows: Int32Array) => rows.length === n && rows.every((r, j) => r === j);

    const bleuOrders = metrics.flatMap((key) =>
      /^bleu(\d)_corpus$/.exec(key) ? [Number(key[4])] : [],
    );
    // BLEU, METEOR and CIDEr-D count the tokens of the track's normalization; each text is
    // tokenized once. "whitespace" BLEU encodes straight from the text (no token strings).
    const isWhitespace = config.textNormalization === 'whitespace';
    const needsTokens =
      metrics.includes('meteor') ||
      metrics.includes('cider_d') ||
      (bleuOrders.length > 0 && !isWhitespace);
    const tokenize = textNormalizationTokenizer(config.textNormalization);
    const candidateTokens = needsTokens ? candidates.map(tokenize) : [];
    const referenceTokens = needsTokens ? references.map((r) => [tokenize(r)]) : [];
    if (bleuOrders.length > 0) {
      const vocabulary = new Vocabulary();
      const stats = isWhitespace
        ? computeBleuStatisticsFromIds(
            candidates.map((c) => vocabulary.encodeSpaceTokenized(c)),
            references.map((r) => [vocabulary.encodeSpaceTokenized(r)]),
            4,
          )
        : computeBleuStatisticsFromIds(
            candidateTokens.map((tokens) => vocabulary.encode(tokens)),
            referenceTokens.map((refs) => refs.map((tokens) => vocabulary.encode(tokens))),
            4,
          );
      for (const order of bleuOrders)
        definitions.push({
          key: `bleu${order}_corpus`,
          evaluate: (rows) => corpusBleuOfRows(stats, rows, order),
        });
    }
    if (metrics.includes('rougeL_f')) {
      // Under every normalization: rouge_score's own tokenizer (lower-case, [a-z0-9] runs).
      const { f } = rougeLScores(candidates, references);
      definitions.push(meanMetric('rougeL_f', f));
    }
    if (metrics.includes('meteor')) {
      const wordNet = wordNetSynonyms();
      if ('error' in wordNet) {
        unavailable.meteor = { value: null, ci: null, n, note: wordNet.error };
        notes.push(wordNet.error);
      } else {
        const scores = meteorScores(candidateTokens, referenceTokens, {
          synonyms: wordNet.synonyms,
        });
        definitions.push(meanMetric('meteor', scores));
      }
    }
    if (metrics.includes('cider_d')) {
      // IDF comes from the whole test set's references and stays fixed in resamples and categories.
      const cider =
        n === 0
          ? { score: Number.NaN, scores: new Float64Array(0) }
          : ciderDScore(candidateTokens, referenceTokens);
      definitions.push({
        key: 'cider_d',
        evaluate: (rows) => (isIdentity(rows) ? cider.score : meanOver(cider.scores, rows)),
      });
    }
    // External scorers run first (the first half of the progress bar), all at once: each has its own concurrency cap.
    const external = config.externalScorers.filter((s) => metrics.includes(s.key));
    const progressShare = external.length > 0 ? 0.5 : 0;
    if (external.length > 0) {
      const pairs = references.map((reference, i) => ({ reference, candidate: candidates[i]! }));
      const fractions = external.map(() => 0);
      const outcomes = await Promise.allSettled(
        external.map((scorer, k) =>
          scoreWithExternalScorer(scorer, pairs, {
            onProgress: (fraction) => {
              fractions[k] = fraction;
              onProgress?.(
                (progressShare * fractions.reduce((a, b) => a + b, 0)) / external.length,
              );
            },
          }),
        ),
      );
      outcomes.forEach((outcome, k) => {
        const scorer = external[k]!;
        if (outcome.status === 'rejected') {
          // Only the scorer's failures become a note; a bug of ours fails the job loudly.
          if (!(outcome.reason instanceof ExternalScorerError)) throw outcome.reason;
          const note = `${scorer.label} has no value: ${outcome.reason.message}`;
          unavailable[scorer.key] = { value: null, ci: null, n, note };
          notes.push(note);
          return;
        }
        definitions.push(externalCaseMetric(scorer.key, outcome.value));
        if (outcome.value.nullCount > 0) {
          notes.push(
            `${scorer.label}: the scorer gave no value for ${outcome.value.nullCount} of ${n} cases; the mean and its CI are over the other cases`,
          );
        }
      });
    }
    const scored = await scoreCaseMetrics({
      keepReplicates,
      n,
      metrics: definitions,
      categories,
      minCategorySize: config.minCategorySize,
      bootstrap,
      ...(onProgress
        ? {
            onProgress: (fraction: number) =>
              onProgress(progressShare + (1 - progressShare) * fraction),
          }
        : {}),
    });
    const results = Object.fromEntries(
      metrics.map((key) => [key, scored.metrics[key] ?? unavailable[key]!]),
    );
    return { n, metrics: results, breakdowns: scored.breakdowns, notes };
  },
};

/**
 * An external metric as a mean of its per-case values over `rows`; cases the scorer returned null
 * for (NaN here) are left out, and a multiset with none left is NaN (a null value, excluded from
 * the CI). Same rows as every other metric, so bootstrap replicates stay paired across entries.
 */
function externalCaseMetric(key: string, { values }: ExternalScores): CaseMetric {
  return {
    key,
    evaluate(rows) {
      let sum = 0,
        count = 0;
      for (let j = 0; j < rows.length; j++) {
        const value = values[rows[j]!]!;
        if (Number.isNaN(value)) continue;
        sum += value;
        count++;
      }
      return count === 0 ? Number.NaN : sum / count;
    },
  };
}

/**
 * Corpus BLEU-`order` of the cases `rows` from per-case sufficient statistics: clipped matches,
 * candidate n-gram counts and lengths are summed over the rows (a repeated row counts again) and
 * the nltk corpus formula is applied to the sums, so a bootstrap replicate costs O(rows · 4), and
 * the full set gives exactly `corpusBleuScore`.
 */
function corpusBleuOfRows(stats: BleuStatistics, rows: Int32Array, order: number): number {
  if (rows.length === 0) return Number.NaN;
  const maxOrder = stats.maxOrder;
  const summed: BleuStatistics = {
    maxOrder,
    pairCount: 1,
    matches: new Int32Array(maxOrder),
    totals: new Int32Array(maxOrder),
    candidateLengths: new Int32Array(1),
    referenceLengths: new Int32Array(1),
  };
  let candidateLength = 0,
    referenceLength = 0;
  const matches = new Float64Array(maxOrder),
    totals = new Float64Array(maxOrder);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    for (let k = 0; k < order; k++) {
      matches[k]! += stats.matches[i * maxOrder + k]!;
      totals[k]! += stats.totals[i * maxOrder + k]!;
    }
    candidateLength += stats.candidateLengths[i]!;
    referenceLength += stats.referenceLengths[i]!;
  }
  summed.matches.set(matches);
  summed.totals.set(totals);
  summed.candidateLengths[0] = candidateLength;
  summed.referenceLengths[0] = referenceLength;
  return corpusBleuFromStatistics(summed, { maxOrder: order });
}
