import type { MemoryBudget } from '@medrank/core';
import type { groundTruthUploads } from '@medrank/db';
import { decodeSegmentationPayload, type GroundTruthCase } from '@medrank/scoring';

type Summary = groundTruthUploads.GroundTruthSummary;
type SpreadSummary = groundTruthUploads.SpreadSummary;
type CountRow = groundTruthUploads.CountRow;

const TOP_ANSWERS = 12;
const HISTOGRAM_BINS = 10;

/**
 * The task type's summary of validated ground truth, from the payloads it stores per case (the
 * same rows the apply step writes to `hidden.ground_truth`). Aggregates only: counts, spreads and
 * histograms, never a case id next to its truth. The curator who uploaded the file sees it; it
 * is stored with the upload so that pages never read hidden truth again.
 *
 * `config` is the track's task configuration as the task type parsed it.
 */
export function summarizeGroundTruth(
  taskType: string,
  config: unknown,
  cases: readonly GroundTruthCase[],
  { memoryBudget }: { memoryBudget?: MemoryBudget } = {},
): Summary | undefined {
  switch (taskType) {
    case 'classification':
      return summarizeClasses(config as { classes?: string[] }, cases);
    case 'multiple-choice':
    case 'open-vqa':
    case 'closed-vqa':
      return summarizeAnswers(cases);
    case 'segmentation':
      return summarizeMasks(
        config as { labels?: { value: number; name: string }[] },
        cases,
        memoryBudget,
      );
    case 'detection':
      return summarizeBoxes(config as { categories?: Map<number, string> | null }, cases);
    case 'report-generation':
      return summarizeReports(config as { sections?: string[] }, cases);
    case 'regression':
      return summarizeValues(cases);
    case 'retrieval':
      return summarizeRelevance(config as { relevanceLevel?: number }, cases);
    default:
      return undefined;
  }
}

/** Linear-interpolation quantile (numpy's default) of ascending `sorted`. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Min, p10, median, p90, max and mean of `values`; null when there are none. */
export function spreadOf(values: readonly number[]): SpreadSummary | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    min: sorted[0]!,
    p10: quantile(sorted, 0.1),
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
  };
}

const byCount = (a: CountRow, b: CountRow) => b.count - a.count || a.label.localeCompare(b.label);

function countRows(counts: Map<string, number>): CountRow[] {
  return [...counts].map(([label, count]) => ({ label, count })).sort(byCount);
}

