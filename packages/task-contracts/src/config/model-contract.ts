import { z } from 'zod';
import { misconfigured } from './config-errors.js';

/**
 * What a track asks of a submitted ONNX model (docs/model-submissions.md): the one input tensor
 * the platform feeds, how case images or volumes become that tensor, the output tensor it reads
 * and what the output means, and the limits of a run. Declared under `taskConfig.model` of a
 * classification or a segmentation track; @medrank/model-runner checks a model's signature
 * against it and runs it. A 4-dimensional shape feeds 2D images (PNG, NPY); a 5-dimensional one,
 * layout NCDHW, feeds 3D volumes (NIfTI-1).
 *
 * @example
 * model:
 *   input: { name: x, shape: [N, 1, 28, 28], layout: NCHW, dtype: float32, scaling: divide255 }
 *   output: { name: probability, values: probabilities }
 * @example
 * model:
 *   input: { name: ct, shape: [N, 1, 64, 128, 128], scaling: { zscore: { mean: 40, std: 350 } }, resize: trilinear }
 *   output: { name: logits, values: logits }
 */
export interface ModelContract {
  input: ModelInputContract;
  output: ModelOutputContract;
  limits: ModelRunLimits;
  /**
   * True: the track takes ONNX models only and refuses prediction files, as a code competition
   * does (with hidden inputs, a participant has nothing to predict on anyway). Default false.
   */
  exclusive: boolean;
}

export interface ModelInputContract {
  /** Name of the model's (single) graph input. */
  name: string;
  /**
   * `['N', …]`: the batch dimension, then C,H,W (NCHW) or H,W,C (NHWC) for 2D images, or
   * C,D,H,W (NCDHW) for 3D volumes. The platform feeds one case at a time (N = 1).
   */
  shape: ModelInputShape;
  dtype: 'float32' | 'uint8';
  layout: ModelInputLayout;
  /**
   * Intensity scaling applied to the decoded pixel values (0–255 for 8-bit images, the raw
   * values of an NPY array): `none`, `divide255` (x / 255) or `zscore` ((x − mean) / std, one
   * value or one per channel, applied to the raw values).
   */
  scaling: ModelInputScaling;
  /**
   * `none`: an image of another size than H×W (a volume of another size than D×H×W) is an
   * error; `bilinear` (2D) / `trilinear` (3D): resized to the input's size (half-pixel centres,
   * as PyTorch's align_corners=False).
   */
  resize: ModelInputResize;
}

export type ModelInputShape = ['N', number, number, number] | ['N', number, number, number, number];

/** Layouts of 2D inputs (4-dimensional shapes). */
export const MODEL_INPUT_LAYOUTS_2D = ['NCHW', 'NHWC'] as const;
/** Layouts of 3D inputs (5-dimensional shapes): channels first, as PyTorch, MONAI and nnU-Net. */
export const MODEL_INPUT_LAYOUTS_3D = ['NCDHW'] as const;
export type ModelInputLayout =
  (typeof MODEL_INPUT_LAYOUTS_2D)[number] | (typeof MODEL_INPUT_LAYOUTS_3D)[number];

/** Resizing a 2D input may declare. */
export const MODEL_INPUT_RESIZE_2D = ['none', 'bilinear'] as const;
/** Resizing a 3D input may declare. */
export const MODEL_INPUT_RESIZE_3D = ['none', 'trilinear'] as const;
export type ModelInputResize =
  (typeof MODEL_INPUT_RESIZE_2D)[number] | (typeof MODEL_INPUT_RESIZE_3D)[number];

export const MODEL_INPUT_DTYPES = ['float32', 'uint8'] as const;

/** Channels a 3D input may have: a NIfTI volume's 4th dimension (e.g. MRI sequences, as the Medical Segmentation Decathlon stores them). */
export const MAX_VOLUME_CHANNELS = 8;

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
   * Segmentation: `logits` or `probabilities`, per-pixel class scores [N, K, H, W] (NCHW
   * input), [N, H, W, K] (NHWC input) or per-voxel [N, K, D, H, W] (NCDHW input) at the input's
   * size, reduced to a label mask by an argmax over K (channel 0 is background; channel k is
   * label value k when K − 1 ≥ the largest label value, or the k-th label in ascending order
   * when K = labels + 1); `labels`, the label values themselves, [N, H, W], [N, 1, H, W] (NCHW)
   * or [N, H, W, 1] (NHWC), [N, D, H, W] or [N, 1, D, H, W] (NCDHW), whole numbers ≥ 0.
   * @medrank/model-runner checks K and the shapes (check-model-signature.ts, output-to-mask.ts).
   */
  values: ModelOutputValues;
}

