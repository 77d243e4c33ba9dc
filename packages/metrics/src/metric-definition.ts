/**
 * What the platform stores and shows about a metric (lm-eval's `higher_is_better` plus
 * scikit-learn naming). A benchmark stores metric keys plus `version`; bump the version whenever
 * a metric's values would change, so old and new scores are never ranked together.
 */
export interface MetricDefinition {
  /** Stable snake_case id stored with benchmarks and scores. */
  key: string;
  label: string;
  version: number;
  higherIsBetter: boolean;
  /** Attainable [min, max]; ±Infinity for unbounded ends. */
  range: readonly [number, number];
  unit?: string;
  /** One paragraph: what is computed, with its reference. */
  definition: string;
}
