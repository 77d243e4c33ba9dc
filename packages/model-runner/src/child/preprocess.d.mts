import type { ModelInputContract } from '@medrank/task-contracts/config';

/** A decoded case: HWC values as stored (0–255 for 8-bit PNG). */
export interface CaseImage {
  height: number;
  width: number;
  channels: number;
  data: Float64Array;
}

/** A failure tied to the case being read. */
export declare class CaseInputError extends Error {}

export declare function parseNpy(bytes: Uint8Array): {
  shape: number[];
  descr: string;
  values: Float64Array;
};

export declare function decodeCaseImage(bytes: Uint8Array, fileName: string): CaseImage;

export declare function resizeBilinear(image: CaseImage, height: number, width: number): CaseImage;

export declare function imageToTensor(
  image: CaseImage,
  input: ModelInputContract,
): { data: Float32Array | Uint8Array; dims: number[] };

/** A decoded NIfTI-1 volume: channels-first values, `data[((c·D + z)·H + y)·W + x]`. */
export interface CaseVolume {
  depth: number;
  height: number;
  width: number;
  channels: number;
  data: Float32Array;
  /** Voxel spacing in mm, [z, y, x] (the header's pixdim[3], [2], [1]). */
  spacingMm: [number, number, number];
}

export declare function decodeCaseVolume(
  bytes: Uint8Array,
  fileName: string,
  maxBytes?: number,
): CaseVolume;

export declare function resizeTrilinear(
  volume: CaseVolume,
  depth: number,
  height: number,
  width: number,
): CaseVolume;

export declare function volumeToTensor(
  volume: CaseVolume,
  input: ModelInputContract,
): { data: Float32Array | Uint8Array; dims: number[] };
