import { detectionMetricDefinitions } from './detection/index.js';
import { regressionMetricDefinitions } from './regression/index.js';
import { METRICS, type MetricDefinition } from './registry.js';
import { retrievalMetricDefinitions } from './retrieval/index.js';
import { segmentationMetricDefinitions } from './segmentation/index.js';
import { textMetricDefinitions } from './text/index.js';
import { vqaMetricDefinitions } from './vqa/index.js';

/**
 * Display metadata (label, direction, range, definition) of every metric of every family, by
 * key: what boards and pages show. Computing goes through each family's functions (and the
 * task types in @medrank/scoring), never through this table.
 */
export const METRIC_CATALOG: Readonly<Record<string, MetricDefinition>> = Object.freeze(
  Object.fromEntries(
    [
      ...Object.values(METRICS),
      ...vqaMetricDefinitions,
      ...textMetricDefinitions,
      ...regressionMetricDefinitions,
      ...retrievalMetricDefinitions,
      ...segmentationMetricDefinitions,
      ...detectionMetricDefinitions,
    ].map((d): [string, MetricDefinition] => [d.key, d]),
  ),
);
