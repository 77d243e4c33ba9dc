import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { bootstrapIndices, percentileBootstrapCi, type Seed } from '@medrank/metrics';
import type { MetricResult } from '../classification/score-classification.js';
import { DEFAULT_MIN_CATEGORY_SIZE } from '@medrank/task-contracts/config';

/**
 * A metric as a function of a multiset of cases: `evaluate(rows)` aggregates the per-case
 * statistics of the cases `rows` (indices into the test set; repeats allowed, as a bootstrap
 * resample has). The point estimate is `evaluate` on every case once; a CI resamples `rows`.
 */
export interface CaseMetric {
  key: string;
  evaluate(rows: Int32Array): number;
  /**
   * Set when the metric is the mean of per-case values (NaN = the case has none and is skipped),
   * aligned to the test set's cases: then it can be recomputed on any subset of cases.
   */
  caseValues?: ArrayLike<number>;
}

/** A metric that is the mean of per-case values over the rows (e.g. accuracy, exact match). */
export function meanMetric(key: string, values: ArrayLike<number>): CaseMetric {
  return { key, evaluate: (rows) => meanOver(values, rows), caseValues: values };
}

/** One cell of a per-category breakdown (DESIGN: Breakdown(dimension, category, metric, value, CI, n)). */
export interface Breakdown {
  dimension: string;
  category: string;
  metric: string;
  value: number | null;
  ci: [number, number] | null;
  n: number;
}

/** Public category metadata of a test set's cases along one dimension; null where a case has none. */
export interface CategoryDimension {
  dimension: string;
  labels: readonly (string | null)[];
}

export interface CaseMetricScore {
  metrics: Record<string, MetricResult>;
  breakdowns: Breakdown[];
}

/** Index matrices are generated in chunks of at most this many indices (64 MiB of int32). */
const MAX_INDICES_PER_CHUNK = 16 * 1024 * 1024;

/** DESIGN: breakdown cells smaller than this are not computed, since they leak per-case results. */
export { DEFAULT_MIN_CATEGORY_SIZE };

export interface ScoreCaseMetricsOptions {
  n: number;
  metrics: readonly CaseMetric[];
  /** Metrics (keys) that also get per-category breakdowns; default all. */
  breakdownMetrics?: readonly string[];
  categories?: readonly CategoryDimension[];
  /** Categories with fewer cases are left out of the breakdowns. Default 20. */
  minCategorySize?: number;
  bootstrap: { replicates?: number; seed: Seed; confidence?: number };
  /**
   * Attach to each overall metric its bootstrap replicates (replicate order of the shared
   * indices, so entries are paired) and, for per-case metrics, its per-case values.
   */
  keepReplicates?: boolean;
  onProgress?: (fraction: number) => void;
}

/**
 * Point estimates and percentile bootstrap CIs for metrics over per-case statistics, overall and
 * per category. Overall resamples are `bootstrapIndices(n, B, seed)`, the same rows the
 * classification scorer uses, so entries of a test set are paired. A category's resamples are
 * drawn within the category, from a seed derived from the test-set seed, dimension and category,
 * so its CIs are paired across entries too. NaN values become null; NaN replicates are excluded
 * from the CI and counted. Yields to the event loop between chunks so a queue worker keeps
 * renewing its lock.
 */
