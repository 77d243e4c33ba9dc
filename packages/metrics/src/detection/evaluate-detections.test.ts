import { describe, expect, it } from 'vitest';
import type { BoxXyxy, DetectionDataset } from './detection-dataset.js';
import {
  COCO_IOU_THRESHOLDS,
  COCO_RECALL_THRESHOLDS,
  cocoMap50Score,
  cocoMapScore,
  evaluateCoco,
} from './evaluate-coco.js';
import { evaluateFroc, frocScore } from './evaluate-froc.js';
import { evaluateVoc, vocMap50Score } from './evaluate-voc.js';

const gt = (imageId: number, bbox: BoxXyxy, categoryId = 1) => ({ imageId, categoryId, bbox });
const pred = (imageId: number, bbox: BoxXyxy, score: number, categoryId = 1) => ({
  imageId,
  categoryId,
  bbox,
  score,
});
const dataset = (partial: Partial<DetectionDataset>): DetectionDataset => ({
  images: [{ id: 1 }, { id: 2 }],
  categories: [{ id: 1 }],
  groundTruth: [],
  predictions: [],
  ...partial,
});

// Two lesions in image 1; ranked predictions: hit, miss, hit.
const A: BoxXyxy = [0, 0, 10, 10],
  B: BoxXyxy = [20, 20, 30, 30];
const twoHitsOneMiss = dataset({
  groundTruth: [gt(1, A), gt(1, B)],
  predictions: [pred(1, A, 0.9), pred(2, [50, 50, 60, 60], 0.8), pred(1, B, 0.7)],
});

