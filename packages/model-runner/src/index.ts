// @medrank/model-runner: checks and runs submitted ONNX models for tracks that take them
// (docs/model-submissions.md). What the worker calls:
// - checkModelSignature(file, track) at upload: size, ONNX bytes, names/shapes/types against the
//   track's `model` contract (from @medrank/task-contracts/config);
// - runModel({ modelPath, track, inputsZip, caseIds }) for a run: the predictions CSV the scoring
//   path reads, per-case inference time, peak memory, and whether the network was isolated;
// - runSegmentationModel(same) on a segmentation track: one `<case_id>.png` label mask per case
//   (2D images) or one `<case_id>.nii.gz` label volume (3D, NIfTI inputs), packed by
//   maskPredictionsZip into the zip the segmentation scorer reads;
// - both throw ModelRunFailure (kind + a message fit for the submitter, + caseId).
// The model always runs in a child process (`[unshare -n] prlimit --as … node model-child.mjs`)
// with an RSS watchdog and per-case/total timers. The child script is the package export
// `@medrank/model-runner/child` (MODEL_CHILD_ENTRY); pass `childEntry` if a deployment moves it.
export {
  checkModelSignature,
  isSegmentationModelTrack,
  signatureMismatches,
  type AnyModelTrack,
  type ModelSignature,
  type ModelTrack,
  type SegmentationModelTrack,
} from './check-model-signature.js';
export {
  runModel,
  type ModelRun,
  type ModelRunCase,
  type ModelRunRecord,
  type RunModelOptions,
} from './run-model.js';
export {
  runSegmentationModel,
  type CaseMask,
  type SegmentationModelRun,
} from './run-segmentation-model.js';
export {
  channelLabels,
  encodeMaskNifti,
  encodeMaskPng,
  maskExtensionOf,
  maskFileName,
  maskPredictionsZip,
  outputToLabelMask,
  outputToLabels,
  resizeLabelsNearest,
  resizeMaskNearest,
  type LabelGrid,
  type LabelMask,
} from './outputs/output-to-mask.js';
export { ModelRunFailure, type ModelRunFailureKind } from './model-run-failure.js';
export { predictionsCsv, outputToProbabilities } from './outputs/output-to-probabilities.js';
export { detectNetworkIsolation, type NetworkIsolation } from './sandbox/network-isolation.js';
export { probeSandboxNetwork, type NetworkProbeResult } from './sandbox/probe-sandbox-network.js';
export { MODEL_CHILD_ENTRY } from './sandbox/run-model-process.js';
export { readNpz, type NpyArray } from './inputs/read-npz.js';
export {
  decodeCaseImage,
  decodeCaseVolume,
  imageToTensor,
  parseNpy,
  resizeTrilinear,
  volumeToTensor,
  type CaseImage,
  type CaseVolume,
} from './child/preprocess.mjs';
