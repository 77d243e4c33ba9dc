import { z } from 'zod';
import { misconfigured } from './config-errors.js';

/**
 * What a track asks of a submitted ONNX model (docs/model-submissions.md): the one input tensor
 * the platform feeds, how case images become that tensor, the output tensor it reads and what
 * the output means, and the limits of a run. Declared under `taskConfig.model` of a
 * classification or a (2D) segmentation track; @medrank/model-runner checks a model's signature
 * against it and runs it.
 *
 * @example
 * model:
 *   input: { name: x, shape: [N, 1, 28, 28], layout: NCHW, dtype: float32, scaling: divide255 }
 *   output: { name: probability, values: probabilities }
 */
export interface ModelContract {
  input: ModelInputContract;
  output: ModelOutputContract;
  limits: ModelRunLimits;
}

export interface ModelInputContract {
  /** Name of the model's (single) graph input. */
  name: string;
  /** `['N', …]`: the batch dimension, then C,H,W (NCHW) or H,W,C (NHWC). The platform feeds one case at a time (N = 1). */
  shape: ['N', number, number, number];
  dtype: 'float32' | 'uint8';
  layout: 'NCHW' | 'NHWC';
  /**
   * Intensity scaling applied to the decoded pixel values (0–255 for 8-bit images, the raw
   * values of an NPY array): `none`, `divide255` (x / 255) or `zscore` ((x − mean) / std, one
   * value or one per channel, applied to the raw values).
   */
  scaling: ModelInputScaling;
  /** `none`: an image of another size than H×W is an error; `bilinear`: resized to H×W (half-pixel centres, as PyTorch's align_corners=False). */
  resize: 'none' | 'bilinear';
}

export type ModelInputScaling =
  { kind: 'none' } | { kind: 'divide255' } | { kind: 'zscore'; mean: number[]; std: number[] };

export interface ModelOutputContract {
  /** Name of the graph output the platform reads. */
  name: string;
  /**
   * Classification: `probabilities`, shape [N, k], each row the class probabilities (summing to
   * 1), or, for a binary track, [N, 1] = p(positive class); `logits`, [N, k] turned into
   * probabilities by a softmax, or for a binary track [N, 1] by a sigmoid (the positive class's
   * logit).
   *
   * Segmentation (2D): `logits` or `probabilities`, per-pixel class scores [N, K, H, W] (NCHW
   * input) or [N, H, W, K] (NHWC input) at the input's H×W, reduced to a label mask by an argmax
   * over K (channel 0 is background; channel k is label value k when K − 1 ≥ the largest label
   * value, or the k-th label in ascending order when K = labels + 1); `labels`, the label values
   * themselves, [N, H, W], [N, 1, H, W] (NCHW) or [N, H, W, 1] (NHWC), whole numbers ≥ 0.
   * @medrank/model-runner checks K and the shapes (check-model-signature.ts, output-to-mask.ts).
   */
  values: ModelOutputValues;
}

/** What a model's output holds; `labels` is for segmentation tracks only. */
export type ModelOutputValues = 'probabilities' | 'logits' | 'labels';

export interface ModelRunLimits {
  /** Wall time of one case (decode, preprocess, inference). */
  perCaseMs: number;
  /** Wall time of the whole run, loading included. */
  totalSeconds: number;
  /** Resident memory of the model process (its peak RSS). */
  memoryMb: number;
  /** Size of the uploaded model file. */
  fileMb: number;
}

/** Limits of a track that names none; a track may lower them, or raise them up to MODEL_RUN_LIMIT_MAXIMA. */
export const DEFAULT_MODEL_RUN_LIMITS: Readonly<ModelRunLimits> = {
  perCaseMs: 10_000,
  // 10 min: inside the workers' default job time limit (JOB_TIME_LIMIT_MS, 15 min) with room
  // for scoring; a longer run needs both raised (the worker lowers a budget above its limit).
  totalSeconds: 600,
  memoryMb: 2_048,
  fileMb: 200,
};

/** Upper bounds a track's limits may not pass: one run can slow a worker down, never hold it. */
export const MODEL_RUN_LIMIT_MAXIMA: Readonly<ModelRunLimits> = {
  perCaseMs: 120_000,
  totalSeconds: 6 * 3_600,
  memoryMb: 16_384,
  fileMb: 2_048,
};

const dimension = z.number().int().min(1).max(16_384);
const limit = (key: keyof ModelRunLimits, min: number) =>
  z.number().int().min(min).max(MODEL_RUN_LIMIT_MAXIMA[key]).default(DEFAULT_MODEL_RUN_LIMITS[key]);

const perChannel = z.union([z.number(), z.array(z.number()).min(1).max(4)]);