describe('evaluateCoco', () => {
  it('interpolates precision at the 101 recall points (hand-computed AP)', () => {
    // recall [.5, .5, 1], precision [1, .5, 2/3] → envelope [1, 2/3, 2/3]:
    // 51 recall points (0 … 0.50) read 1, the other 50 read 2/3.
    const eps = Number.EPSILON;
    const expected = (51 / (1 + eps) + 50 * (2 / (3 + eps))) / 101;
    expect(cocoMap50Score(twoHitsOneMiss)).toBeCloseTo(expected, 14);
    expect(cocoMapScore(twoHitsOneMiss)).toBeCloseTo(expected, 14); // exact boxes match at every threshold
  });

  it('makes precision monotone before reading it (envelope from the right)', () => {
    // Ranked: hit, miss, hit, hit on 3 lesions: recall [1/3, 1/3, 2/3, 1], precision [1, 1/2, 2/3, 3/4].
    // Recall points in (1/3, 2/3] read the envelope 3/4, not the raw 2/3.
    const C: BoxXyxy = [40, 40, 50, 50];
    const d = dataset({
      groundTruth: [gt(1, A), gt(1, B), gt(1, C)],
      predictions: [pred(1, A, 0.9), pred(2, A, 0.8), pred(1, B, 0.7), pred(1, C, 0.6)],
    });
    const eps = Number.EPSILON;
    // j = 0..33 → index 0 (precision 1), j = 34..100 → envelope 3/4 (rc ≥ j·0.01 first at 2/3 or 1).
    const expected = (34 / (1 + eps) + 67 * (3 / (4 + eps))) / 101;
    expect(cocoMap50Score(d)).toBeCloseTo(expected, 14);
    // VOC's all-point AP uses the same envelope: 1/3·1 + 1/3·3/4 + 1/3·3/4.
    expect(vocMap50Score(d)).toBeCloseTo((1 + 0.75 + 0.75) / 3, 15);
  });

  it('counts the thresholds a match passes (IoU 0.9 passes 9 of 10)', () => {
    const d = dataset({
      groundTruth: [gt(1, [0, 0, 10, 10])],
      predictions: [pred(1, [0, 0, 10, 9], 0.9)],
    });
    const result = evaluateCoco(d);
    expect(result.meanAveragePrecision).toBeCloseTo(0.9, 14);
    expect(result.averagePrecisionByIou.map((ap) => Math.round(ap))).toEqual([
      1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    ]);
  });

  it('matches each detection to the best unmatched box with IoU >= threshold (0.5 exactly counts)', () => {
    const d = dataset({
      groundTruth: [gt(1, [0, 0, 2, 1])],
      predictions: [pred(1, [0, 0, 1, 1], 0.9)],
    });
    expect(cocoMap50Score(d)).toBeCloseTo(1, 14);
    // A duplicate on an already-matched box is a false positive, but a second box is found.
    const dup = dataset({
      groundTruth: [gt(1, A), gt(1, [0, 0, 10, 12])],
      predictions: [pred(1, A, 0.9), pred(1, A, 0.8)],
    });
    expect(cocoMap50Score(dup)).toBeCloseTo(1, 14);
  });

  it('keeps at most maxDetections per image and category, highest scores first', () => {
    const d = dataset({
      groundTruth: [gt(1, A), gt(1, B)],
      predictions: [pred(1, B, 0.5), pred(1, A, 0.9), pred(1, [40, 40, 41, 41], 0.7)],
    });
    const full = evaluateCoco(d, { iouThresholds: [0.5] });
    const one = evaluateCoco(d, { iouThresholds: [0.5], maxDetections: 1 });
    expect(full.recall[0]).toBe(1);
    expect(one.recall[0]).toBe(0.5);
  });

  it('leaves categories without ground truth out (−1) and scores a missed category 0', () => {
    const d = dataset({
      categories: [{ id: 1 }, { id: 2 }, { id: 3 }],
      groundTruth: [gt(1, A), gt(2, B, 3)],
      predictions: [pred(1, A, 0.9), pred(1, B, 0.8, 2)],
    });
    const result = evaluateCoco(d, { iouThresholds: [0.5] });
    expect(result.precision[1]).toBe(-1); // [t=0][r=0][k=1]
    expect(
      [...result.averagePrecisionByCategory.values()].map((v) => (Number.isNaN(v) ? 'NaN' : v)),
    ).toEqual([expect.closeTo(1, 12), 'NaN', 0]);
    expect(result.meanAveragePrecision).toBeCloseTo(0.5, 12);
    expect(Number.isNaN(cocoMap50Score(dataset({})))).toBe(true);
  });

  it("applies COCO's area range 'all' [0, 1e10]: larger boxes are ignored, not scored", () => {
    const huge: BoxXyxy = [0, 0, 1.2e5, 1.2e5]; // area 1.44e10
    // An unmatched huge detection is ignored rather than a false positive.
    const d1 = dataset({
      groundTruth: [gt(1, A)],
      predictions: [pred(1, huge, 0.95), pred(1, A, 0.9)],
    });
    expect(cocoMap50Score(d1)).toBeCloseTo(1, 14);
    // A huge ground-truth box is not counted, and a detection matched to a regular box never
    // moves on to an ignored one, even with a higher IoU (pycocotools' break rule).
    const d2 = dataset({
      groundTruth: [gt(1, huge), gt(1, A)],
      predictions: [pred(1, [0, 0, 1e5, 1e5], 0.9)],
    });
    const result = evaluateCoco(d2, { iouThresholds: [1e-12] });
    expect(result.recall[0]).toBe(1);
    expect(result.meanAveragePrecision).toBeCloseTo(1, 14);
  });

  it('uses the linspace thresholds: j·0.01 and i·(0.45/9) + 0.5, not j/100 or 0.5 + 0.05i', () => {
    expect(COCO_RECALL_THRESHOLDS).toHaveLength(101);
    expect(COCO_RECALL_THRESHOLDS[35]).toBe(0.35000000000000003);
    expect(COCO_RECALL_THRESHOLDS[35]).not.toBe(35 / 100);
    expect(COCO_IOU_THRESHOLDS[8]).toBe(0.8999999999999999);
    expect(COCO_IOU_THRESHOLDS[7]).toBe(0.85);
  });

  it('throws RangeError on unknown ids, bad boxes, scores or options', () => {
    expect(() => cocoMap50Score(dataset({ predictions: [pred(9, A, 0.5)] }))).toThrow(RangeError);
    expect(() => cocoMap50Score(dataset({ groundTruth: [gt(1, A, 7)] }))).toThrow(RangeError);
    expect(() => cocoMap50Score(dataset({ groundTruth: [gt(1, [5, 0, 1, 1])] }))).toThrow(
      RangeError,
    );
    expect(() => cocoMap50Score(dataset({ predictions: [pred(1, A, Number.NaN)] }))).toThrow(
      RangeError,
    );
    expect(() => evaluateCoco(twoHitsOneMiss, { iouThresholds: [1.5] })).toThrow(RangeError);
    expect(() => evaluateCoco(twoHitsOneMiss, { maxDetections: 0 })).toThrow(RangeError);
  });
});