export async function scoreCaseMetrics({
  n,
  metrics,
  breakdownMetrics,
  categories = [],
  minCategorySize = DEFAULT_MIN_CATEGORY_SIZE,
  bootstrap,
  keepReplicates = false,
  onProgress,
}: ScoreCaseMetricsOptions): Promise<CaseMetricScore> {
  const { replicates = 1000, seed, confidence = 0.95 } = bootstrap;
  if (!Number.isInteger(replicates) || replicates < 0)
    throw new RangeError('bootstrap replicates must be a non-negative integer');
  const cells: { dimension: string; category: string; rows: Int32Array }[] = [];
  for (const { dimension, labels } of categories) {
    const members = new Map<string, number[]>();
    labels.forEach((label, i) => {
      if (label === null) return;
      let list = members.get(label);
      if (!list) members.set(label, (list = []));
      list.push(i);
    });
    const sorted = [...members.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const category of sorted) {
      const rows = Int32Array.from(members.get(category)!);
      if (rows.length >= minCategorySize) cells.push({ dimension, category, rows });
    }
  }
  const keysForBreakdown = new Set(breakdownMetrics ?? metrics.map((m) => m.key));
  const breakdownDefinitions = metrics.filter((m) => keysForBreakdown.has(m.key));
  const totalWork =
    n +
    cells.reduce((sum, c) => sum + c.rows.length * breakdownDefinitions.length, 0) /
      Math.max(1, metrics.length);
  let done = 0;
  const report = (work: number) => {
    done += work;
    onProgress?.(Math.min(1, done / Math.max(1, totalWork)));
  };

  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const overall = await estimate(metrics, identity, seed, 'overall');
  report(n);
  const result: Record<string, MetricResult> = {};
  for (const [m, metric] of metrics.entries()) {
    const { replicates: kept, ...estimate } = overall[m]!;
    result[metric.key] = { ...estimate, n };
    if (!keepReplicates) continue;
    if (kept) result[metric.key]!.replicates = kept;
    if (metric.caseValues) result[metric.key]!.caseValues = Float64Array.from(metric.caseValues);
  }

  const breakdowns: Breakdown[] = [];
  for (const cell of cells) {
    if (breakdownDefinitions.length === 0) break;
    const estimates = await estimate(
      breakdownDefinitions,
      cell.rows,
      `${seed}\u0000${cell.dimension}\u0000${cell.category}`,
      'cell',
    );
    breakdownDefinitions.forEach((metric, m) => {
      const { value, ci } = estimates[m]!;
      breakdowns.push({
        dimension: cell.dimension,
        category: cell.category,
        metric: metric.key,
        value,
        ci,
        n: cell.rows.length,
      });
    });
    report((cell.rows.length * breakdownDefinitions.length) / Math.max(1, metrics.length));
  }
  onProgress?.(1);
  return { metrics: result, breakdowns };

  async function estimate(
    definitions: readonly CaseMetric[],
    rows: Int32Array,
    rowSeed: Seed,
    kind: 'overall' | 'cell',
  ): Promise<
    {
      value: number | null;
      ci: [number, number] | null;
      ciExcludedReplicates?: number;
      replicates?: Float64Array;
    }[]
  > {
    const size = rows.length;
    const values = definitions.map((metric) => finiteOrNull(metric.evaluate(rows)));
    const out = definitions.map((_, m) => ({
      value: values[m]!,
      ci: null as [number, number] | null,
      ciExcludedReplicates: undefined as number | undefined,
    }));
    if (replicates === 0 || size === 0) return out.map(({ value, ci }) => ({ value, ci }));
    const replicateValues = definitions.map(() => new Float64Array(replicates));
    const resampled = new Int32Array(size);
    const chunkSize = Math.max(1, Math.min(replicates, Math.floor(MAX_INDICES_PER_CHUNK / size)));
    for (let first = 0; first < replicates; first += chunkSize) {
      const count = Math.min(chunkSize, replicates - first);
      const indices = bootstrapIndices(size, count, rowSeed, { firstReplicate: first });
      for (let b = 0; b < count; b++) {
        const row = indices.subarray(b * size, (b + 1) * size);
        // Overall rows are the identity, so the resample is the index row itself.
        const cases = kind === 'overall' ? row : mapRows(row, rows, resampled);
        for (let m = 0; m < definitions.length; m++)
          replicateValues[m]![first + b] = definitions[m]!.evaluate(cases);
      }
      await yieldToEventLoop();
    }
    return definitions.map((_, m) => {
      const { ci, excludedCount } = percentileBootstrapCi(replicateValues[m]!, confidence);
      return {
        value: values[m]!,
        ci: Number.isNaN(ci[0]) ? null : ci,
        ...(kind === 'overall' ? { ciExcludedReplicates: excludedCount } : {}),
        ...(kind === 'overall' ? { replicates: replicateValues[m]! } : {}),
      };
    });
  }
}

function mapRows(row: Int32Array, members: Int32Array, out: Int32Array): Int32Array {
  for (let j = 0; j < row.length; j++) out[j] = members[row[j]!]!;
  return out;
}

function finiteOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** Mean of `values` over `rows`, summed left to right. Empty → NaN. */
export function meanOver(values: ArrayLike<number>, rows: Int32Array): number {
  if (rows.length === 0) return Number.NaN;
  let sum = 0;
  for (let j = 0; j < rows.length; j++) sum += values[rows[j]!]!;
  return sum / rows.length;
}

/** Aligns the public case metadata of a test set to its case order, one entry per dimension seen. */
export function categoryDimensions(
  caseIds: readonly string[],
  metadata: ReadonlyMap<string, Readonly<Record<string, unknown>>> | undefined,
): CategoryDimension[] {
  if (!metadata) return [];
  const dimensions = new Map<string, (string | null)[]>();
  caseIds.forEach((caseId, i) => {
    const record = metadata.get(caseId);
    if (!record) return;
    for (const [dimension, value] of Object.entries(record)) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      let labels = dimensions.get(dimension);
      if (!labels)
        dimensions.set(dimension, (labels = new Array<string | null>(caseIds.length).fill(null)));
      labels[i] = String(value);
    }
  });
  return [...dimensions].map(([dimension, labels]) => ({ dimension, labels }));
}
