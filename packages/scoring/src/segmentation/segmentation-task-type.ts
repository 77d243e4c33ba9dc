import type { FileIssue } from '@medrank/core';
import { computeMultiLabelSegmentationMetrics, maxDistanceMm } from '@medrank/metrics';
import {
  describeShape,
  IssueCollector,
  parseMaskArchive,
  type LabelImage,
  type MaskArchive,
} from '@medrank/formats';
import { segmentationFingerprint } from '../fingerprint/task-fingerprints.js';
import { scoreCaseMetrics, type CaseMetric } from '../shared/score-case-metrics.js';
import {
  SEGMENTATION_BASE_METRICS,
  parseSegmentationConfig,
  segmentationMetricKeys,
  type SegmentationConfig,
} from '@medrank/task-contracts/config';
import { checkMetricKeys, invalidStoredTruth } from '../shared/task-config.js';
import type { TaskScore, TaskType } from '../task-type.js';
import {
  decodeSegmentationPayload,
  encodeSegmentationPayload,
  segmentationPayloadDecodedBytes,
} from './segmentation-payload.js';

export { SEGMENTATION_BASE_METRICS, segmentationMetricKeys, type SegmentationConfig };

/** The track's voxel cap when it sets one; otherwise formats' default. */
const maskLimits = ({ maxMaskVoxels }: SegmentationConfig) =>
  maxMaskVoxels === undefined ? {} : { maxVoxels: maxMaskVoxels };

type BaseMetric = (typeof SEGMENTATION_BASE_METRICS)[number];

export interface SegmentationTruth {
  caseIds: string[];
  masks: LabelImage[];
}

/**
 * Segmentation (2-D PNG, 3-D NIfTI), binary or multi-label. Ground truth and predictions are zips
 * of masks `<case_id>.nii[.gz]` / `<case_id>.png` (formats: parseMaskArchive). Per case and label
 * (one-vs-rest, background excluded): Dice, IoU, HD95 (track convention), NSD at τ mm and ASSD
 * from computeMultiLabelSegmentationMetrics with the ground truth's spacing (a prediction's own
 * NIfTI spacing is not used); the prediction must have the truth's shape, checked for every case
 * before anything is scored (the issue names the case and both shapes; shapes are those of the
 * public input images, not hidden labels), and checked already from each prediction's header
 * when the truth is known (`expectedPredictionShapes`). All masks of a submission and its truth
 * are held in memory at once, reserved against the job's memory budget (the archive and voxel
 * limits in formats and `maxMaskVoxels` bound each mask). Metric `<m>:<label>` is the mean over
 * cases of the label's values, and `<m>` the unweighted mean of those over labels; CIs resample
 * cases (and recompute both means).
 *
 * Empty masks, never silently dropped (the metrics package's rules): a label absent from both
 * truth and prediction of a case has no value (NaN) for every metric and is left out of that
 * label's mean, counted in a note; a label present in exactly one scores Dice/IoU/NSD 0 and the
 * `oneEmptyDistance` value for HD95/ASSD. A label with no value on any case has no mean (null)
 * and is left out of the mean over labels (noted).
 */
export const segmentationTaskType: TaskType<
  SegmentationConfig,
  SegmentationTruth,
  MaskArchive,
  TaskScore