describe('evaluateVoc', () => {
  it('computes all-point AP (hand-computed: 0.5·1 + 0.5·2/3)', () => {
    const result = evaluateVoc(twoHitsOneMiss);
    expect(result.meanAveragePrecision).toBeCloseTo(0.5 + 1 / 3, 15);
    expect(result.perClass[0]).toMatchObject({
      truePositives: 2,
      groundTruthCount: 2,
      detectionCount: 3,
    });
    expect(vocMap50Score(twoHitsOneMiss)).toBe(result.meanAveragePrecision);
  });

  it('requires IoU > 0.5 strictly, unlike COCO', () => {
    const d = dataset({
      groundTruth: [gt(1, [0, 0, 2, 1])],
      predictions: [pred(1, [0, 0, 1, 1], 0.9)],
    });
    expect(vocMap50Score(d)).toBe(0);
    expect(cocoMap50Score(d)).toBeCloseTo(1, 14);
  });

  it('counts a detection whose best-IoU box is taken as a false positive, even if another box qualifies', () => {
    // Second detection overlaps A best (taken) and A2 enough; VOC calls it FP, COCO matches A2.
    const A2: BoxXyxy = [0, 0, 10, 12];
    const d = dataset({
      groundTruth: [gt(1, A), gt(1, A2)],
      predictions: [pred(1, A, 0.9), pred(1, [0, 0, 10, 10.5], 0.8)],
    });
    expect(evaluateVoc(d).perClass[0]?.truePositives).toBe(1);
    expect(cocoMap50Score(d)).toBeCloseTo(1, 14);
  });

  it('gives NaN for a class without ground truth and leaves it out of the mean', () => {
    const d = dataset({
      categories: [{ id: 1 }, { id: 2 }],
      groundTruth: [gt(1, A)],
      predictions: [pred(1, A, 0.9, 2)],
    });
    const result = evaluateVoc(d);
    expect(result.perClass[0]?.averagePrecision).toBe(0);
    expect(result.perClass[1]?.averagePrecision).toBeNaN();
    expect(result.meanAveragePrecision).toBe(0);
  });
});

describe('evaluateFroc', () => {
  // Four images, three lesions; ranked outcomes: hit (.9), FP (.8), hit (.7), FP (.6), FP (.5).
  const froc = dataset({
    images: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
    groundTruth: [gt(1, A), gt(2, A), gt(3, A)],
    predictions: [
      pred(1, A, 0.9),
      pred(4, B, 0.8),
      pred(2, [0, 0, 10, 9], 0.7),
      pred(3, B, 0.6),
      pred(1, A, 0.5), // duplicate on an already-found lesion
    ],
  });

  it('reads the best sensitivity within each false-positive budget', () => {
    const result = evaluateFroc(froc, { fpRates: [0, 0.25, 0.5, 0.75, 1] });
    // operating points (FP/image, sensitivity): (0,0) (0,1/3) (.25,1/3) (.25,2/3) (.5,2/3) (.75,2/3)
    expect(result.sensitivities).toEqual([1 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3]);
    expect(Array.from(result.curve.fpPerImage)).toEqual([0, 0, 0.25, 0.25, 0.5, 0.75]);
  });

  it('can ignore duplicate hits and use a centre-in-box criterion', () => {
    const ignored = evaluateFroc(froc, { fpRates: [0.5, 0.75], duplicateHits: 'ignore' });
    expect(Array.from(ignored.curve.fpPerImage)).toEqual([0, 0, 0.25, 0.25, 0.5]);
    // A small box centred in the lesion: IoU 0.04 misses, the centre criterion hits.
    const small = dataset({ groundTruth: [gt(1, A)], predictions: [pred(1, [4, 4, 6, 6], 0.9)] });
    expect(frocScore(small)).toBe(0);
    expect(frocScore(small, { hitCriterion: 'center-in-box' })).toBe(1);
  });

  it('averages the seven default rates and groups tied scores into one threshold', () => {
    const tied = dataset({
      images: [{ id: 1 }, { id: 2 }],
      groundTruth: [gt(1, A)],
      predictions: [pred(1, A, 0.9), pred(2, B, 0.9)], // the hit first: ungrouped it would count at 0 FP
    });
    // One threshold: 1 hit and 0.5 FP/image together; nothing below 1/2 FP per image.
    expect(evaluateFroc(tied).sensitivities).toEqual([0, 0, 1, 1, 1, 1, 1]);
    expect(frocScore(tied)).toBeCloseTo(5 / 7, 15);
  });

  it('requires the same class for a hit and rejects bad options', () => {
    const wrongClass = dataset({
      categories: [{ id: 1 }, { id: 2 }],
      groundTruth: [gt(1, A)],
      predictions: [pred(1, A, 0.9, 2)],
    });
    expect(frocScore(wrongClass)).toBe(0);
    expect(() => evaluateFroc(froc, { iouThreshold: 0 })).toThrow(RangeError);
    expect(() => evaluateFroc(froc, { fpRates: [] })).toThrow(RangeError);
  });
});
