// The guided flow's fields for a track's `model` contract (ONNX model submissions) and `endpoint`
// contract (OpenAI-compatible endpoint submissions), as pure functions shared by the editor (the
// fields a stored block opens with) and the task step's server action (the block the fields make,
// and what is wrong with each field). The contract parsers in @medrank/task-contracts/config stay
// the judge: these functions check what a field alone can say (a number that is not one, a shape
// of the wrong rank, a layout that does not go with it); ranges and the rest come back from
// `parseTaskConfig`, whose messages `contractIssuesOf` places at the field they name.
import { taskTypeContract } from '@medrank/task-contracts';
import {
  DEFAULT_ENDPOINT_RUN_LIMITS,
  DEFAULT_MODEL_RUN_LIMITS,
  MODEL_INPUT_DTYPES,
  MODEL_INPUT_LAYOUTS_2D,
  MODEL_INPUT_LAYOUTS_3D,
  MODEL_INPUT_RESIZE_2D,
  MODEL_INPUT_RESIZE_3D,
  MODEL_OUTPUT_VALUES,
  inputChannels,
  isVolumeInput,
  parseEndpointContract,
  parseModelContract,
  type EndpointRunLimits,
  type ModelInputLayout,
  type ModelInputScaling,
  type ModelRunLimits,
} from '@medrank/task-contracts/config';

/** The configuration key of each contract (what the fields own; the JSON box no longer shows it). */
export const MODEL_KEY = 'model';
export const ENDPOINT_KEY = 'endpoint';
/** The one task type whose endpoint takes a prompt per scored report section. */
export const REPORT_GENERATION = 'report-generation';

export interface ContractIssue {
  /** Field path relative to the editor, e.g. `model.input.shape` or `endpoint.limits.retries`. */
  field: string;
  message: string;
}

/** Whether a task type's configuration may hold the key (its contract documents it). */
const takesKey = (taskType: string, key: string): boolean =>
  taskTypeContract(taskType)?.config.some((k) => k.key === key) ?? false;

/** Whether a track of this task type may take ONNX models (its contract has a `model` key). */
export const takesModels = (taskType: string) => takesKey(taskType, MODEL_KEY);
/** Whether a track of this task type may take endpoints (its contract has an `endpoint` key). */
export const takesEndpoints = (taskType: string) => takesKey(taskType, ENDPOINT_KEY);

// ── model ──────────────────────────────────────────────────────────────────────────────────

/** Scaling choices, keyed by the contract's own kinds (a new kind fails to compile here). */
export const MODEL_SCALING_LABELS: Readonly<Record<ModelInputScaling['kind'], string>> = {
  none: 'none: the values as stored',
  divide255: 'divide255: x / 255',
  zscore: 'z-score: (x − mean) / std',
};
export type ScalingKind = keyof typeof MODEL_SCALING_LABELS;
const SCALING_KINDS = Object.keys(MODEL_SCALING_LABELS) as ScalingKind[];

export const MODEL_LIMIT_KEYS = Object.keys(DEFAULT_MODEL_RUN_LIMITS) as (keyof ModelRunLimits)[];

/**
 * The model fields as the form holds them (strings; `''` = left empty, the parser's default
 * holds). Nested as the fields are named (`model.input.shape`), so a submitted form reads as is.
 */