const scalingSchema = z.union([
  z.enum(['none', 'divide255']).transform((kind) => ({ kind })),
  z
    .object({ zscore: z.object({ mean: perChannel, std: perChannel }).strict() })
    .strict()
    .transform(({ zscore }) => ({
      kind: 'zscore' as const,
      mean: typeof zscore.mean === 'number' ? [zscore.mean] : zscore.mean,
      std: typeof zscore.std === 'number' ? [zscore.std] : zscore.std,
    })),
]);

export const modelContractSchema = z
  .object({
    input: z
      .object({
        name: z.string().min(1).max(200),
        shape: z.tuple([z.literal('N'), dimension, dimension, dimension]),
        dtype: z.enum(['float32', 'uint8']).default('float32'),
        layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
        scaling: scalingSchema.prefault('divide255'),
        resize: z.enum(['none', 'bilinear']).default('none'),
      })
      .strict(),
    output: z
      .object({
        name: z.string().min(1).max(200),
        values: z.enum(['probabilities', 'logits', 'labels']),
      })
      .strict(),
    limits: z
      .object({
        perCaseMs: limit('perCaseMs', 10),
        totalSeconds: limit('totalSeconds', 1),
        memoryMb: limit('memoryMb', 64),
        fileMb: limit('fileMb', 1),
      })
      .strict()
      .default(DEFAULT_MODEL_RUN_LIMITS),
  })
  .strict();

/** The model contract's input as the curator writes it (before defaults). */
export type ModelContractInput = z.input<typeof modelContractSchema>;

/** Channels of an input shape: C of [N,C,H,W] or [N,H,W,C]. */
export function inputChannels(input: Pick<ModelInputContract, 'shape' | 'layout'>): number {
  return input.layout === 'NCHW' ? input.shape[1] : input.shape[3];
}

/** [height, width] of an input shape. */
export function inputSize(input: Pick<ModelInputContract, 'shape' | 'layout'>): [number, number] {
  return input.layout === 'NCHW'
    ? [input.shape[2], input.shape[3]]
    : [input.shape[1], input.shape[2]];
}

const EXAMPLE =
  'e.g. { input: { name: "x", shape: ["N", 1, 28, 28], scaling: "divide255" }, output: { name: "probability", values: "probabilities" } }';

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = ['model', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys')
    return `${at} has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.path.at(-1) === 'shape' || issue.path.includes('shape'))
    return `${at}: the input shape must be ["N", C, H, W] (NCHW) or ["N", H, W, C] (NHWC) with whole dimensions 1–16384, "N" the batch dimension; ${issue.message}`;
  if (issue.path.at(-1) === 'scaling')
    return `${at} must be "none", "divide255" or { zscore: { mean, std } } (one number or one per channel)`;
  return `${at}: ${issue.message}`;
}

/**
 * Validates a track's `model` block. Every error names the key and what was expected.
 * @param taskType the track's task type, for the error message.
 * @throws {AppError} BAD_REQUEST `<taskType> track misconfigured: model.<key> …`
 */
export function parseModelContract(taskType: string, raw: unknown): ModelContract {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw misconfigured(taskType, `model must be an object; ${EXAMPLE}`);
  const parsed = modelContractSchema.safeParse(raw);
  if (!parsed.success)
    throw misconfigured(taskType, parsed.error.issues.map(describeIssue).join('; '));
  const contract = parsed.data as ModelContract;
  if (contract.output.values === 'labels' && taskType !== 'segmentation')
    throw misconfigured(
      taskType,
      'model.output.values "labels" is for segmentation tracks (a label mask per image); a classification model outputs "probabilities" or "logits"',
    );
  const channels = inputChannels(contract.input);
  if (channels !== 1 && channels !== 3)
    throw misconfigured(
      taskType,
      `model.input.shape ${JSON.stringify(contract.input.shape)} has ${channels} channels (${contract.input.layout}); expected 1 (grey) or 3 (RGB)`,
    );
  const { scaling } = contract.input;
  if (scaling.kind === 'zscore') {
    for (const [key, values] of [
      ['mean', scaling.mean],
      ['std', scaling.std],
    ] as const) {
      if (values.length !== 1 && values.length !== channels)
        throw misconfigured(
          taskType,
          `model.input.scaling.zscore.${key} has ${values.length} values; expected 1 or one per channel (${channels})`,
        );
    }
    if (!scaling.std.every((s) => s > 0 && Number.isFinite(s)))
      throw misconfigured(taskType, 'model.input.scaling.zscore.std must be finite and > 0');
    if (!scaling.mean.every(Number.isFinite))
      throw misconfigured(taskType, 'model.input.scaling.zscore.mean must be finite');
  }
  return contract;
}
