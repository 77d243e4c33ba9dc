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
  /** Decimals that show the metric's real resolution (of the percentage when `percent`). */
  decimals: number;
  /**
   * Shown as a percentage (value × 100 and a % sign), because the track's source publishes it
   * that way (`taskConfig.metricDisplay`). Stored values stay fractions; only the display changes.
   */
  percent?: true;
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
  return withDisplay(describeMetricValue(key, taskConfig), taskConfig);
}

function describeMetricValue(
  key: string,
  taskConfig: Readonly<Record<string, unknown>> | null | undefined,
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

/** How a track shows one metric: `taskConfig.metricDisplay: { <key>: { percent, decimals } }`. */
export interface MetricDisplayOption {
  /** Show value × 100 with a % sign (for metrics the source publishes in percent). */
  percent?: boolean;
  /** Decimals of the shown number (of the percentage when `percent`), 0–6. */
  decimals?: number;
}

/**
 * The track's display option for `key`, or the problem with it. The one place a per-track
 * display choice is read: boards, heat maps, charts and exports all get it through describeMetric.
 */
export function metricDisplayOption(
  key: string,
  taskConfig: Readonly<Record<string, unknown>> | null | undefined,
): { option: MetricDisplayOption | null; problem?: string } {
  const all = taskConfig?.metricDisplay;
  if (all === undefined) return { option: null };
  if (!all || typeof all !== 'object' || Array.isArray(all))
    return { option: null, problem: 'metricDisplay must map metric keys to { percent, decimals }' };
  const raw = (all as Record<string, unknown>)[key];
  if (raw === undefined) return { option: null };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { option: null, problem: `metricDisplay.${key} must be { percent, decimals }` };
  const { percent, decimals, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0)
    return { option: null, problem: `metricDisplay.${key}: unknown key "${extra[0]}"` };
  if (percent !== undefined && typeof percent !== 'boolean')
    return { option: null, problem: `metricDisplay.${key}.percent must be true or false` };
  if (
    decimals !== undefined &&
    !(typeof decimals === 'number' && Number.isInteger(decimals) && decimals >= 0 && decimals <= 6)
  )
    return { option: null, problem: `metricDisplay.${key}.decimals must be a whole number 0–6` };
  return {
    option: {
      ...(percent === undefined ? {} : { percent }),
      ...(decimals === undefined ? {} : { decimals }),
    },
  };
}

/**
 * Applies the track's display option. A percentage keeps the fraction's resolution unless told
 * otherwise: 3 decimals of a fraction are 1 of a percentage (0.540 → 54.0 %).
 */
function withDisplay(
  description: MetricDescription,
  taskConfig: Readonly<Record<string, unknown>> | null | undefined,
): MetricDescription {
  const { option } = metricDisplayOption(description.key, taskConfig);
  if (!option) return description;
  const percent = option.percent === true;
  const decimals =
    option.decimals ?? (percent ? Math.max(0, description.decimals - 2) : description.decimals);
  return { ...description, decimals, ...(percent ? { percent: true as const } : {}) };
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