> = {
  key: 'segmentation',
  label: 'Segmentation',
  parseConfig: parseSegmentationConfig,
  async parseGroundTruth(source, config, options = {}) {
    const parsed = await parseMaskArchive(source, {
      ...(options.maxIssues === undefined ? {} : { maxIssues: options.maxIssues }),
      pngSpacingMm: config.pngSpacingMm,
      allowedLabels: config.labels.map((l) => l.value),
      limits: maskLimits(config),
      ...(options.memoryBudget ? { memoryBudget: options.memoryBudget } : {}),
    });
    if (!parsed.ok) return parsed;
    const issues = new IssueCollector(options.maxIssues ?? 50);
    parsed.value.caseIds.forEach((caseId, i) => {
      const size = encodeSegmentationPayload(parsed.value.masks[i]!).data.length;
      if (size > config.maxTruthPayloadBytes) {
        issues.add({
          caseId,
          message: `case "${caseId}": the compressed mask takes ${size} bytes, over the ${config.maxTruthPayloadBytes}-byte limit of a stored ground truth; crop or downsample the case, or raise maxTruthPayloadBytes`,
        });
      }
    });
    if (issues.hasIssues) return issues.fail();
    return { ok: true, value: { caseIds: parsed.value.caseIds, masks: parsed.value.masks } };
  },
  groundTruthCases: (truth) =>
    truth.caseIds.map((caseId, i) => ({
      caseId,
      truth: { ...encodeSegmentationPayload(truth.masks[i]!) },
      metadata: {},
    })),
  truthFromPayloads(caseIds, payloads, _config, { memoryBudget } = {}) {
    // Every mask is sized from its payload's fields first, so the whole test set is reserved
    // (or refused) before any is inflated.
    let decodedBytes = 0;
    for (const caseId of caseIds) {
      const bytes = segmentationPayloadDecodedBytes(payloads.get(caseId));
      if (bytes === null) throw invalidStoredTruth('segmentation');
      decodedBytes += bytes;
    }
    memoryBudget?.reserve(decodedBytes, "the ground truth's masks");
    const masks = caseIds.map((caseId) => {
      const mask = decodeSegmentationPayload(payloads.get(caseId), { memoryBudget });
      if (!mask) throw invalidStoredTruth('segmentation');
      return mask;
    });
    return { caseIds: [...caseIds], masks };
  },
  expectedPredictionShapes: (truth) =>
    new Map(truth.caseIds.map((caseId, i) => [caseId, truth.masks[i]!.shape])),
  parsePredictions: (source, config, { caseIds, expectedShapes }, options = {}) =>
    parseMaskArchive(source, {
      caseIds,
      ...(options.maxIssues === undefined ? {} : { maxIssues: options.maxIssues }),
      pngSpacingMm: config.pngSpacingMm,
      allowedLabels: config.labels.map((l) => l.value),
      limits: maskLimits(config),
      ...(expectedShapes ? { expectedShapes } : {}),
      ...(options.memoryBudget ? { memoryBudget: options.memoryBudget } : {}),
    }),
  slicePredictions: (p, start, end) => ({
    caseIds: p.caseIds.slice(start, end),
    masks: p.masks.slice(start, end),
    formats: p.formats.slice(start, end),
  }),
  checkPredictions(predictions, truth) {
    const issues: FileIssue[] = [];
    truth.caseIds.forEach((caseId, i) => {
      const p = predictions.masks[i]!,
        t = truth.masks[i]!;
      if (p.shape.length !== t.shape.length || p.shape.some((d, a) => d !== t.shape[a])) {
        issues.push({
          caseId,
          message: `case "${caseId}": the prediction's shape ${describeShape(p.shape)} does not match the ground truth's ${describeShape(t.shape)} (x×y[×z])`,
        });
      }
    });
    return issues;
  },
  fingerprint: (predictions) => segmentationFingerprint(predictions),
  defaultMetrics: (config) =>
    config.labels.length === 1 ? [...SEGMENTATION_BASE_METRICS] : segmentationMetricKeys(config),
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
    checkMetricKeys('segmentation', metrics, segmentationMetricKeys(config));
    const n = truth.caseIds.length;
    if (predictions.masks.length !== n)
      throw new RangeError(`segmentation: ${n} cases but ${predictions.masks.length} masks`);
    const L = config.labels.length;
    // values[metric][label * n + case]
    const values = Object.fromEntries(
      SEGMENTATION_BASE_METRICS.map((m) => [m, new Float64Array(L * n)]),
    ) as Record<BaseMetric, Float64Array>;
    const bothEmpty = new Int32Array(L),
      oneEmpty = new Int32Array(L);
    for (let c = 0; c < n; c++) {
      const t = truth.masks[c]!,
        p = predictions.masks[c]!;
      const result = computeMultiLabelSegmentationMetrics(p.data, t.data, t.shape, t.spacingMm, {
        toleranceMm: config.toleranceMm,
        labels: config.labels.map((l) => l.value),
        oneEmptyDistanceMm:
          config.oneEmptyDistance === 'diagonal' ? maxDistanceMm(t.shape, t.spacingMm) : Infinity,
      });
      result.perLabel.forEach((m, l) => {
        values.dice[l * n + c] = m.dice;
        values.iou[l * n + c] = m.iou;
        values.hd95[l * n + c] = config.hd95Convention === 'monai' ? m.hd95 : m.hd95Pooled;
        values.nsd[l * n + c] = m.nsd;
        values.assd[l * n + c] = m.assd;
        const hasTruth = m.counts.truthVoxels > 0,
          hasPrediction = m.counts.predictionVoxels > 0;
        if (!hasTruth && !hasPrediction) bothEmpty[l]!++;
        else if (hasTruth !== hasPrediction) oneEmpty[l]!++;
      });
      onProgress?.((0.5 * (c + 1)) / n);
    }
    const labelMean = (metric: BaseMetric, l: number, rows: Int32Array): number => {
      const v = values[metric];
      let sum = 0,
        count = 0;
      for (let j = 0; j < rows.length; j++) {
        const x = v[l * n + rows[j]!]!;
        if (!Number.isNaN(x)) {
          sum += x;
          count++;
        }
      }
      return count === 0 ? Number.NaN : sum / count;
    };
    const perCaseOf = (metric: BaseMetric, l: number) =>
      values[metric].subarray(l * n, (l + 1) * n);
    const definitions: CaseMetric[] = metrics.map((key) => {
      const [metric, labelName] = key.split(':') as [BaseMetric, string | undefined];
      if (labelName !== undefined) {
        const l = config.labels.findIndex((x) => x.name === labelName);
        return {
          key,
          evaluate: (rows) => labelMean(metric, l, rows),
          caseValues: perCaseOf(metric, l),
        };
      }
      return {
        key,
        // With one label the mean over labels is that label's mean over cases: a per-case metric.
        ...(L === 1 ? { caseValues: perCaseOf(metric, 0) } : {}),
        evaluate(rows) {
          let sum = 0,
            count = 0;
          for (let l = 0; l < L; l++) {
            const m = labelMean(metric, l, rows);
            if (!Number.isNaN(m)) {
              sum += m;
              count++;
            }
          }
          return count === 0 ? Number.NaN : sum / count;
        },
      };
    });
    const scored = await scoreCaseMetrics({
      keepReplicates,
      n,
      metrics: definitions,
      categories,
      minCategorySize: config.minCategorySize,
      bootstrap,
      onProgress: (f) => onProgress?.(0.5 + 0.5 * f),
    });
    const hd95Name =
      config.hd95Convention === 'monai'
        ? 'max of the two directed 95th percentiles (MONAI)'
        : '95th percentile of the pooled distances (medpy)';
    const notes = [
      `NSD at τ = ${config.toleranceMm} mm; HD95 is the ${hd95Name}; distances in mm with the ground truth's voxel spacing; "<metric>" is the unweighted mean over labels of the per-label means over cases`,
    ];
    config.labels.forEach((label, l) => {
      if (bothEmpty[l]! > 0)
        notes.push(
          `${label.name}: ${bothEmpty[l]} of ${n} cases have the label in neither truth nor prediction; they have no value and are left out of its means`,
        );
      if (oneEmpty[l]! > 0) {
        notes.push(
          config.oneEmptyDistance === 'diagonal'
            ? `${label.name}: ${oneEmpty[l]} of ${n} cases have the label in only one of truth and prediction; Dice/IoU/NSD score 0 and HD95/ASSD the image diagonal in mm`
            : `${label.name}: ${oneEmpty[l]} of ${n} cases have the label in only one of truth and prediction; Dice/IoU/NSD score 0 and HD95/ASSD +Infinity, so their means are infinite (shown as null)`,
        );
      }
      if (bothEmpty[l] === n)
        notes.push(
          `${label.name}: absent from every case; it has no mean and is left out of the mean over labels`,
        );
    });
    return { n, metrics: scored.metrics, breakdowns: scored.breakdowns, notes };
  },
};
