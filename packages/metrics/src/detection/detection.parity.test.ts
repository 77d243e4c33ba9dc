// Parity with shared/peers/peer_det.py (py-faster-rcnn voc_eval and pycocotools COCOeval) on the
// seeded peer data; expected values from the peers README §6 and, per class, from the `checks`
// that peer_det.py prints. Generate the data with `bash tools/peers-data.sh`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoxXyxy, DetectionDataset } from './detection-dataset.js';
import { evaluateCoco } from './evaluate-coco.js';
import { evaluateFroc } from './evaluate-froc.js';
import { evaluateVoc } from './evaluate-voc.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const DATA_DIR = process.env.PEERS_DATA_DIR ?? join(REPO_ROOT, '.peers/data');
const FILE = join(DATA_DIR, 'det/det_n5k.json');

const EXPECTED = {
  map50_voc: 0.6954912980631484,
  map50_coco: 0.6931860358183716,
  map_coco_50_95: 0.3708690896766494,
};
const VOC_PER_CLASS = [
  {
    categoryId: 1,
    averagePrecision: 0.7348315008133746,
    truePositives: 5819,
    groundTruthCount: 7500,
    detectionCount: 9050,
  },
  {
    categoryId: 2,
    averagePrecision: 0.739518080193559,
    truePositives: 2526,
    groundTruthCount: 2954,
    detectionCount: 5490,
  },
  {
    categoryId: 3,
    averagePrecision: 0.6121243131825111,
    truePositives: 3078,
    groundTruthCount: 4551,
    detectionCount: 6077,
  },
];
const COCO_AP50_PER_CLASS = [0.7319503296268375, 0.7373127580805277, 0.6102950197477498];

interface RawBox {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
}
let dataset: DetectionDataset;

beforeAll(() => {
  if (!existsSync(FILE)) {
    throw new Error(
      `peer data missing: ${FILE} not found. Run \`bash tools/peers-data.sh\` (or set PEERS_DATA_DIR).`,
    );
  }
  const raw = JSON.parse(readFileSync(FILE, 'utf8')) as {
    images: { id: number }[];
    categories: { id: number; name: string }[];
    ground_truth: RawBox[];
    predictions: (RawBox & { score: number })[];
  };
  const box = (b: RawBox) => ({
    imageId: b.image_id,
    categoryId: b.category_id,
    bbox: b.bbox as BoxXyxy,
  });
  dataset = {
    images: raw.images,
    categories: raw.categories,
    groundTruth: raw.ground_truth.map(box),
    predictions: raw.predictions.map((p) => ({ ...box(p), score: p.score })),
  };
});

const within = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

describe('detection parity with peer_det.py on det_n5k.json', () => {
  it('loads the documented dataset', () => {
    expect(dataset.images).toHaveLength(5000);
    expect(dataset.groundTruth).toHaveLength(15_005);
    expect(dataset.predictions).toHaveLength(20_617);
  });

  it('matches map50_voc within 1e-12 and the VOC true-positive counts per class', () => {
    const voc = evaluateVoc(dataset);
    within(voc.meanAveragePrecision, EXPECTED.map50_voc, 1e-12);
    const counts = (c: (typeof VOC_PER_CLASS)[number]) => [
      c.categoryId,
      c.truePositives,
      c.groundTruthCount,
      c.detectionCount,
    ];
    expect(voc.perClass.map(counts)).toEqual(VOC_PER_CLASS.map(counts));
    voc.perClass.forEach((c, k) =>
      within(c.averagePrecision, VOC_PER_CLASS[k]?.averagePrecision ?? NaN, 1e-12),
    );
  });

  it('matches map50_coco within 1e-12, per class too', () => {
    const coco = evaluateCoco(dataset, { iouThresholds: [0.5] });
    within(coco.meanAveragePrecision, EXPECTED.map50_coco, 1e-12);
    [...coco.averagePrecisionByCategory.values()].forEach((ap, k) =>
      within(ap, COCO_AP50_PER_CLASS[k] ?? NaN, 1e-12),
    );
  });

  it('matches map_coco_50_95 within 1e-12, and its AP50 equals the single-threshold run', () => {
    const coco = evaluateCoco(dataset);
    within(coco.meanAveragePrecision, EXPECTED.map_coco_50_95, 1e-12);
    within(coco.averagePrecisionByIou[0] ?? NaN, EXPECTED.map50_coco, 1e-12);
  });

  it('computes a FROC curve consistent with the VOC/COCO matching counts', () => {
    const froc = evaluateFroc(dataset);
    // Every sensitivity is a fraction of the 15,005 lesions, non-decreasing in the FP budget,
    // and the curve's last point has every prediction counted.
    expect(
      froc.sensitivities.every((s, i) => i === 0 || s >= (froc.sensitivities[i - 1] as number)),
    ).toBe(true);
    const last = froc.curve.fpPerImage.length - 1;
    const hits = Math.round((froc.curve.sensitivity[last] as number) * 15_005);
    const falsePositives = Math.round((froc.curve.fpPerImage[last] as number) * 5000);
    expect(hits + falsePositives).toBe(20_617);
    // Same-class IoU ≥ 0.5 greedy matching without a detection cap finds as many lesions as
    // COCO's matching at 0.5 (no image has more than 100 detections per class).
    const coco = evaluateCoco(dataset, { iouThresholds: [0.5] });
    const cocoHits = [7500, 2954, 4551].reduce(
      (sum, n, k) => sum + Math.round((coco.recall[k] as number) * n),
      0,
    );
    expect(hits).toBe(cocoHits);
  });
});
