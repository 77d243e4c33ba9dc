import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bootstrapIndices,
  cocoMap50Score,
  cocoMapScore,
  frocScore,
  percentileBootstrapCi,
  vocMap50Score,
  type DetectionDataset,
} from '@medrank/metrics';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-detection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

// Four images, two categories; image 4 has no lesion.
const COCO = {
  images: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
  categories: [
    { id: 1, name: 'nodule' },
    { id: 2, name: 'mass' },
  ],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] },
    { id: 2, image_id: 1, category_id: 2, bbox: [50, 50, 30, 30] },
    { id: 3, image_id: 2, category_id: 1, bbox: [0, 0, 10, 10] },
    { id: 4, image_id: 3, category_id: 1, bbox: [30, 30, 10, 20] },
  ],
};
const RESULTS = [
  { image_id: 1, category_id: 1, bbox: [11, 11, 20, 20], score: 0.9 },
  { image_id: 1, category_id: 2, bbox: [50, 55, 30, 30], score: 0.6 },
  { image_id: 2, category_id: 1, bbox: [0, 0, 8, 10], score: 0.8 },
  { image_id: 2, category_id: 1, bbox: [40, 40, 5, 5], score: 0.7 },
  { image_id: 3, category_id: 2, bbox: [30, 30, 10, 20], score: 0.5 },
  { image_id: 4, category_id: 1, bbox: [1, 1, 5, 5], score: 0.95 },
];
const xyxy = ([x, y, w, h]: number[]) => [x!, y!, x! + w!, y! + h!] as const;
const DATASET: DetectionDataset = {
  images: COCO.images,
  categories: [{ id: 1 }, { id: 2 }],
  groundTruth: COCO.annotations.map((a) => ({
    imageId: a.image_id,
    categoryId: a.category_id,
    bbox: xyxy(a.bbox),
  })),
  predictions: RESULTS.map((r) => ({
    imageId: r.image_id,
    categoryId: r.category_id,
    bbox: xyxy(r.bbox),
    score: r.score,
  })),
};

async function testSet(config: Record<string, unknown> = {}) {
  const task = getTaskType('detection');
  const parsedConfig = task.parseConfig(config);
  const truth = await task.parseGroundTruth(
    write('truth.json', JSON.stringify(COCO)),
    parsedConfig,
  );
  if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
  const cases = task.groundTruthCases(truth.value, parsedConfig);
  return {
    id: 't',
    evaluatorVersion: 1,
    seed: 11,
    caseIds: cases.map((c) => c.caseId),
    truth: new Map(cases.map((c) => [c.caseId, c.truth])),
  };
}

