// The task configuration form of the guided flow, as pure functions shared by the browser (live
// validation) and the step's server action (which never trusts the browser). A segmentation track
// gets labelled fields for its label map, spacing, NSD tolerance and HD95 convention; a track whose
// task type takes ONNX models or endpoints gets fields for its `model` / `endpoint` contract
// (submission-contract-form.ts); every other key stays a JSON object. The task type's own parser
// (`parseTaskConfig` in @medrank/curation) still has the last word on the result.
import {
  ENDPOINT_KEY,
  MODEL_KEY,
  endpointFormToContract,
  modelFormToContract,
  submittedEndpointValues,
  submittedModelValues,
  takesEndpoints,
  takesModels,
} from './submission-contract-form';

export const SEGMENTATION = 'segmentation';

/** Keys of a segmentation configuration the form edits as fields; the rest stay JSON. */
export const SEGMENTATION_FORM_KEYS = ['labels', 'spacingMm', 'toleranceMm', 'hd95Convention'];

/** One row of the label-map editor, as typed. */
export interface LabelRow {
  value: string;
  name: string;
}

/** The preset for PNG masks saved as 0/255: one structure at 255. */
export const BINARY_MASK_PRESET: readonly LabelRow[] = [{ value: '255', name: 'lesion' }];

const MAX_LABEL_VALUE = 65_535;
/** The segmentation parser's rule for structure names (they become metric keys, `dice:<name>`). */
const LABEL_NAME = /^[\w-]+$/;

export interface ConfigIssue {
  /** Field path relative to the editor, e.g. `segmentation.labels[1].value` or `taskConfig`. */
  field: string;
  message: string;
}

/** Rows of a stored label map, ascending by value. */
export function labelRowsOf(labels: unknown): LabelRow[] {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return [];
  return Object.entries(labels as Record<string, unknown>)
    .map(([value, name]) => ({ value, name: typeof name === 'string' ? name : String(name) }))
    .sort((a, b) => Number(a.value) - Number(b.value));
}

const isBlankRow = (row: LabelRow) => row.value.trim() === '' && row.name.trim() === '';

/**
 * Problems of the label-map rows, keyed `labels[<row>].value` / `labels[<row>].name` (or `labels`
 * when no row is filled in). Entirely blank rows are ignored: an added row left empty is no label.
 */
export function labelRowIssues(rows: readonly LabelRow[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const filled = rows.map((row, index) => ({ row, index })).filter(({ row }) => !isBlankRow(row));
  if (filled.length === 0)
    return [{ field: 'labels', message: 'add at least one label (pixel value and name)' }];
  const seenValues = new Map<number, number>();
  const seenNames = new Map<string, number>();
  for (const { row, index } of filled) {
    const value = row.value.trim();
    const name = row.name.trim();
    const at = (part: 'value' | 'name') => `labels[${index}].${part}`;
    if (value === '')
      issues.push({ field: at('value'), message: `enter a pixel value (1–${MAX_LABEL_VALUE})` });
    else if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LABEL_VALUE)
      issues.push({
        field: at('value'),
        message: `must be a whole number from 1 to ${MAX_LABEL_VALUE} (0 is background); found "${value}"`,
      });
    else if (seenValues.has(Number(value)))
      issues.push({
        field: at('value'),
        message: `pixel value ${Number(value)} is already used by label ${seenValues.get(Number(value))! + 1}`,
      });
    else seenValues.set(Number(value), index);
    if (name === '') issues.push({ field: at('name'), message: 'enter a name, e.g. lesion' });
    else if (!LABEL_NAME.test(name))
      issues.push({
        field: at('name'),
        message: `use letters, digits, "_" or "-" only (it becomes the metric key dice:${name.replace(/[^\w-]+/g, '_')}); found "${name}"`,
      });
    else if (seenNames.has(name))
      issues.push({
        field: at('name'),
        message: `the name "${name}" is already used by label ${seenNames.get(name)! + 1}`,
      });
    else seenNames.set(name, index);
  }
  return issues;
}

/** The label map of valid rows: `{ "255": "lesion" }` (values without leading zeros). */
export function labelMapOf(rows: readonly LabelRow[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const row of rows)
    if (!isBlankRow(row)) map[String(Number(row.value.trim()))] = row.name.trim();
  return map;
}

const DECIMAL = /^\d+(?:\.\d+)?$/;

