// @medrank/model-runner: checks and runs submitted ONNX models for tracks that take them
// (docs/model-submissions.md). What the worker calls:
// - checkModelSignature(file, track) at upload: size, ONNX bytes, names/shapes/types against the
//   track's `model` contract (from @medrank/task-contracts/config);
// - runModel({ modelPath, track, inputsZip, caseIds }) for a run: the predictions CSV the scoring
//   path reads, per-case inference time, peak memory, and whether the network was isolated;
// - both throw ModelRunFailure (kind + a message fit for the submitter, + caseId).
// The model always runs in a child process (`[unshare -n] prlimit --as … node model-child.mjs`)
// with an RSS watchdog and per-case/total timers. The child script is the package export
// `@medrank/model-runner/child` (MODEL_CHILD_ENTRY); pass `childEntry` if a deployment moves it.
export {
  checkModelSignature,
  signatureMismatches,
  type ModelSignature,
  type ModelTrack,
} from './check-model-signature.js';
export { runModel, type ModelRun, type ModelRunCase, type RunModelOptions } from './run-model.js';
export { ModelRunFailure, type ModelRunFailureKind } from './model-run-failure.js';
export { predictionsCsv, outputToProbabilities } from './outputs/output-to-probabilities.js';
export { detectNetworkIsolation, type NetworkIsolation } from './sandbox/network-isolation.js';
export { probeSandboxNetwork, type NetworkProbeResult } from './sandbox/probe-sandbox-network.js';
export { MODEL_CHILD_ENTRY } from './sandbox/run-model-process.js';
export { readNpz, type NpyArray } from './inputs/read-npz.js';
export { decodeCaseImage, imageToTensor, parseNpy, type CaseImage } from './child/preprocess.mjs';
