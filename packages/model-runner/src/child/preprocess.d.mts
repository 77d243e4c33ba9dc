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
