import { isVolumeInput } from '@medrank/task-contracts/config';
import type { SegmentationModelTrack } from './check-model-signature.js';
import { ModelRunFailure } from './model-run-failure.js';
import {
  encodeMaskNifti,
  encodeMaskPng,
  maskExtensionOf,
  maskFileName,
  outputToLabels,
  type CaseMask,
} from './outputs/output-to-mask.js';
import { runModelOnCases, type ModelRunRecord, type RunModelOptions } from './run-model.js';

export type { CaseMask } from './outputs/output-to-mask.js';

export interface SegmentationModelRun extends ModelRunRecord {
  /** One mask per case, in run order; maskPredictionsZip packs them for the scorer. */
  masks: CaseMask[];
}

const VOLUME_FILE = /\.nii(\.gz)?$/i;

/**
 * Runs a segmentation model on a test set's inputs like {@link runModel}, turning each case's
 * output into labels of the case's own size (argmax of class scores, or the output's labels;
 * resized back by nearest neighbour when the contract resized the input: outputToLabels):
 * - a 2D track (input [N, C, H, W] / [N, H, W, C]) reads PNG/NPY images and writes one
 *   grayscale `<case_id>.png` per case;
 * - a 3D track (input [N, C, D, H, W]) reads NIfTI-1 volumes and writes one `<case_id>.nii.gz`
 *   with the input volume's voxel spacing.
 * Before the model process starts, it refuses inputs of the other kind (a NIfTI case on a 2D
 * track, an image on a 3D one) and case ids that cannot name a mask file.
 * @throws {ModelRunFailure} as runModel, plus `input` for a case of the wrong kind and the
 *   output kinds naming the case only (no value, shape or position: SECURITY.md, model runs).
 */
export async function runSegmentationModel(
  options: RunModelOptions<SegmentationModelTrack>,
): Promise<SegmentationModelRun> {
  const { track } = options;
  const isVolume = isVolumeInput(track.model.input);
  const extension = maskExtensionOf(track);
  const masks: CaseMask[] = [];
  const fileNames = new Map<string, string>();
  const record = await runModelOnCases(options, {
    outputTransport: 'float64-base64',
    checkCases: (cases) => {
      for (const { caseId, fileName } of cases) {
        if (VOLUME_FILE.test(fileName) !== isVolume)
          throw new ModelRunFailure(
            'input',
            isVolume
              ? `case ${caseId}: its input ${fileName} is not a NIfTI volume (.nii or .nii.gz); the track's model takes 3D volumes (input shape [N, C, D, H, W])`
              : `case ${caseId}: its input ${fileName} is a NIfTI volume; the track's model takes 2D images (PNG, NPY); a model for volumes declares a 5-dimensional input shape [N, C, D, H, W]`,
            caseId,
          );
        const file = maskFileName(caseId, extension);
        if (!file.ok)
          throw new ModelRunFailure(
            'inputs',
            `test inputs: case "${caseId}" cannot be named as a mask file <case_id>${extension}: ${file.reason}`,
            caseId,
          );
        fileNames.set(caseId, file.name);
      }
    },
    onCase: (event, { caseId }) => {
      const bytes = Buffer.from(event.data ?? '', 'base64');
      const rank = isVolume ? 3 : 2;
      if (
        event.imageSize?.length !== rank ||
        (isVolume && event.spacingMm === undefined) ||
        bytes.byteLength % 8 !== 0
      )
        throw new ModelRunFailure(
          'crash',
          `the model process sent an unreadable output for case ${caseId}`,
          caseId,
        );
      // A copy, aligned for Float64Array whatever the Buffer's offset in its pool.
      const values = new Float64Array(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      );
      const labels = outputToLabels(event.dims, values, track, caseId, event.imageSize);
      masks.push({
        caseId,
        fileName: fileNames.get(caseId)!,
        data: isVolume
          ? encodeMaskNifti(labels, event.spacingMm!, track.labels)
          : encodeMaskPng(
              { height: labels.size[0]!, width: labels.size[1]!, data: labels.data },
              track.labels,
            ),
      });
    },
  });
  return { masks, ...record };
}