/** The segmentation fields as submitted (strings; absent when left empty). */
export interface SegmentationFields {
  labels?: unknown;
  spacingMm?: unknown;
  toleranceMm?: unknown;
  hd95Convention?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Label rows from the nested form object (`labels[3]` may be a hole where a row was blank). */
function submittedLabelRows(value: unknown): LabelRow[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  return Array.from(list, (row) => {
    const r = row && typeof row === 'object' ? (row as Record<string, unknown>) : {};
    return { value: text(r.value), name: text(r.name) };
  });
}

/**
 * The configuration keys the segmentation fields set, and what is wrong with them (fields relative
 * to `segmentation.`). An empty optional field leaves its key out, so the parser's default holds.
 */
export function segmentationFieldsToConfig(fields: SegmentationFields): {
  config: Record<string, unknown>;
  issues: ConfigIssue[];
} {
  const config: Record<string, unknown> = {};
  const rows = submittedLabelRows(fields.labels);
  const issues = labelRowIssues(rows);
  if (issues.length === 0) config.labels = labelMapOf(rows);

  const spacing = Array.isArray(fields.spacingMm) ? (fields.spacingMm as unknown[]) : [];
  const [row, column] = [text(spacing[0]), text(spacing[1])];
  if (row !== '' || column !== '') {
    const axes = [row, column].map((value, axis) => {
      const field = `spacingMm[${axis}]`;
      if (value === '') {
        issues.push({ field, message: 'give both axes, or leave both empty' });
        return null;
      }
      if (!DECIMAL.test(value) || !(Number(value) > 0)) {
        issues.push({ field, message: `must be a number of mm > 0; found "${value}"` });
        return null;
      }
      return Number(value);
    });
    if (axes.every((a) => a !== null)) config.spacingMm = axes;
  }

  const tolerance = text(fields.toleranceMm);
  if (tolerance !== '') {
    if (DECIMAL.test(tolerance)) config.toleranceMm = Number(tolerance);
    else
      issues.push({
        field: 'toleranceMm',
        message: `must be a number of mm ≥ 0; found "${tolerance}"`,
      });
  }

  const convention = text(fields.hd95Convention);
  // The choices come from the contract; the task type's parser refuses anything else.
  if (convention !== '') config.hd95Convention = convention;

  return { config, issues: issues.map((i) => ({ ...i, field: `segmentation.${i.field}` })) };
}

/** The JSON box: an object, or a field issue saying what was expected. */
export function parseConfigJson(raw: unknown): {
  config: Record<string, unknown>;
  issues: ConfigIssue[];
} {
  const source = text(raw);
  if (source === '') return { config: {}, issues: [] };
  try {
    const value: unknown = JSON.parse(source);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return { config: value as Record<string, unknown>, issues: [] };
  } catch {
    // reported below
  }
  return {
    config: {},
    issues: [
      {
        field: 'taskConfig',
        message: 'must be a JSON object, e.g. {"classes": ["a", "b"]} ({} for the defaults)',
      },
    ],
  };
}

/**
 * The keys of a task type's configuration the guided flow edits as fields: the segmentation
 * fields' keys, and `model` / `endpoint` when the task type takes them. The JSON box shows the rest.
 */
export function formKeysOf(taskType: string): string[] {
  return [
    ...(taskType === SEGMENTATION ? SEGMENTATION_FORM_KEYS : []),
    ...(takesModels(taskType) ? [MODEL_KEY] : []),
    ...(takesEndpoints(taskType) ? [ENDPOINT_KEY] : []),
  ];
}

/**
 * A track's task configuration from its part of the submitted form: the JSON box, and the
 * labelled fields on top (a segmentation track's fields win over the same keys in the JSON; the
 * `model` / `endpoint` sections own their keys, so the JSON may not hold them too).
 */
export function taskConfigFromForm(
  node: Record<string, unknown>,
  taskType: string,
): { config: Record<string, unknown>; issues: ConfigIssue[] } {
  const json = parseConfigJson(node.taskConfig);
  const config = { ...json.config };
  const issues = [...json.issues];
  if (taskType === SEGMENTATION && node.segmentation && typeof node.segmentation === 'object') {
    const fields = segmentationFieldsToConfig(node.segmentation as SegmentationFields);
    for (const key of SEGMENTATION_FORM_KEYS) delete config[key];
    Object.assign(config, fields.config);
    issues.push(...fields.issues);
  }
  const sections = [
    [MODEL_KEY, takesModels(taskType), 'Model submissions'],
    [ENDPOINT_KEY, takesEndpoints(taskType), 'Endpoint submissions'],
  ] as const;
  for (const [key, isTaken, section] of sections) {
    if (!isTaken) continue;
    if (Object.hasOwn(config, key))
      issues.push({
        field: 'taskConfig',
        message: `"${key}" is set with the ${section} fields, not in the JSON: remove it here`,
      });
    delete config[key];
  }
  if (takesModels(taskType)) {
    const model = modelFormToContract(submittedModelValues(node[MODEL_KEY]), taskType);
    if (model.model) config[MODEL_KEY] = model.model;
    issues.push(...model.issues);
  }
  if (takesEndpoints(taskType)) {
    const endpoint = endpointFormToContract(submittedEndpointValues(node[ENDPOINT_KEY]), taskType);
    if (endpoint.endpoint) config[ENDPOINT_KEY] = endpoint.endpoint;
    issues.push(...endpoint.issues);
  }
  return { config, issues };
}

/** What the JSON box shows beside the fields: the keys they do not edit. */
export function configOutsideForm(
  taskType: string,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const formKeys = formKeysOf(taskType);
  return Object.fromEntries(Object.entries(config).filter(([key]) => !formKeys.includes(key)));
}

/**
 * The values of an enumerated configuration key, from the contract's type text
 * (`"monai" | "pooled"` → ["monai", "pooled"]); null when the key is not an enumeration.
 */
export function enumChoices(type: string): string[] | null {
  const parts = type.split('|').map((p) => p.trim());
  if (parts.length < 2 || !parts.every((p) => /^"[^"]+"$/.test(p))) return null;
  return parts.map((p) => p.slice(1, -1));
}

/**
 * A choice's own sentence when the contract's description states one as `"choice": text`
 * (report generation's textNormalization does); null otherwise.
 */
export function choiceExplanation(description: string, choice: string): string | null {
  const start = description.indexOf(`"${choice}": `);
  if (start < 0) return null;
  const rest = description.slice(start + choice.length + 4);
  const next = rest.search(/ "[^"]+": /);
  return (next < 0 ? rest : rest.slice(0, next)).trim();
}