export interface ModelFormValues {
  enabled: boolean;
  input: {
    name: string;
    /** `N, 1, 28, 28`. */
    shape: string;
    layout: string;
    dtype: string;
    scaling: '' | ScalingKind;
    /** One number, or one per channel separated by commas. */
    zscoreMean: string;
    zscoreStd: string;
    resize: string;
  };
  output: { name: string; values: string };
  limits: Record<keyof ModelRunLimits, string>;
  /** The track takes models only (prediction files refused). */
  exclusive: boolean;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const listText = (value: unknown): string =>
  Array.isArray(value) ? value.map(text).join(', ') : text(value);

/** The fields a stored `model` block opens with; absent keys stay empty (their defaults hold). */
export function modelFormValuesOf(stored: unknown): ModelFormValues {
  const model = record(stored);
  const input = record(model.input);
  const output = record(model.output);
  const limits = record(model.limits);
  const scaling = input.scaling;
  const zscore = record(record(scaling).zscore);
  const kind: ModelFormValues['input']['scaling'] =
    typeof scaling === 'string' && (SCALING_KINDS as string[]).includes(scaling)
      ? (scaling as ScalingKind)
      : scaling && typeof scaling === 'object'
        ? 'zscore'
        : '';
  return {
    enabled: stored !== undefined,
    input: {
      name: text(input.name),
      shape: Array.isArray(input.shape) ? input.shape.map(text).join(', ') : '',
      layout: text(input.layout),
      dtype: text(input.dtype),
      scaling: kind,
      zscoreMean: listText(zscore.mean),
      zscoreStd: listText(zscore.std),
      resize: text(input.resize),
    },
    output: { name: text(output.name), values: text(output.values) },
    limits: Object.fromEntries(MODEL_LIMIT_KEYS.map((k) => [k, text(limits[k])])) as Record<
      keyof ModelRunLimits,
      string
    >,
    exclusive: model.exclusive === true,
  };
}

/**
 * What a submitted form holds under `model` (formToObject leaves empty fields out, and a switched
 * off section sends nothing) as form values.
 */
export function submittedModelValues(node: unknown): ModelFormValues {
  const submitted = record(node);
  const values = modelFormValuesOf(submitted);
  const input = record(submitted.input);
  return {
    ...values,
    enabled: submitted.enabled === 'true',
    exclusive: submitted.exclusive === 'true',
    input: {
      ...values.input,
      // The form sends these under their own names, not as the contract's nested scaling.
      scaling: (text(input.scaling) as ModelFormValues['input']['scaling']) || '',
      zscoreMean: text(input.zscoreMean),
      zscoreStd: text(input.zscoreStd),
      shape: text(input.shape),
    },
  };
}

const WHOLE = /^\d+$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** The shape field as dimensions: `N, 1, 28, 28` (brackets and quotes, as pasted from YAML, are fine). */
export function parseShapeText(value: string): { shape?: (string | number)[]; issue?: string } {
  const tokens = value
    .replace(/[[\]"']/g, ' ')
    .split(/[\s,×x]+/i)
    .filter((t) => t !== '');
  // `x` splits "28x28"; an N typed as "n" is the batch dimension too.
  if (tokens.length === 0) return { issue: 'enter the input shape, e.g. N, 1, 28, 28' };
  if (tokens[0]!.toUpperCase() !== 'N')
    return {
      issue: `start with N, the batch dimension: N, C, H, W (2D images) or N, C, D, H, W (3D volumes); found "${value}"`,
    };
  const dims = tokens.slice(1);
  const bad = dims.findIndex((d) => !WHOLE.test(d) || Number(d) < 1);
  if (bad >= 0)
    return {
      issue: `dimension ${bad + 2} ("${dims[bad]}") must be a whole number ≥ 1; only the first is N`,
    };
  if (dims.length !== 3 && dims.length !== 4)
    return {
      issue: `a ${tokens.length}-dimensional shape; give 4 dimensions (N, C, H, W or N, H, W, C: 2D images) or 5 (N, C, D, H, W: 3D volumes)`,
    };
  return { shape: ['N', ...dims.map(Number)] };
}

/** The layouts and resizes that go with a shape (by its rank: 4 = 2D images, 5 = 3D volumes). */
export function modelChoicesFor(shape: readonly unknown[] | undefined): {
  isVolume: boolean;
  layouts: readonly ModelInputLayout[];
  resizes: readonly string[];
} {
  const isVolume = shape !== undefined && isVolumeInput({ shape: shape as never });
  return isVolume
    ? { isVolume, layouts: MODEL_INPUT_LAYOUTS_3D, resizes: MODEL_INPUT_RESIZE_3D }
    : { isVolume, layouts: MODEL_INPUT_LAYOUTS_2D, resizes: MODEL_INPUT_RESIZE_2D };
}

/** Output values a task type's model may declare (`labels` is a segmentation mask). */
export const modelOutputValuesFor = (taskType: string): readonly string[] =>
  MODEL_OUTPUT_VALUES.filter((v) => v !== 'labels' || taskType === 'segmentation');

function numberList(value: string): { values?: number[]; issue?: string } {
  const parts = value.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) return { issue: 'enter one number, or one per channel' };
  const bad = parts.find((p) => !NUMBER.test(p) || !Number.isFinite(Number(p)));
  if (bad !== undefined) return { issue: `"${bad}" is not a number` };
  return { values: parts.map(Number) };
}

/**
 * The `model` block the fields make (undefined when the section is off), and what is wrong with
 * each field (fields relative to the editor: `model.input.shape`). Empty optional fields leave
 * their key out, so a stored block round-trips unchanged.
 */
export function modelFormToContract(
  values: ModelFormValues,
  taskType: string,
): { model?: Record<string, unknown>; issues: ContractIssue[] } {
  if (!values.enabled) return { issues: [] };
  const issues: ContractIssue[] = [];
  const issue = (field: string, message: string) =>
    issues.push({ field: `model.${field}`, message });
  const { input: i, output: o } = values;

  const input: Record<string, unknown> = {};
  if (i.name === '') issue('input.name', 'enter the name of the model’s input tensor, e.g. x');
  else input.name = i.name;

  const parsed = parseShapeText(i.shape);
  if (parsed.issue) issue('input.shape', parsed.issue);
  else input.shape = parsed.shape;
  const choices = modelChoicesFor(parsed.shape);
  const kind = choices.isVolume
    ? 'a 5-dimensional shape (3D volumes)'
    : 'a 4-dimensional shape (2D images)';

  if (i.layout !== '') {
    if (parsed.shape && !(choices.layouts as readonly string[]).includes(i.layout))
      issue(
        'input.layout',
        `${i.layout} does not go with ${kind}; choose ${choices.layouts.join(' or ')}`,
      );
    else input.layout = i.layout;
  }
  if (i.dtype !== '') {
    if (!(MODEL_INPUT_DTYPES as readonly string[]).includes(i.dtype))
      issue('input.dtype', `choose ${MODEL_INPUT_DTYPES.join(' or ')}; found "${i.dtype}"`);
    else input.dtype = i.dtype;
  }

  if (i.scaling === 'zscore') {
    const mean = numberList(i.zscoreMean);
    const std = numberList(i.zscoreStd);
    const layout = (i.layout || choices.layouts[0]) as ModelInputLayout;
    const channels =
      parsed.shape && (choices.layouts as readonly string[]).includes(layout)
        ? inputChannels({ shape: parsed.shape as never, layout })
        : undefined;
    const check = (field: 'zscoreMean' | 'zscoreStd', list: typeof mean) => {
      if (list.issue) return issue(`input.${field}`, list.issue);
      const count = list.values!.length;
      if (channels !== undefined && count !== 1 && count !== channels)
        issue(
          `input.${field}`,
          `${count} values for ${channels} channel${channels === 1 ? '' : 's'}; give 1, or one per channel`,
        );
    };
    check('zscoreMean', mean);
    check('zscoreStd', std);
    if (std.values?.some((s) => !(s > 0)))
      issue('input.zscoreStd', 'every std must be > 0 (it divides)');
    if (mean.values && std.values) {
      const one = (v: number[]) => (v.length === 1 ? v[0] : v);
      input.scaling = { zscore: { mean: one(mean.values), std: one(std.values) } };
    }
  } else if (i.scaling !== '') {
    if (!(SCALING_KINDS as string[]).includes(i.scaling))
      issue('input.scaling', `choose ${SCALING_KINDS.join(', ')}; found "${i.scaling as string}"`);
    else input.scaling = i.scaling;
  }

  if (i.resize !== '') {
    if (parsed.shape && !choices.resizes.includes(i.resize))
      issue(
        'input.resize',
        `${i.resize} does not go with ${kind}; choose ${choices.resizes.join(' or ')}`,
      );
    else input.resize = i.resize;
  }

  const output: Record<string, unknown> = {};
  if (o.name === '') issue('output.name', 'enter the name of the output tensor MedRank reads');
  else output.name = o.name;
  const allowedValues = modelOutputValuesFor(taskType);
  if (o.values === '')
    issue('output.values', `choose what the output holds: ${allowedValues.join(', ')}`);
  else if (!allowedValues.includes(o.values))
    issue(
      'output.values',
      o.values === 'labels'
        ? 'labels (a mask per image) is for segmentation tracks; choose probabilities or logits'
        : `choose ${allowedValues.join(', ')}; found "${o.values}"`,
    );
  else output.values = o.values;

  const limits: Record<string, number> = {};
  for (const key of MODEL_LIMIT_KEYS) {
    const value = values.limits[key];
    if (value === '') continue;
    if (!WHOLE.test(value))
      issue(`limits.${key}`, `must be a whole number; found "${value}" (empty: the default)`);
    else limits[key] = Number(value);
  }

  return {
    model: {
      input,
      output,
      ...(Object.keys(limits).length ? { limits } : {}),
      // Left out when off (the parser's default), so a stored block without it round-trips.
      ...(values.exclusive ? { exclusive: true } : {}),
    },
    issues,
  };
}

/**
 * The defaults a field left empty stands for, from the parser itself (for a 2D or a 3D shape):
 * dtype, layout, scaling and resize.
 */
export function modelInputDefaults(isVolume: boolean) {
  const { input } = parseModelContract('classification', {
    input: { name: 'x', shape: isVolume ? ['N', 1, 1, 1, 1] : ['N', 1, 1, 1] },
    output: { name: 'y', values: 'logits' },
  });
  return {
    dtype: input.dtype,
    layout: input.layout,
    scaling: input.scaling.kind,
    resize: input.resize,
  };
}

// ── endpoint ───────────────────────────────────────────────────────────────────────────────

export const ENDPOINT_LIMIT_KEYS = Object.keys(
  DEFAULT_ENDPOINT_RUN_LIMITS,
) as (keyof EndpointRunLimits)[];

export interface SectionPromptRow {
  name: string;
  prompt: string;
}

/** The endpoint fields as the form holds them (`''` = left empty, the default holds). */
export interface EndpointFormValues {
  enabled: boolean;
  /** Report generation: one prompt for a single-section track, or one per section. */
  promptMode: 'one' | 'sections';
  prompt: string;
  sections: SectionPromptRow[];
  system: string;
  maxTokens: string;
  temperature: string;
  limits: Record<keyof EndpointRunLimits, string>;
  /** The track takes endpoints only (prediction files refused). */
  exclusive: boolean;
}

/**
 * The fields a stored `endpoint` block opens with. A report-generation track without one starts
 * with a row per scored section when it scores several (`reportSections`, its `sections` key).
 */
export function endpointFormValuesOf(
  stored: unknown,
  reportSections: readonly string[] = [],
): EndpointFormValues {
  const endpoint = record(stored);
  const limits = record(endpoint.limits);
  const sections = endpoint.sections;
  const rows =
    sections && typeof sections === 'object' && !Array.isArray(sections)
      ? Object.entries(sections).map(([name, prompt]) => ({ name, prompt: text(prompt) }))
      : [];
  const mode =
    rows.length > 0 || (endpoint.prompt === undefined && reportSections.length > 1)
      ? 'sections'
      : 'one';
  return {
    enabled: stored !== undefined,
    promptMode: mode,
    prompt: typeof endpoint.prompt === 'string' ? endpoint.prompt : '',
    sections: rows.length > 0 ? rows : reportSections.map((name) => ({ name, prompt: '' })),
    system: typeof endpoint.system === 'string' ? endpoint.system : '',
    maxTokens: text(endpoint.maxTokens),
    temperature: text(endpoint.temperature),
    limits: Object.fromEntries(ENDPOINT_LIMIT_KEYS.map((k) => [k, text(limits[k])])) as Record<
      keyof EndpointRunLimits,
      string
    >,
    exclusive: endpoint.exclusive === true,
  };
}

/** The endpoint contract's defaults (max tokens, temperature, limits), from its parser. */
export function endpointDefaults() {
  const { maxTokens, temperature, limits } = parseEndpointContract('multiple-choice', {
    prompt: '-',
  });
  return { maxTokens, temperature, limits };
}

/** What a submitted form holds under `endpoint` as form values. */
export function submittedEndpointValues(node: unknown): EndpointFormValues {
  const submitted = record(node);
  const values = endpointFormValuesOf({ ...submitted, sections: undefined });
  const list = Array.isArray(submitted.sections) ? (submitted.sections as unknown[]) : [];
  return {
    ...values,
    enabled: submitted.enabled === 'true',
    exclusive: submitted.exclusive === 'true',
    promptMode: submitted.promptMode === 'sections' ? 'sections' : 'one',
    // `sections[2]` may be a hole where a row was left blank.
    sections: Array.from(list, (row) => ({
      name: text(record(row).name),
      prompt: text(record(row).prompt),
    })),
  };
}

/**
 * The `endpoint` block the fields make (undefined when the section is off), and what is wrong with
 * each field (`endpoint.prompt`, `endpoint.sections[1].prompt`, …).
 */
export function endpointFormToContract(
  values: EndpointFormValues,
  taskType: string,
): { endpoint?: Record<string, unknown>; issues: ContractIssue[] } {
  if (!values.enabled) return { issues: [] };
  const issues: ContractIssue[] = [];
  const issue = (field: string, message: string) =>
    issues.push({ field: `endpoint.${field}`, message });
  const endpoint: Record<string, unknown> = {};

  if (taskType === REPORT_GENERATION && values.promptMode === 'sections') {
    const filled = values.sections
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => row.name !== '' || row.prompt !== '');
    if (filled.length === 0) issue('sections', 'add a prompt for each scored section');
    const map: Record<string, string> = {};
    const seen = new Map<string, number>();
    for (const { row, index } of filled) {
      const at = (part: string) => `sections[${index}].${part}`;
      if (row.name === '') issue(at('name'), 'enter the section this prompt writes, e.g. findings');
      else if (seen.has(row.name))
        issue(
          at('name'),
          `section "${row.name}" already has a prompt (row ${seen.get(row.name)! + 1})`,
        );
      else seen.set(row.name, index);
      if (row.prompt === '')
        issue(at('prompt'), `enter the prompt for ${row.name || 'this section'}`);
      if (row.name !== '' && row.prompt !== '' && !Object.hasOwn(map, row.name))
        map[row.name] = row.prompt;
    }
    endpoint.sections = map;
  } else if (values.prompt === '')
    issue(
      'prompt',
      'enter the prompt each case is sent with, e.g. Question: {question} Options: {options} Answer with the letter only.',
    );
  else endpoint.prompt = values.prompt;

  if (values.system !== '') endpoint.system = values.system;

  if (values.maxTokens !== '') {
    if (WHOLE.test(values.maxTokens)) endpoint.maxTokens = Number(values.maxTokens);
    else issue('maxTokens', `must be a whole number; found "${values.maxTokens}"`);
  }
  if (values.temperature !== '') {
    if (NUMBER.test(values.temperature)) endpoint.temperature = Number(values.temperature);
    else issue('temperature', `must be a number; found "${values.temperature}"`);
  }
  const limits: Record<string, number> = {};
  for (const key of ENDPOINT_LIMIT_KEYS) {
    const value = values.limits[key];
    if (value === '') continue;
    if (!WHOLE.test(value))
      issue(`limits.${key}`, `must be a whole number; found "${value}" (empty: the default)`);
    else limits[key] = Number(value);
  }
  if (Object.keys(limits).length) endpoint.limits = limits;
  if (values.exclusive) endpoint.exclusive = true;
  return { endpoint, issues };
}

// ── the parser's word, placed at the fields ────────────────────────────────────────────────

/** The form field of a `model` key path the parser names (`input.scaling.zscore.std` → the std field). */
function modelFieldOf(path: string[]): string {
  const [section, key] = path;
  if (section === 'input' && key === 'scaling') {
    const part = path[3];
    return part === 'mean'
      ? 'input.zscoreMean'
      : part === 'std'
        ? 'input.zscoreStd'
        : 'input.scaling';
  }
  if ((section === 'input' || section === 'output' || section === 'limits') && key)
    return `${section}.${key}`;
  return '';
}

function endpointFieldOf(path: string[]): string {
  const [key, sub] = path;
  if (key === 'limits' && sub) return `limits.${sub}`;
  if (key && ['prompt', 'sections', 'system', 'maxTokens', 'temperature'].includes(key)) return key;
  return '';
}

/**
 * A task-type parser's refusal as issues at the fields it names: each `model.…` / `endpoint.…`
 * clause goes to that key's field (or the section, when no field is its own); anything else
 * belongs to the JSON box (`taskConfig`), whole.
 */
export function contractIssuesOf(message: string): ContractIssue[] {
  const body = message.replace(/^[\w-]+ track misconfigured: /, '');
  if (!/^(model|endpoint)[. ]/.test(body)) return [{ field: 'taskConfig', message }];
  return body.split(/; (?=(?:model|endpoint)[. ])/).map((clause) => {
    const match = /^(model|endpoint)((?:\.[\w-]+)*)/.exec(clause)!;
    const block = match[1]!;
    const keyPath = match[2] ?? '';
    const path = keyPath.split('.').filter(Boolean);
    const field = block === MODEL_KEY ? modelFieldOf(path) : endpointFieldOf(path);
    // "model.limits.perCaseMs: must be …" next to its own field needs no key path.
    const own = `${block}${keyPath}: `;
    const said = (
      field !== '' && clause.startsWith(own) && path.length <= 2 ? clause.slice(own.length) : clause
    )
      // zod's wording of a bound, said plainly.
      .replace(/Too small: expected number to be >=(\S+)$/, 'must be at least $1')
      .replace(/Too big: expected number to be <=(\S+)$/, 'must be at most $1');
    return { field: field === '' ? block : `${block}.${field}`, message: said };
  });
}
