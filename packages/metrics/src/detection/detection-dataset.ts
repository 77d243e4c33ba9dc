/** Axis-aligned box [x1, y1, x2, y2] in continuous pixel coordinates (x2 ≥ x1, y2 ≥ y1). */
export type BoxXyxy = readonly [number, number, number, number];

export interface DetectionGroundTruth {
  readonly imageId: number;
  readonly categoryId: number;
  readonly bbox: BoxXyxy;
}

export interface DetectionPrediction extends DetectionGroundTruth {
  /** Confidence; higher ranks first. */
  readonly score: number;
}

/** Parsed detection benchmark: every id referenced by a box must be listed. */
export interface DetectionDataset {
  readonly images: readonly { readonly id: number }[];
  readonly categories: readonly { readonly id: number; readonly name?: string }[];
  readonly groundTruth: readonly DetectionGroundTruth[];
  readonly predictions: readonly DetectionPrediction[];
}

/** Boxes of one (category, image) cell, in input order. Internal. */
export interface Cell {
  readonly groundTruth: DetectionGroundTruth[];
  readonly predictions: DetectionPrediction[];
}

/**
 * The dataset grouped by category and image, both in ascending id order (pycocotools evaluates
 * `sorted(getImgIds())` × `sorted(getCatIds())`), boxes in input order. Internal.
 */
export interface IndexedDataset {
  readonly imageIds: readonly number[];
  readonly categoryIds: readonly number[];
  /** cells[categoryIndex * imageIds.length + imageIndex], undefined when empty. */
  readonly cells: readonly (Cell | undefined)[];
  readonly groundTruthPerCategory: readonly number[];
}

function checkBox(caller: string, what: string, index: number, bbox: BoxXyxy): void {
  const [x1, y1, x2, y2] = bbox;
  if (bbox.length !== 4 || ![x1, y1, x2, y2].every(Number.isFinite) || x2 < x1 || y2 < y1) {
    throw new RangeError(
      `${caller}: ${what}[${index}].bbox must be finite [x1, y1, x2, y2] with x2 >= x1, y2 >= y1 (got [${bbox.join(', ')}])`,
    );
  }
}

/**
 * Validates and groups the dataset.
 * @throws {RangeError} on duplicate image/category ids, a box referring to an unknown image or
 *   category, a malformed box or a non-finite score.
 */
export function indexDetectionDataset(caller: string, dataset: DetectionDataset): IndexedDataset {
  const imageIds = dataset.images.map((im) => im.id).sort((a, b) => a - b);
  const categoryIds = dataset.categories.map((c) => c.id).sort((a, b) => a - b);
  const imageIndex = new Map(imageIds.map((id, i) => [id, i]));
  const categoryIndex = new Map(categoryIds.map((id, i) => [id, i]));
  if (imageIndex.size !== imageIds.length) throw new RangeError(`${caller}: duplicate image ids`);
  if (categoryIndex.size !== categoryIds.length)
    throw new RangeError(`${caller}: duplicate category ids`);
  const cells: (Cell | undefined)[] = new Array<Cell | undefined>(
    imageIds.length * categoryIds.length,
  );
  const groundTruthPerCategory = categoryIds.map(() => 0);
  const cellOf = (what: string, index: number, box: DetectionGroundTruth): Cell => {
    const im = imageIndex.get(box.imageId);
    const cat = categoryIndex.get(box.categoryId);
    if (im === undefined)
      throw new RangeError(`${caller}: ${what}[${index}] refers to unknown image ${box.imageId}`);
    if (cat === undefined) {
      throw new RangeError(
        `${caller}: ${what}[${index}] refers to unknown category ${box.categoryId}`,
      );
    }
    checkBox(caller, what, index, box.bbox);
    const key = cat * imageIds.length + im;
    let cell = cells[key];
    if (cell === undefined) {
      cell = { groundTruth: [], predictions: [] };
      cells[key] = cell;
    }
    return cell;
  };
  dataset.groundTruth.forEach((g, i) => {
    cellOf('groundTruth', i, g).groundTruth.push(g);
    const cat = categoryIndex.get(g.categoryId) as number;
    groundTruthPerCategory[cat] = (groundTruthPerCategory[cat] as number) + 1;
  });
  dataset.predictions.forEach((p, i) => {
    if (!Number.isFinite(p.score))
      throw new RangeError(`${caller}: predictions[${i}].score must be finite (got ${p.score})`);
    cellOf('predictions', i, p).predictions.push(p);
  });
  return { imageIds, categoryIds, cells, groundTruthPerCategory };
}

/** Stable sort by descending score (numpy argsort(-score, kind='mergesort'/'stable')). */
export function byScoreDescending<T extends { readonly score: number }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => b.item.score - a.item.score || a.i - b.i)
    .map(({ item }) => item);
}
