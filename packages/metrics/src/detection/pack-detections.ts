import type { DetectionDataset } from './detection-dataset.js';

/**
 * The dataset as flat typed arrays grouped by (category, image) cell, category-major, both in
 * ascending id order (pycocotools evaluates sorted(getImgIds()) × sorted(getCatIds())), boxes in
 * input order inside a cell (stable counting sort). Boxes stay [x1, y1, x2, y2]. Internal.
 */
export interface PackedDetections {
  readonly imageIds: readonly number[];
  readonly categoryIds: readonly number[];
  /** Cell c = categoryIndex · images + imageIndex holds ground truth gtStart[c] … gtStart[c+1]−1. */
  readonly gtStart: Int32Array;
  readonly gtBoxes: Float64Array;
  readonly predStart: Int32Array;
  readonly predBoxes: Float64Array;
  readonly predScores: Float64Array;
  /** Position of each packed prediction in `dataset.predictions` (for input-order tie-breaks). */
  readonly predInputIndex: Int32Array;
}

/**
 * Validates and packs the dataset.
 * @throws {RangeError} on duplicate image/category ids, a box referring to an unknown image or
 *   category, a malformed box (non-finite, or x2 < x1, y2 < y1) or a non-finite score.
 */
export function packDetections(caller: string, dataset: DetectionDataset): PackedDetections {
  const imageIds = dataset.images.map((im) => im.id).sort((a, b) => a - b);
  const categoryIds = dataset.categories.map((c) => c.id).sort((a, b) => a - b);
  const imageIndex = new Map(imageIds.map((id, i) => [id, i]));
  const categoryIndex = new Map(categoryIds.map((id, k) => [id, k]));
  if (imageIndex.size !== imageIds.length) throw new RangeError(`${caller}: duplicate image ids`);
  if (categoryIndex.size !== categoryIds.length) {
    throw new RangeError(`${caller}: duplicate category ids`);
  }
  const images = imageIds.length;
  const cellCount = images * categoryIds.length;

  const pack = (
    what: 'groundTruth' | 'predictions',
    boxes: readonly { imageId: number; categoryId: number; bbox: readonly number[] }[],
  ) => {
    const cells = new Int32Array(boxes.length);
    const start = new Int32Array(cellCount + 1);
    boxes.forEach((box, i) => {
      const im = imageIndex.get(box.imageId);
      const k = categoryIndex.get(box.categoryId);
      if (im === undefined) {
        throw new RangeError(`${caller}: ${what}[${i}] refers to unknown image ${box.imageId}`);
      }
      if (k === undefined) {
        throw new RangeError(
          `${caller}: ${what}[${i}] refers to unknown category ${box.categoryId}`,
        );
      }
      const [x1, y1, x2, y2] = box.bbox as [number, number, number, number];
      const isValid =
        box.bbox.length === 4 &&
        Number.isFinite(x1) &&
        Number.isFinite(y1) &&
        Number.isFinite(x2) &&
        Number.isFinite(y2) &&
        x2 >= x1 &&
        y2 >= y1;
      if (!isValid) {
        throw new RangeError(
          `${caller}: ${what}[${i}].bbox must be finite [x1, y1, x2, y2] with x2 >= x1, y2 >= y1 (got [${box.bbox.join(', ')}])`,
        );
      }
      const c = k * images + im;
      cells[i] = c;
      start[c + 1] = (start[c + 1] as number) + 1;
    });
    for (let c = 0; c < cellCount; c++)
      start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const fill = start.slice(0, cellCount);
    const packed = new Float64Array(4 * boxes.length);
    const slots = new Int32Array(boxes.length);
    boxes.forEach((box, i) => {
      const c = cells[i] as number;
      const slot = fill[c] as number;
      fill[c] = slot + 1;
      slots[i] = slot;
      packed.set(box.bbox as [number, number, number, number], 4 * slot);
    });
    return { start, packed, slots };
  };
  const gt = pack('groundTruth', dataset.groundTruth);
  const pred = pack('predictions', dataset.predictions);
  const predScores = new Float64Array(dataset.predictions.length);
  const predInputIndex = new Int32Array(dataset.predictions.length);
  dataset.predictions.forEach((p, i) => {
    if (!Number.isFinite(p.score)) {
      throw new RangeError(`${caller}: predictions[${i}].score must be finite (got ${p.score})`);
    }
    const slot = pred.slots[i] as number;
    predScores[slot] = p.score;
    predInputIndex[slot] = i;
  });
  return {
    imageIds,
    categoryIds,
    gtStart: gt.start,
    gtBoxes: gt.packed,
    predStart: pred.start,
    predBoxes: pred.packed,
    predScores,
    predInputIndex,
  };
}

/** Ground-truth boxes per category index. */
export function groundTruthPerCategory(packed: PackedDetections): number[] {
  const images = packed.imageIds.length;
  return packed.categoryIds.map(
    (_, k) => (packed.gtStart[(k + 1) * images] as number) - (packed.gtStart[k * images] as number),
  );
}
