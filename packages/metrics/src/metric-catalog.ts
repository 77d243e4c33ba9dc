// Metadata only: this module and everything it imports hold no code that computes a metric, so
// the web, the CLI and the docs read metric facts (`@medrank/metrics/catalog`) without bundling
// scoring code. Computing goes through each family's functions and the task types in
// @medrank/scoring, never through this table.
import { CLASSIFICATION_METRIC_DEFINITIONS } from './classification/classification-metric-definitions.js';
import { detectionMetricDefinitions } from './detection/detection-metric-definitions.js';
import type { MetricDefinition } from './metric-definition.js';
import { regressionMetricDefinitions } from './regression/regression-metric-definitions.js';
import { retrievalMetricDefinitions } from './retrieval/retrieval-metric-definitions.js';
import { segmentationMetricDefinitions } from './segmentation/segmentation-metric-definitions.js';
import { textMetricDefinitions } from './text/text-metric-definitions.js';
import {
  DEFAULT_TEXT_NORMALIZATION,
  describeTextNormalization,
  isTextNormalization,
} from './text/text-normalization.js';
import { vqaMetricDefinitions } from './vqa/vqa-metric-definitions.js';

export type { MetricDefinition } from './metric-definition.js';
export { CLASSIFICATION_METRIC_DEFINITIONS } from './classification/classification-metric-definitions.js';
export * from './text/text-normalization.js';
export * from './vqa/closed-answer-normalization.js';

/** Display metadata (label, direction, range, definition) of every metric of every family, by key. */
export const METRIC_CATALOG: Readonly<Record<string, MetricDefinition>> = Object.freeze(
  Object.fromEntries(
    [
      ...Object.values(CLASSIFICATION_METRIC_DEFINITIONS),
      ...vqaMetricDefinitions,
      ...textMetricDefinitions,
      ...regressionMetricDefinitions,
      ...retrievalMetricDefinitions,
      ...segmentationMetricDefinitions,
      ...detectionMetricDefinitions,
    ].map((d): [string, MetricDefinition] => [d.key, d]),
  ),
);

/** Everything a page, a board, a ranking or a document needs to know about one computed metric key. */
export interface MetricDescription {
  key: string;
  label: string;
  higherIsBetter: boolean;
  /** Attainable [min, max]; null when unknown (a curator's external scorer). */
  range: readonly [number, number] | null;
  unit?: string;
  definition: string;
  /** Decimals that show the metric's real resolution. */
  decimals: number;
  /**
   * How this track computes it, when that varies by track and changes the value: e.g. the text
   * normalization of BLEU, METEOR and CIDEr-D ("PTB, lower-cased"). Shown next to the label.
   */
  qualifier?: string;
  /**
   * `catalog`: a metric of the catalog; `per-label`: a catalog metric restricted to one structure
   * or section (`hd95:liver`, key `<metric>:<name>`); `external`: declared by the track's external
   * scorer configuration; `unknown`: none of these (shown by its key, assumed higher-is-better).
   */
  source: 'catalog' | 'per-label' | 'external' | 'unknown';
}

interface ExternalScorerDeclaration {
  key?: unknown;
  label?: unknown;
  higherIsBetter?: unknown;
  version?: unknown;
}

/**
 * The one place that says what a metric key means: label, direction, range, unit, definition and
 * decimals. Reads the catalog, per-label keys (`dice:liver`, `hd95:lesion`: the base metric's
 * direction and range, so distances stay lower-is-better), and metrics a track's external scorers
 * declare in its task configuration (`externalScorers: [{ key, label, higherIsBetter }]`).
 */
export function describeMetric(
  key: string,
  taskConfig?: Readonly<Record<string, unknown>> | null,
): MetricDescription {
  const known = METRIC_CATALOG[key];
  if (known) {
    const description = fromDefinition(key, known, known.label, known.definition, 'catalog');
    return TEXT_NORMALIZED_METRICS.has(key)
      ? withTextNormalization(description, taskConfig)
      : description;
  }
  const external = externalScorerDeclaration(key, taskConfig);
  if (external) {
    const version = typeof external.version === 'string' ? ` (${external.version})` : '';
    return {
      key,
      label: typeof external.label === 'string' && external.label ? external.label : key,
      higherIsBetter: external.higherIsBetter !== false,
      range: null,
      definition: `Computed by the curator's external scorer${version} through MedRank's external-scorer protocol; mean over cases.`,
      decimals: 3,
      source: 'external',
    };
  }
  const separator = key.indexOf(':');
  if (separator > 0 && separator < key.length - 1) {
    const base = METRIC_CATALOG[key.slice(0, separator)];
    const part = key.slice(separator + 1);
    if (base) {
      return fromDefinition(
        key,
        base,
        `${base.label} (${part})`,
        `${base.definition} Computed for "${part}" alone.`,
        'per-label',
      );
    }
  }
  return {
    key,
    label: key,
    higherIsBetter: true,
    range: null,
    definition: '',
    decimals: 3,
    source: 'unknown',
  };
}

/** The report metrics whose tokens follow the track's `textNormalization` (ROUGE-L keeps its own tokenizer). */
const TEXT_NORMALIZED_METRICS: ReadonlySet<string> = new Set([
  'bleu1_corpus',
  'bleu2_corpus',
  'bleu3_corpus',
  'bleu4_corpus',
  'meteor',
  'cider_d',
]);

function withTextNormalization(
  description: MetricDescription,
  taskConfig: Readonly<Record<string, unknown>> | null | undefined,
): MetricDescription {
  const configured = taskConfig?.textNormalization;
  const normalization = describeTextNormalization(
    isTextNormalization(configured) ? configured : DEFAULT_TEXT_NORMALIZATION,
  );
  return {
    ...description,
    qualifier: normalization.label,
    definition: `${description.definition} Tokens on this track: ${normalization.description}`,
  };
}

function fromDefinition(
  key: string,
  definition: MetricDefinition,
  label: string,
  text: string,
  source: MetricDescription['source'],
): MetricDescription {
  return {
    key,
    label,
    higherIsBetter: definition.higherIsBetter,
    range: definition.range,
    ...(definition.unit ? { unit: definition.unit } : {}),
    definition: text,
    decimals: decimalsFor(definition.range, definition.unit),
    source,
  };
}

function externalScorerDeclaration(
  key: string,
  taskConfig: Readonly<Record<string, unknown>> | null | undefined,
): ExternalScorerDeclaration | undefined {
  const scorers = taskConfig?.externalScorers;
  if (!Array.isArray(scorers)) return undefined;
  return (scorers as unknown[]).find(
    (s): s is ExternalScorerDeclaration =>
      !!s && typeof s === 'object' && (s as ExternalScorerDeclaration).key === key,
  );
}

/**
 * Decimals that show a metric's real resolution: scores on [0, 1] (AUROC, Dice) need three;
 * distances and errors in physical units (mm) or unbounded ranges read best with two.
 */
export function decimalsFor(range: readonly [number, number], unit?: string): number {
  const [min, max] = range;
  if (unit) return 2;
  if (Number.isFinite(min) && Number.isFinite(max) && max - min <= 1) return 3;
  return 2;
}
