import {
  cocoMap50Score,
  cocoMapScore,
  frocScore,
  vocMap50Score,
  type DetectionDataset,
  type DetectionGroundTruth,
  type DetectionPrediction,
} from '@medrank/metrics';
import {
  IssueCollector,
  parseCocoGroundTruth,
  parseDetectionPredictions,
  type DetectionPredictions,
  type LabelledBox,
} from '@medrank/formats';
import { detectionFingerprint } from '../fingerprint/task-fingerprints.js';
import { scoreCaseMetrics, type CaseMetric } from '../shared/score-case-metrics.js';
import {
  DETECTION_METRICS,
  parseDetectionConfig,
  type DetectionConfig,
} from '@medrank/task-contracts/config';

export { DETECTION_METRICS, type DetectionConfig };
import { checkMetricKeys, invalidStoredTruth } from '../shared/task-config.js';
import type { TaskScore, TaskType } from '../task-type.js';

/** Hidden truth of one image as stored: boxes `[category_id, x1, y1, x2, y2]` (none for an image without lesions). */
export interface DetectionPayload {
  boxes: [number, number, number, number, number][];
}

export interface DetectionTruth {
  caseIds: string[];
  boxes: LabelledBox[][];
  /** Evaluated categories: the track's, else every category of the ground-truth boxes. */
  categoryIds: number[];
}

/** Registry keys (detectionMetricDefinitions). */
/**
 * Detection / grounding on COCO files. Ground truth: COCO JSON, one case per image (case id =
 * image id). Predictions: COCO results JSON or the CSV `image_id,category_id,x1,y1,x2,y2,score`.
 * Metrics: COCO mAP@0.5 and mAP@[.5:.95] (pycocotools), VOC mAP@0.5 (all-point), FROC mean
 * sensitivity at 1/8…8 FP per image, from the metrics package on the whole set. CIs resample
 * images with replacement (a repeated image counts as a distinct image with its boxes) and
 * re-evaluate; at most `maxBootstrapReplicates` replicates (default 200).
 */
export const detectionTaskType: TaskType<
  DetectionConfig,
  DetectionTruth,
  DetectionPredictions,
  TaskScore
