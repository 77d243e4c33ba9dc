import {
  DEFAULT_TEXT_NORMALIZATION,
  isTextNormalization,
  TEXT_NORMALIZATION_KEYS,
  type TextNormalization,
} from '@medrank/metrics/catalog';
import { misconfigured, readMinCategorySize } from './config-errors.js';
import { readEndpointContract, type EndpointContract } from './endpoint-contract.js';
import { parseExternalScorers, type ExternalScorerConfig } from './external-scorer-config.js';

export interface ReportGenerationConfig {
  /**
   * Sections scored, in order; several are concatenated with one space in this order, e.g.
   * `["findings"]` (default) or `["findings", "impression"]` (ReXrank's two tracks).
   */
  sections: string[];
  /**
   * Tokens BLEU-1…4, METEOR and CIDEr-D count (text-normalization.ts): `"whitespace"` (default,
   * Python `str.split(" ")`) or `"ptb-lower"` (lower-cased Penn Treebank tokens without
   * punctuation, the caption-evaluation pipeline). ROUGE-L keeps rouge_score's own tokenizer
   * under both. Part of the task configuration, so changing it bumps the evaluator version.
   */
  textNormalization: TextNormalization;
  minCategorySize: number;
  /**
   * Model-based metrics (RadGraph F1, GREEN, …) computed by curator-run HTTP scorers on the
   * same joined texts (docs/external-scorers.md); each key is scored when the track lists it.
   */
  externalScorers: ExternalScorerConfig[];
  /**
   * Present when the track takes chat-completions endpoints: one prompt per scored section
   * (`prompt` for a single-section track, `sections` otherwise) and the run limits.
   */
  endpoint?: EndpointContract;
}

/** Hidden truth of one study as stored per case: the reference text of each section, e.g. `{ findings: "…", impression: "…" }`. */
export const REPORT_GENERATION_METRICS = [
  'bleu1_corpus',
  'bleu2_corpus',
  'bleu3_corpus',
  'bleu4_corpus',
  'rougeL_f',
  'meteor',
  'cider_d',
] as const;

export function parseReportGenerationConfig(raw: Record<string, unknown>): ReportGenerationConfig {
  const sections = raw.sections ?? ['findings'];
  if (
    !Array.isArray(sections) ||
    sections.length === 0 ||
    !sections.every((s) => typeof s === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) ||
    new Set(sections).size !== sections.length
  ) {
    throw misconfigured(
      'report-generation',
      `sections must be a non-empty list of distinct section names such as ["findings", "impression"]; found ${JSON.stringify(sections)}`,
    );
  }
  const textNormalization = raw.textNormalization ?? DEFAULT_TEXT_NORMALIZATION;
  if (!isTextNormalization(textNormalization)) {
    throw misconfigured(
      'report-generation',
      `textNormalization must be one of ${TEXT_NORMALIZATION_KEYS.map((k) => `"${k}"`).join(', ')}; found ${JSON.stringify(textNormalization)}`,
    );
  }
  return {
    sections: sections as string[],
    textNormalization,
    minCategorySize: readMinCategorySize('report-generation', raw),
    externalScorers: parseExternalScorers(
      'report-generation',
      raw.externalScorers,
      REPORT_GENERATION_METRICS,
    ),
    ...readEndpointContract('report-generation', raw, { reportSections: sections as string[] }),
  };
}

/** Built-in metrics plus the keys of the track's external scorers. */
export const reportGenerationComputableMetrics = (config: ReportGenerationConfig): string[] => [
  ...REPORT_GENERATION_METRICS,
  ...config.externalScorers.map((s) => s.key),
];
