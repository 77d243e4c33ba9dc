/**
 * A label mask as the segmentation metrics take it: voxels in C order (last axis fastest),
 * `shape` and `spacingMm` in the same axis order, 0 = background, every other value a label.
 * NIfTI stores x fastest, so a NIfTI volume of dims (x, y, z) has shape [z, y, x] here; PNG rows
 * give [height, width]. `describeShape` prints the file's own axis order for messages.
 */
export interface LabelImage {
  shape: [number, number] | [number, number, number];
  spacingMm: [number, number] | [number, number, number];
  data: Uint8Array | Uint16Array;
}

/** Either a mask or one message saying what is wrong (the caller adds file/entry/case). */
export type LabelImageResult = { ok: true; value: LabelImage } | { ok: false; message: string };

export interface LabelImageLimits {
  /** Voxels (pixels) per mask. Default 64 Mi (e.g. 512×512×256). */
  maxVoxels?: number;
  /** Bytes a .nii.gz may inflate to. Default 512 MiB. */
  maxDecompressedBytes?: number;
}

export const DEFAULT_LABEL_IMAGE_LIMITS: Required<LabelImageLimits> = {
  maxVoxels: 64 * 1024 * 1024,
  maxDecompressedBytes: 512 * 1024 * 1024,
};

/** Largest label value accepted (Uint16Array). */
export const MAX_LABEL = 65_535;

/** The shape in the file's axis order: x×y×z for volumes, width×height for 2-D images. */
export function describeShape(shape: readonly number[]): string {
  return [...shape].reverse().join('×');
}

/** Packs integer labels 0..65535 into the smallest array (Uint8Array when all are ≤ 255). */
export function packLabels(values: ArrayLike<number>, maxLabel: number): Uint8Array | Uint16Array {
  return maxLabel <= 255 ? Uint8Array.from(values) : Uint16Array.from(values);
}