> = {
  key: 'detection',
  label: 'Detection / grounding',
  parseConfig: parseDetectionConfig,
  async parseGroundTruth(source, config, options = {}) {
    const parsed = await parseCocoGroundTruth(
      source,
      options.maxIssues === undefined ? {} : { maxIssues: options.maxIssues },
    );
    if (!parsed.ok) return parsed;
    if (config.categories) {
      const issues = new IssueCollector(options.maxIssues ?? 50);
      for (const { id } of parsed.value.categories) {
        if (!config.categories.has(id))
          issues.add({
            column: 'categories',
            message: `category id ${id} is not one of the track's categories (${[...config.categories.keys()].join(', ')})`,
          });
      }
      if (issues.hasIssues) return issues.fail();
    }
    const categoryIds = config.categories
      ? [...config.categories.keys()]
      : parsed.value.categories.map((c) => c.id);
    return {
      ok: true,
      value: {
        caseIds: parsed.value.caseIds,
        boxes: parsed.value.boxes,
        categoryIds: categoryIds.sort((a, b) => a - b),
      },
    };
  },
  groundTruthCases: (truth) =>
    truth.caseIds.map((caseId, i) => ({
      caseId,
      truth: {
        boxes: truth.boxes[i]!.map((b) => [b.categoryId, ...b.bbox]),
      } satisfies DetectionPayload,
      metadata: {},
    })),
  truthFromPayloads(caseIds, payloads, config) {
    const categories = new Set<number>(config.categories?.keys() ?? []);
    const boxes = caseIds.map((caseId) => {
      const stored = (payloads.get(caseId) as Partial<DetectionPayload> | undefined)?.boxes;
      if (!Array.isArray(stored)) throw invalidStoredTruth('detection');
      return stored.map((b): LabelledBox => {
        if (
          !Array.isArray(b) ||
          b.length !== 5 ||
          !b.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
          b[3] < b[1] ||
          b[4] < b[2]
        )
          throw invalidStoredTruth('detection');
        if (!config.categories) categories.add(b[0]);
        else if (!categories.has(b[0])) throw invalidStoredTruth('detection');
        return { categoryId: b[0], bbox: [b[1], b[2], b[3], b[4]] };
      });
    });
    return { caseIds: [...caseIds], boxes, categoryIds: [...categories].sort((a, b) => a - b) };
  },
  parsePredictions: (source, config, { caseIds }, options = {}) =>
    parseDetectionPredictions(source, {
      caseIds,
      categoryIds: config.categories ? [...config.categories.keys()] : null,
      ...(options.maxIssues === undefined ? {} : { maxIssues: options.maxIssues }),
    }),
  slicePredictions: (p, start, end) => {
    const boxes = p.boxes.slice(start, end);
    return { boxes, count: boxes.reduce((sum, b) => sum + b.length, 0) };
  },
  fingerprint: (predictions) => detectionFingerprint(predictions),
  defaultMetrics: () => [...DETECTION_METRICS],
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
    checkMetricKeys('detection', metrics, DETECTION_METRICS);
    const n = truth.caseIds.length;
    if (predictions.boxes.length !== n)
      throw new RangeError(
        `detection: ${n} images but ${predictions.boxes.length} prediction lists`,
      );
    const evaluated = new Set(truth.categoryIds);
    // Detections of a category outside the evaluated set cannot match anything; pycocotools
    // ignores them (it evaluates the ground truth's categories only). Counted in a note.
    let ignored = 0;
    const kept = predictions.boxes.map((list) =>
      list.filter((b) => {
        const isKept = evaluated.has(b.categoryId);
        if (!isKept) ignored++;
        return isKept;
      }),
    );
    const categoryList = truth.categoryIds.map((id) => ({ id }));
    // Every metric of a replicate sees the same rows: build its dataset once. Rows are compared by
    // content, since the scorer reuses one buffer for the resamples of a breakdown cell.
    let cachedRows: Int32Array | null = null;
    let cachedDataset: DetectionDataset | null = null;
    const sameRows = (rows: Int32Array) =>
      cachedRows !== null &&
      cachedRows.length === rows.length &&
      cachedRows.every((r, j) => r === rows[j]);
    const datasetOf = (rows: Int32Array): DetectionDataset => {
      if (cachedDataset && sameRows(rows)) return cachedDataset;
      const images: { id: number }[] = [];
      const groundTruth: DetectionGroundTruth[] = [];
      const detections: DetectionPrediction[] = [];
      for (let j = 0; j < rows.length; j++) {
        const image = rows[j]!;
        images.push({ id: j });
        for (const b of truth.boxes[image]!)
          groundTruth.push({ imageId: j, categoryId: b.categoryId, bbox: b.bbox });
        for (const b of kept[image]!)
          detections.push({ imageId: j, categoryId: b.categoryId, bbox: b.bbox, score: b.score });
      }
      cachedRows = rows.slice();
      cachedDataset = { images, categories: categoryList, groundTruth, predictions: detections };
      return cachedDataset;
    };
    const compute: Record<(typeof DETECTION_METRICS)[number], (d: DetectionDataset) => number> = {
      map50_coco: (d) => cocoMap50Score(d),
      map_coco_50_95: (d) => cocoMapScore(d),
      map50_voc: (d) => vocMap50Score(d),
      froc_mean_sensitivity: (d) => frocScore(d, { hitCriterion: config.frocHitCriterion }),
    };
    const definitions: CaseMetric[] = metrics.map((key) => ({
      key,
      evaluate: (rows) => compute[key as keyof typeof compute](datasetOf(rows)),
    }));
    const replicates = Math.min(bootstrap.replicates ?? 1000, config.maxBootstrapReplicates);
    const scored = await scoreCaseMetrics({
      keepReplicates,
      n,
      metrics: definitions,
      categories,
      minCategorySize: config.minCategorySize,
      bootstrap: { ...bootstrap, replicates },
      ...(onProgress ? { onProgress } : {}),
    });
    const notes = [
      `categories evaluated: ${truth.categoryIds.join(', ')}; FROC hits by ${config.frocHitCriterion === 'iou' ? 'IoU ≥ 0.5' : 'centre inside the box'}`,
    ];
    if (replicates < (bootstrap.replicates ?? 1000))
      notes.push(
        `CIs use ${replicates} bootstrap replicates over images (each re-runs the full evaluation); the track caps them at ${config.maxBootstrapReplicates}`,
      );
    if (ignored > 0)
      notes.push(
        `${ignored} of ${predictions.count} detections have a category without ground truth in this test set and are ignored, as pycocotools does`,
      );
    return { n, metrics: scored.metrics, breakdowns: scored.breakdowns, notes };
  },
};