function increment(counts: Map<string, number>, key: string, by = 1) {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function summarizeClasses(
  { classes = [] }: { classes?: string[] },
  cases: readonly GroundTruthCase[],
): Summary {
  // Every class of the track, absent ones included: a class with no case is worth seeing.
  const counts = new Map<string, number>(classes.map((c) => [c, 0]));
  for (const c of cases) if (typeof c.truth.label === 'string') increment(counts, c.truth.label);
  return { kind: 'classes', classes: countRows(counts) };
}

function summarizeAnswers(cases: readonly GroundTruthCase[]): Summary {
  const answers = new Map<string, number>();
  const optionCounts = new Map<string, number>();
  for (const c of cases) {
    const answer =
      typeof c.truth.answer === 'string'
        ? c.truth.answer
        : Array.isArray(c.truth.answers) && typeof c.truth.answers[0] === 'string'
          ? c.truth.answers[0].trim().toLowerCase()
          : null;
    if (answer !== null) increment(answers, answer);
    if (Array.isArray(c.truth.options)) {
      const n = c.truth.options.length;
      increment(optionCounts, `${n} option${n === 1 ? '' : 's'}`);
    }
    // Closed questions (closed-vqa): either-or questions carry their own choices.
    if (Array.isArray(c.truth.choices))
      increment(optionCounts, `${c.truth.choices.length} own choices`);
  }
  return {
    kind: 'answers',
    topAnswers: countRows(answers).slice(0, TOP_ANSWERS),
    distinctAnswers: answers.size,
    optionCounts: countRows(optionCounts),
  };
}

function summarizeMasks(
  { labels = [{ value: 1, name: 'foreground' }] }: { labels?: { value: number; name: string }[] },
  cases: readonly GroundTruthCase[],
  memoryBudget: MemoryBudget | undefined,
): Summary {
  const voxelsByLabel = labels.map(() => [] as number[]);
  const physicalByLabel = labels.map(() => [] as number[]);
  const index = new Map(labels.map((l, i) => [l.value, i]));
  let dimensions: 2 | 3 = 3;
  // One mask decoded at a time: the summary never holds more than one case's voxels.
  for (const c of cases) {
    const mask = decodeSegmentationPayload(c.truth, memoryBudget ? { memoryBudget } : {});
    if (!mask) continue;
    dimensions = mask.shape.length === 2 ? 2 : 3;
    const counts = new Float64Array(labels.length);
    for (let i = 0; i < mask.data.length; i++) {
      const l = index.get(mask.data[i]!);
      if (l !== undefined) counts[l]!++;
    }
    const voxelSize = mask.spacingMm.reduce((a, b) => a * b, 1);
    // mm³ → mL is ÷ 1000; a 2-D pixel's area stays in mm².
    const perVoxel = dimensions === 3 ? voxelSize / 1000 : voxelSize;
    counts.forEach((count, l) => {
      if (count === 0) return;
      voxelsByLabel[l]!.push(count);
      physicalByLabel[l]!.push(count * perVoxel);
    });
  }
  const unit = dimensions === 3 ? ('mL' as const) : ('mm²' as const);
  return {
    kind: 'masks',
    dimensions,
    labels: labels.map((label, l) => {
      const physical = spreadOf(physicalByLabel[l]!);
      return {
        label: label.name,
        value: label.value,
        masksContaining: voxelsByLabel[l]!.length,
        voxels: spreadOf(voxelsByLabel[l]!),
        physical: physical ? { ...physical, unit } : null,
      };
    }),
  };
}

/** COCO's area ranges (pycocotools `areaRng`). */
const BOX_SIZES = [
  { label: 'small (< 32²)', maxArea: 32 ** 2 },
  { label: 'medium (< 96²)', maxArea: 96 ** 2 },
  { label: 'large', maxArea: Number.POSITIVE_INFINITY },
];

function summarizeBoxes(
  { categories }: { categories?: Map<number, string> | null },
  cases: readonly GroundTruthCase[],
): Summary {
  const perCategory = new Map<string, number>();
  for (const name of categories?.values() ?? []) perCategory.set(name, 0);
  const sizes = BOX_SIZES.map(() => 0);
  const sides: number[] = [];
  let total = 0;
  let max = 0;
  let empty = 0;
  for (const c of cases) {
    const boxes = Array.isArray(c.truth.boxes) ? (c.truth.boxes as number[][]) : [];
    total += boxes.length;
    max = Math.max(max, boxes.length);
    if (boxes.length === 0) empty++;
    // Stored as [category_id, x1, y1, x2, y2] (DetectionPayload).
    for (const [categoryId, x1, y1, x2, y2] of boxes) {
      increment(perCategory, categories?.get(categoryId!) ?? `category ${categoryId}`);
      const area = (x2! - x1!) * (y2! - y1!);
      sides.push(Math.sqrt(area));
      sizes[BOX_SIZES.findIndex((s) => area < s.maxArea)]!++;
    }
  }
  return {
    kind: 'boxes',
    images: cases.length,
    imagesWithoutBoxes: empty,
    boxesPerImage: { mean: cases.length ? total / cases.length : 0, max },
    categories: countRows(perCategory),
    boxSizes: BOX_SIZES.map((s, i) => ({ label: s.label, count: sizes[i]! })),
    boxSidePx: spreadOf(sides),
  };
}

const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

function summarizeReports(
  { sections = [] }: { sections?: string[] },
  cases: readonly GroundTruthCase[],
): Summary {
  return {
    kind: 'reports',
    sections: sections.map((section) => {
      const words: number[] = [];
      let empty = 0;
      for (const c of cases) {
        const text = c.truth[section];
        const n = typeof text === 'string' ? wordCount(text) : 0;
        if (n === 0) empty++;
        words.push(n);
      }
      return {
        section,
        empty,
        words: spreadOf(words) ?? { min: 0, p10: 0, median: 0, p90: 0, max: 0, mean: 0 },
      };
    }),
  };
}

/** Equal-width bins over [min, max], labelled by their lower edge. */
function histogram(values: readonly number[], bins = HISTOGRAM_BINS): CountRow[] {
  if (values.length === 0) return [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const isIntegral = values.every(Number.isInteger);
  const span = max - min;
  // Integers over a small range get one bin per value, not fractional edges.
  const count = span === 0 ? 1 : isIntegral && span < bins ? span + 1 : bins;
  const width = span === 0 ? 1 : isIntegral && span < bins ? 1 : span / bins;
  const rows = Array.from({ length: count }, () => 0);
  for (const v of values) rows[Math.min(count - 1, Math.floor((v - min) / width))]!++;
  const edge = (x: number) => Number(x.toPrecision(4)).toLocaleString('en');
  return rows.map((n, i) => ({
    label:
      isIntegral && width === 1
        ? edge(min + i)
        : `${edge(min + i * width)}–${edge(i === count - 1 ? max : min + (i + 1) * width)}`,
    count: n,
  }));
}

function summarizeValues(cases: readonly GroundTruthCase[]): Summary | undefined {
  const values = cases
    .map((c) => c.truth.value)
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const spread = spreadOf(values);
  return spread ? { kind: 'values', values: spread, histogram: histogram(values) } : undefined;
}

function summarizeRelevance(
  { relevanceLevel = 1 }: { relevanceLevel?: number },
  cases: readonly GroundTruthCase[],
): Summary | undefined {
  const relevant: number[] = [];
  const judged: number[] = [];
  for (const c of cases) {
    const judgments = Array.isArray(c.truth.judgments)
      ? (c.truth.judgments as [string, number][])
      : [];
    judged.push(judgments.length);
    relevant.push(judgments.filter(([, grade]) => grade >= relevanceLevel).length);
  }
  const relevantSpread = spreadOf(relevant);
  const judgedSpread = spreadOf(judged);
  if (!relevantSpread || !judgedSpread) return undefined;
  return {
    kind: 'relevance',
    relevantPerQuery: relevantSpread,
    judgedPerQuery: judgedSpread,
    queriesWithoutRelevant: relevant.filter((n) => n === 0).length,
    histogram: histogram(relevant),
  };
}
