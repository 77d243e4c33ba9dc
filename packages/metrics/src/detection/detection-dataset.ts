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
