/**
 * Why a model was refused or a run stopped. Each kind has one precise message naming the case
 * (when one is at fault), what was found and the limit or expectation; the worker stores the
 * message as the submission's failure and shows it to the submitter. No message carries ground
 * truth: outputs are checked for shape and finiteness only.
 */
export type ModelRunFailureKind =
  /** The file is over the track's `limits.fileMb` (checked before anything parses it). */
  | 'file-too-large'
  /** The bytes are not an ONNX model. */
  | 'not-onnx'
  /** Input or output names, ranks, dimensions or types differ from the track's contract. */
  | 'signature'
  /** onnxruntime could not load the model (unsupported operator, corrupt graph). */
  | 'load'
  /** A case's input file cannot become the contract's tensor (format, size, channels). */
  | 'input'
  /** The test inputs (zip or manifest) are unusable: a curator's problem, not the model's. */
  | 'inputs'
  /** onnxruntime failed while running a case. */
  | 'run'
  | 'case-timeout'
  | 'total-timeout'
  | 'memory'
  /** The model process died of a signal or exited without finishing, not by our hand. */
  | 'crash'
  | 'output-shape'
  | 'output-not-finite'
  /** Probabilities outside [0, 1] or rows that do not sum to 1. */
  | 'output-invalid';

export class ModelRunFailure extends Error {
  override readonly name = 'ModelRunFailure';
  constructor(
    readonly kind: ModelRunFailureKind,
    message: string,
    readonly caseId?: string,
  ) {
    super(message);
  }
}