describe('detection task type', () => {
  it('stores each image as a case with its boxes in corners', async () => {
    const set = await testSet();
    expect(set.caseIds).toEqual(['1', '2', '3', '4']);
    expect(set.truth.get('1')).toEqual({
      boxes: [
        [1, 10, 10, 30, 30],
        [2, 50, 50, 80, 80],
      ],
    });
    expect(set.truth.get('4')).toEqual({ boxes: [] });
  });

  it('scores COCO mAP@0.5, mAP@[.5:.95], VOC mAP@0.5 and FROC equal to the metrics package, from JSON or CSV', async () => {
    const csv = [
      'image_id,category_id,x1,y1,x2,y2,score',
      ...RESULTS.map((r) => [r.image_id, r.category_id, ...xyxy(r.bbox), r.score].join(',')),
    ].join('\n');
    const expected = {
      map50_coco: cocoMap50Score(DATASET),
      map_coco_50_95: cocoMapScore(DATASET),
      map50_voc: vocMap50Score(DATASET),
      froc_mean_sensitivity: frocScore(DATASET),
    };
    // Hand check at IoU 0.5: "mass" is found by its top detection (IoU 750/1050) → AP 1; "nodule"
    // ranks FP, TP, TP, FP over 3 boxes → precision 2/3 up to recall 2/3, i.e. at 67 of the 101
    // recall thresholds → AP 67·(2/3)/101.
    expect(expected.map50_coco).toBeCloseTo((1 + (67 * (2 / 3)) / 101) / 2, 12);
    for (const [name, content] of [
      ['pred.json', JSON.stringify(RESULTS)],
      ['pred.csv', csv],
    ] as const) {
      const result = await scoreSubmissionFile({
        taskType: 'detection',
        taskConfig: { maxBootstrapReplicates: 50 },
        metrics: getTaskType('detection').defaultMetrics(getTaskType('detection').parseConfig({})),
        file: { path: write(name, content), name },
        testSets: [await testSet()],
        bootstrapReplicates: 1000,
      });
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      const { metrics, notes } = result.evaluations[0]!;
      for (const [key, value] of Object.entries(expected)) expect(metrics[key]!.value).toBe(value);
      // CIs: 50 replicates (the cap), images resampled and the evaluation re-run on each.
      const indices = bootstrapIndices(4, 50, 11);
      const replicates = Float64Array.from({ length: 50 }, (_, b) => {
        const rows = [...indices.subarray(4 * b, 4 * b + 4)];
        return cocoMapScore({
          images: rows.map((_, j) => ({ id: j })),
          categories: DATASET.categories,
          groundTruth: rows.flatMap((r, j) =>
            DATASET.groundTruth
              .filter((g) => g.imageId === r + 1)
              .map((g) => ({ ...g, imageId: j })),
          ),
          predictions: rows.flatMap((r, j) =>
            DATASET.predictions
              .filter((p) => p.imageId === r + 1)
              .map((p) => ({ ...p, imageId: j })),
          ),
        });
      });
      const ci = percentileBootstrapCi(replicates);
      expect(metrics.map_coco_50_95!.ci).toEqual(ci.ci);
      expect(metrics.map_coco_50_95!.ciExcludedReplicates).toBe(ci.excludedCount);
      expect(notes).toContain(
        'CIs use 50 bootstrap replicates over images (each re-runs the full evaluation); the track caps them at 50',
      );
    }
  });

  it('fails predictions for unknown images or categories with the entry named', async () => {
    const result = await scoreSubmissionFile({
      taskType: 'detection',
      taskConfig: { categories: { 1: 'nodule', 2: 'mass' } },
      metrics: ['map50_coco'],
      file: {
        path: write(
          'bad.json',
          JSON.stringify([
            { image_id: 9, category_id: 1, bbox: [0, 0, 1, 1], score: 1 },
            { image_id: 1, category_id: 3, bbox: [0, 0, 1, 1], score: 1 },
          ]),
        ),
        name: 'bad.json',
      },
      testSets: [await testSet({ categories: { 1: 'nodule', 2: 'mass' } })],
      bootstrapReplicates: 0,
    });
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { caseId: '9', message: '[0]: unknown image_id 9 (not an image of this test set)' },
        { caseId: '1', message: '[1]: unknown category_id 3; known: "1", "2"' },
      ],
    });
  });

  it('ignores, and notes, detections of a category without ground truth when the track lists none', async () => {
    const result = await scoreSubmissionFile({
      taskType: 'detection',
      taskConfig: {},
      metrics: ['map50_coco', 'froc_mean_sensitivity'],
      file: {
        path: write(
          'extra.json',
          JSON.stringify([
            ...RESULTS,
            { image_id: 1, category_id: 7, bbox: [0, 0, 5, 5], score: 0.99 },
          ]),
        ),
        name: 'extra.json',
      },
      testSets: [await testSet()],
      bootstrapReplicates: 0,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.evaluations[0]!.metrics.map50_coco!.value).toBe(cocoMap50Score(DATASET));
    expect(result.evaluations[0]!.metrics.froc_mean_sensitivity!.value).toBe(frocScore(DATASET));
    expect(result.evaluations[0]!.notes).toContain(
      '1 of 7 detections have a category without ground truth in this test set and are ignored, as pycocotools does',
    );
  });

  it('refuses ground truth with categories outside the track and bad configs', async () => {
    const task = getTaskType('detection');
    const truth = await task.parseGroundTruth(
      write('t2.json', JSON.stringify(COCO)),
      task.parseConfig({ categories: { 1: 'nodule' } }),
    );
    expect(truth).toMatchObject({
      ok: false,
      issues: [{ message: "category id 2 is not one of the track's categories (1)" }],
    });
    expect(() => task.parseConfig({ frocHitCriterion: 'overlap' })).toThrow(
      'frocHitCriterion must be "iou" or "center-in-box"',
    );
  });
});
