import type { SegmentationModelTrack } from './check-model-signature.js';
import { ModelRunFailure } from './model-run-failure.js';
import { encodeMaskPng, maskFileName, outputToLabelMask } from './outputs/output-to-mask.js';
import { runModelOnCases, type ModelRunRecord, type RunModelOptions } from './run-model.js';

/** One case's predicted mask: `<case_id>.png` in the predictions zip. */
export interface CaseMask {
  caseId: string;
  /** Grayscale PNG (8-bit, or 16-bit when a label passes 255) of the case image's size. */
  png: Buffer;
}

export interface SegmentationModelRun extends ModelRunRecord {
  /** One mask per case, in run order; maskPredictionsZip packs them for the scorer. */
  masks: CaseMask[];
}

const VOLUME_FILE = /\.nii(\.gz)?$/i;

/**
 * Runs a segmentation model (2D) on a test set's inputs like {@link runModel}, turning each
 * case's output into a label mask of the case image's own size (argmax of class scores, or the
 * output's labels; resized back by nearest neighbour when the contract resized the input:
 * outputToLabelMask) written as a grayscale PNG. Before the model process starts, it refuses
 * NIfTI inputs (3D volumes are not run) and case ids that cannot name a `<case_id>.png` mask.
 * @throws {ModelRunFailure} as runModel, plus `input` for a NIfTI case and the output kinds
 *   naming the case only (no value, shape or position: SECURITY.md, model runs).
 */
export async function runSegmentationModel(
  options: RunModelOptions<SegmentationModelTrack>,
): Promise<SegmentationModelRun> {
  const { track } = options;
  const masks: CaseMask[] = [];
  const record = await runModelOnCases(options, {
    outputTransport: 'float64-base64',
    checkCases: (cases) => {
      for (const { caseId, fileName } of cases) {
        if (VOLUME_FILE.test(fileName))
          throw new ModelRunFailure(
            'input',
            `case ${caseId}: its input ${fileName} is a NIfTI volume; segmentation model runs read 2D images (PNG, NPY) only, 3D volumes are not supported`,
            caseId,
          );
        const file = maskFileName(caseId);
        if (!file.ok)
          throw new ModelRunFailure(
            'inputs',
            `test inputs: case "${caseId}" cannot be named as a mask file <case_id>.png: ${file.reason}`,
            caseId,
          );
      }
    },
    onCase: (event, { caseId }) => {
      const bytes = Buffer.from(event.data ?? '', 'base64');
      if (event.imageSize === undefined || bytes.byteLength % 8 !== 0)
        throw new ModelRunFailure(
          'crash',
          `the model process sent an unreadable output for case ${caseId}`,
          caseId,
        );
      // A copy, aligned for Float64Array whatever the Buffer's offset in its pool.
      const values = new Float64Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      );
      const mask = outputToLabelMask(event.dims, values, track, caseId, event.imageSize);
      masks.push({ caseId, png: encodeMaskPng(mask, track.labels) });
    },
  });
  return { masks, ...record };
}