/** What a model's output may hold; `labels` is for segmentation tracks only. */
export const MODEL_OUTPUT_VALUES = ['probabilities', 'logits', 'labels'] as const;
export type ModelOutputValues = (typeof MODEL_OUTPUT_VALUES)[number];

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

const perChannel = z.union([z.number(), z.array(z.number()).min(1).max(MAX_VOLUME_CHANNELS)]);

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
        shape: z.union([
          z.tuple([z.literal('N'), dimension, dimension, dimension]),
          z.tuple([z.literal('N'), dimension, dimension, dimension, dimension]),
        ]),
        dtype: z.enum(MODEL_INPUT_DTYPES).default('float32'),
        // Absent: NCHW for a 4-dimensional shape, NCDHW for a 5-dimensional one (parseModelContract).
        layout: z.enum([...MODEL_INPUT_LAYOUTS_2D, ...MODEL_INPUT_LAYOUTS_3D]).optional(),
        scaling: scalingSchema.prefault('divide255'),
        resize: z
          .enum(['none', ...MODEL_INPUT_RESIZE_2D.slice(1), ...MODEL_INPUT_RESIZE_3D.slice(1)])
          .default('none'),
      })
      .strict(),
    output: z
      .object({
        name: z.string().min(1).max(200),
        values: z.enum(MODEL_OUTPUT_VALUES),
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
    exclusive: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict();

/** The model contract's input as the curator writes it (before defaults). */
export type ModelContractInput = z.input<typeof modelContractSchema>;

/** Whether the input is a 3D volume ([N, C, D, H, W], NCDHW). */
export const isVolumeInput = (input: Pick<ModelInputContract, 'shape'>): boolean =>
  input.shape.length === 5;

/** Whether channels come first (NCHW, NCDHW) rather than last (NHWC). */
export const isChannelsFirst = (input: Pick<ModelInputContract, 'layout'>): boolean =>
  input.layout !== 'NHWC';

/** Channels of an input shape: C of [N,C,H,W], [N,H,W,C] or [N,C,D,H,W]. */
export function inputChannels(input: Pick<ModelInputContract, 'shape' | 'layout'>): number {
  return isChannelsFirst(input) ? input.shape[1] : (input.shape[3] as number);
}

/** The spatial size of an input shape: [height, width] (2D) or [depth, height, width] (3D). */
export function inputSpatialSize(input: Pick<ModelInputContract, 'shape' | 'layout'>): number[] {
  const [, ...dims] = input.shape;
  return isChannelsFirst(input) ? dims.slice(1) : dims.slice(0, -1);
}

/** [height, width] of a 2D input shape. */
export function inputSize(input: Pick<ModelInputContract, 'shape' | 'layout'>): [number, number] {
  const size = inputSpatialSize(input);
  return [size.at(-2)!, size.at(-1)!];
}

const EXAMPLE =
  'e.g. { input: { name: "x", shape: ["N", 1, 28, 28], scaling: "divide255" }, output: { name: "probability", values: "probabilities" } }';

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = ['model', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys')
    return `${at} has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.path.at(-1) === 'shape' || issue.path.includes('shape'))
    return `${at}: the input shape must be ["N", C, H, W] (NCHW) or ["N", H, W, C] (NHWC) for 2D images, or ["N", C, D, H, W] (NCDHW) for 3D volumes, with whole dimensions 1–16384, "N" the batch dimension; ${issue.message}`;
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
  const volume = parsed.data.input.shape.length === 5;
  const layout = parsed.data.input.layout ?? (volume ? 'NCDHW' : 'NCHW');
  const contract = {
    ...parsed.data,
    input: { ...parsed.data.input, layout },
  } as ModelContract;
  if (contract.output.values === 'labels' && taskType !== 'segmentation')
    throw misconfigured(
      taskType,
      'model.output.values "labels" is for segmentation tracks (a label mask per image); a classification model outputs "probabilities" or "logits"',
    );
  const [layouts, resizes, kind] = volume
    ? [MODEL_INPUT_LAYOUTS_3D, MODEL_INPUT_RESIZE_3D, 'a 5-dimensional shape (3D volumes)']
    : [MODEL_INPUT_LAYOUTS_2D, MODEL_INPUT_RESIZE_2D, 'a 4-dimensional shape (2D images)'];
  const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(' or ');
  if (!(layouts as readonly string[]).includes(layout))
    throw misconfigured(
      taskType,
      `model.input.layout "${layout}" does not go with ${kind}; expected ${quoted(layouts)}`,
    );
  if (!(resizes as readonly string[]).includes(contract.input.resize))
    throw misconfigured(
      taskType,
      `model.input.resize "${contract.input.resize}" does not go with ${kind}; expected ${quoted(resizes)}`,
    );
  const channels = inputChannels(contract.input);
  if (volume ? channels > MAX_VOLUME_CHANNELS : channels !== 1 && channels !== 3)
    throw misconfigured(
      taskType,
      volume
        ? `model.input.shape ${JSON.stringify(contract.input.shape)} has ${channels} channels; a volume has 1 to ${MAX_VOLUME_CHANNELS} (a NIfTI's 4th dimension)`
        : `model.input.shape ${JSON.stringify(contract.input.shape)} has ${channels} channels (${contract.input.layout}); expected 1 (grey) or 3 (RGB)`,
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

const formatMs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
const formatSeconds = (seconds: number) =>
  seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

/**
 * What a participant must know to export a model for a track, in sentences (the benchmark page's
 * submission format): the input tensor and how case files become it, the output and how it is
 * read, and the limits. Read from the parsed contract, so the page says what the runner does.
 */
export function describeModelContract(contract: ModelContract, taskType: string): string[] {
  const { input, output, limits } = contract;
  const volume = isVolumeInput(input);
  const size = inputSpatialSize(input).join('×');
  const channels = inputChannels(input);
  const files = volume
    ? `NIfTI volumes (.nii/.nii.gz; D×H×W = the file's k×j×i axes${channels > 1 ? `, channels = its 4th dimension` : ''})`
    : `images (PNG or NPY; ${channels === 1 ? 'grey' : 'RGB'})`;
  const scaling =
    input.scaling.kind === 'divide255'
      ? 'divided by 255'
      : input.scaling.kind === 'zscore'
        ? `z-scored ((x − ${input.scaling.mean.join('/')}) / ${input.scaling.std.join('/')})`
        : 'fed as stored';
  const resize =
    input.resize === 'none'
      ? `must already be ${size}`
      : `are resized ${input.resize === 'trilinear' ? 'trilinearly' : 'bilinearly'} to ${size} (half-pixel centres)`;
  const point = volume ? 'voxel' : 'pixel';
  const spatial = inputSpatialSize(input).join(', ');
  const scores = isChannelsFirst(input) ? `[N, K, ${spatial}]` : `[N, ${spatial}, K]`;
  const reads =
    taskType === 'segmentation'
      ? output.values === 'labels'
        ? `the label value of each ${point}, [N, ${spatial}]`
        : `${output.values} of K classes per ${point}, ${scores}, reduced by an argmax (channel 0 is background)`
      : output.values === 'logits'
        ? 'class logits [N, k] (MedRank applies a softmax), or [N, 1] for a binary track (a sigmoid)'
        : 'class probabilities [N, k], or [N, 1] = p(positive class) for a binary track';
  return [
    `Input '${input.name}' ${input.dtype} [${input.shape.join(', ')}] (${input.layout}, one case at a time): ${files}; values ${scaling}; cases ${resize}.`,
    `Output '${output.name}': ${reads}.`,
    `Limits: ${formatMs(limits.perCaseMs)} per case, ${formatSeconds(limits.totalSeconds)} in all, ${limits.memoryMb} MB of memory, a ${limits.fileMb} MB file; no network.`,
  ];
}
