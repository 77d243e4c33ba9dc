'use client';
import {
  DEFAULT_ENDPOINT_RUN_LIMITS,
  DEFAULT_MODEL_RUN_LIMITS,
  ENDPOINT_MAX_TOKENS_LIMIT,
  ENDPOINT_RUN_LIMIT_RANGES,
  MODEL_INPUT_DTYPES,
  MODEL_RUN_LIMIT_MAXIMA,
  type EndpointRunLimits,
  type ModelRunLimits,
} from '@medrank/task-contracts/config';
import { useRef, useState, type ReactNode } from 'react';
import {
  ENDPOINT_LIMIT_KEYS,
  MODEL_LIMIT_KEYS,
  MODEL_SCALING_LABELS,
  REPORT_GENERATION,
  endpointDefaults,
  endpointFormValuesOf,
  modelChoicesFor,
  modelFormValuesOf,
  modelInputDefaults,
  modelOutputValuesFor,
  parseShapeText,
  type ScalingKind,
} from '../submission-contract-form';
import {
  CheckboxField,
  Field,
  SelectField,
  TextField,
  fieldIds,
  inputClass,
  secondaryButtonClass,
  type FieldErrors,
} from './form-kit';

interface SectionProps {
  taskType: string;
  config: Record<string, unknown>;
  /** Prefix of the field names: '' on the first step, `tracks[2].` on the task step. */
  namePrefix: string;
  errors: FieldErrors;
}

/**
 * A contract section: its heading, a switch (off: nothing under it is sent, so the track takes
 * prediction files only) and its fields, kept while switched off so turning it back on loses
 * nothing typed.
 */
function ContractSection({
  base,
  title,
  about,
  switchLabel,
  isEnabled,
  onToggle,
  errors,
  testId,
  children,
}: {
  base: string;
  title: string;
  about: ReactNode;
  switchLabel: string;
  isEnabled: boolean;
  onToggle: (enabled: boolean) => void;
  errors: FieldErrors;
  testId: string;
  children: ReactNode;
}) {
  const ids = fieldIds(base);
  const error = errors[base];
  return (
    <fieldset
      data-testid={testId}
      className="min-w-0 rounded-md border border-slate-200 p-2 sm:p-3"
      aria-describedby={[ids.hint, error ? ids.error : null].filter(Boolean).join(' ')}
    >
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      {/* Present so an issue about the whole block has a field to belong to; empty sends nothing. */}
      <input type="hidden" name={base} value="" />
      <p id={ids.hint} className="text-xs text-slate-500">
        {about}
      </p>
      <div className="mt-3">
        <CheckboxField
          label={switchLabel}
          name={`${base}.enabled`}
          errors={errors}
          checked={isEnabled}
          onChange={(e) => onToggle(e.target.checked)}
        />
      </div>
      {error && (
        <p id={ids.error} className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <fieldset disabled={!isEnabled} hidden={!isEnabled} className="mt-4 min-w-0 space-y-4">
        {children}
      </fieldset>
    </fieldset>
  );
}

const optionsOf = (values: readonly string[], defaultLabel?: string) => [
  ...(defaultLabel === undefined ? [] : [{ value: '', label: defaultLabel }]),
  ...values.map((value) => ({ value, label: value })),
];

/** `2048` → "2,048". */
const grouped = (n: number) => n.toLocaleString('en-US');

const MODEL_LIMIT_LABELS: Record<keyof ModelRunLimits, string> = {
  perCaseMs: 'Per case (ms)',
  totalSeconds: 'Whole run (s)',
  memoryMb: 'Memory (MB)',
  fileMb: 'Model file (MB)',
};

/** The `model` contract of a classification or segmentation track, as labelled fields. */
export function ModelSubmissionFields({ taskType, config, namePrefix, errors }: SectionProps) {
  const base = `${namePrefix}model`;
  const stored = modelFormValuesOf(config.model);
  const [isEnabled, setEnabled] = useState(stored.enabled);
  const [shape, setShape] = useState(stored.input.shape);
  const [layout, setLayout] = useState(stored.input.layout);
  const [resize, setResize] = useState(stored.input.resize);
  const [scaling, setScaling] = useState<string>(stored.input.scaling);
  const choices = modelChoicesFor(parseShapeText(shape).shape);
  const defaults = modelInputDefaults(choices.isVolume);
  // A layout or resize of the other rank is no choice any more: back to the default.
  const layoutValue = (choices.layouts as readonly string[]).includes(layout) ? layout : '';
  const resizeValue = choices.resizes.includes(resize) ? resize : '';
  const name = (field: string) => `${base}.${field}`;
  return (
    <ContractSection
      base={base}
      title="Model submissions"
      about={
        <>
          Participants upload an ONNX model; MedRank’s workers run it on the test inputs (hidden
          ones too) and score its output. Off: the track takes prediction files only. See
          docs/model-submissions.md.
        </>
      }
      switchLabel="This track takes ONNX models"
      isEnabled={isEnabled}
      onToggle={setEnabled}
      errors={errors}
      testId="model-contract"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Input tensor name"
          name={name('input.name')}
          errors={errors}
          defaultValue={stored.input.name}
          placeholder="e.g. x"
          autoComplete="off"
          hint="The name of the model’s one graph input."
        />
        <TextField
          label="Input shape"
          name={name('input.shape')}
          errors={errors}
          value={shape}
          onChange={(e) => setShape(e.target.value)}
          placeholder="N, 1, 28, 28"
          autoComplete="off"
          spellCheck={false}
          hint="N (the batch), then C, H, W or H, W, C for 2D images (C is 1 or 3), or C, D, H, W for 3D volumes (NIfTI; up to 8 channels). MedRank feeds one case at a time."
        />
        <SelectField
          label="Layout"
          name={name('input.layout')}
          errors={errors}
          value={layoutValue}
          onChange={(e) => setLayout(e.target.value)}
          options={optionsOf(choices.layouts, `Default (${defaults.layout})`)}
          hint={
            choices.isVolume
              ? 'A 5-dimensional shape: 3D volumes, channels first.'
              : 'A 4-dimensional shape: 2D images, channels first (NCHW) or last (NHWC).'
          }
        />
        <SelectField
          label="Data type"
          name={name('input.dtype')}
          errors={errors}
          defaultValue={stored.input.dtype}
          options={optionsOf(MODEL_INPUT_DTYPES, `Default (${defaults.dtype})`)}
        />
        <SelectField
          label="Intensity scaling"
          name={name('input.scaling')}
          errors={errors}
          value={scaling}
          onChange={(e) => setScaling(e.target.value)}
          options={[
            {
              value: '',
              label: `Default (${MODEL_SCALING_LABELS[defaults.scaling]})`,
            },
            ...Object.entries(MODEL_SCALING_LABELS).map(([value, label]) => ({ value, label })),
          ]}
          hint="Applied to the decoded values: 0–255 for 8-bit images, the stored values of NPY and NIfTI."
        />
        <SelectField
          label="Resize"
          name={name('input.resize')}
          errors={errors}
          value={resizeValue}
          onChange={(e) => setResize(e.target.value)}
          options={optionsOf(choices.resizes, `Default (${defaults.resize})`)}
          hint={`none: a case of another size is an error. ${choices.isVolume ? 'trilinear' : 'bilinear'}: resized to the input’s size.`}
        />
        {scaling === ('zscore' satisfies ScalingKind) && (
          <>
            <TextField
              label="Z-score mean"
              name={name('input.zscoreMean')}
              errors={errors}
              defaultValue={stored.input.zscoreMean}
              placeholder="e.g. 40, or 123.675, 116.28, 103.53"
              inputMode="decimal"
              autoComplete="off"
              hint="One number, or one per channel separated by commas."
            />
            <TextField
              label="Z-score std"
              name={name('input.zscoreStd')}
              errors={errors}
              defaultValue={stored.input.zscoreStd}
              placeholder="e.g. 350, or 58.395, 57.12, 57.375"
              inputMode="decimal"
              autoComplete="off"
              hint="One number > 0, or one per channel."
            />
          </>
        )}
        <TextField
          label="Output tensor name"
          name={name('output.name')}
          errors={errors}
          defaultValue={stored.output.name}
          placeholder="e.g. probability"
          autoComplete="off"
          hint="The graph output MedRank reads."
        />
        <SelectField
          label="Output values"
          name={name('output.values')}
          errors={errors}
          defaultValue={stored.output.values}
          options={optionsOf(modelOutputValuesFor(taskType), 'Choose…')}
          hint={
            taskType === 'segmentation'
              ? 'probabilities or logits: class scores per pixel (voxel), reduced by an argmax; labels: the label value of each pixel.'
              : 'probabilities: [N, k] (or [N, 1] = p(positive) for a binary track); logits: through a softmax (a sigmoid for [N, 1]).'
          }
        />
      </div>
      <LimitFields
        legend="Limits of a run"
        keys={MODEL_LIMIT_KEYS}
        label={(k) => MODEL_LIMIT_LABELS[k]}
        defaults={DEFAULT_MODEL_RUN_LIMITS}
        range={(k) => `at most ${grouped(MODEL_RUN_LIMIT_MAXIMA[k])}`}
        stored={stored.limits}
        base={name('limits')}
        errors={errors}
      />
      <CheckboxField
        label="Models only: refuse prediction files"
        name={name('exclusive')}
        errors={errors}
        defaultChecked={stored.exclusive}
        hint="As a code competition: every entry is a run of the model it names. Usual when the test inputs are hidden."
      />
    </ContractSection>
  );
}

/** Optional whole-number limits, each with its default as the placeholder. */
function LimitFields<K extends string>({
  legend,
  keys,
  label,
  defaults,
  range,
  stored,
  base,
  errors,
}: {
  legend: string;
  keys: readonly K[];
  label: (key: K) => string;
  defaults: Readonly<Record<K, number>>;
  range: (key: K) => string;
  stored: Record<K, string>;
  base: string;
  errors: FieldErrors;
}) {
  return (
    <fieldset className="min-w-0">
      <legend className="text-sm font-medium text-slate-700">
        {legend} <span className="font-normal text-slate-500">(optional; empty: the default)</span>
      </legend>
      <div className="mt-2 grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 lg:grid-cols-4">
        {keys.map((key) => (
          <TextField
            key={key}
            label={label(key)}
            name={`${base}.${key}`}
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            errors={errors}
            defaultValue={stored[key]}
            placeholder={String(defaults[key])}
            hint={`Default ${grouped(defaults[key])}; ${range(key)}.`}
          />
        ))}
      </div>
    </fieldset>
  );
}

const ENDPOINT_LIMIT_LABELS: Record<keyof EndpointRunLimits, string> = {
  concurrency: 'Requests at once',
  requestTimeoutMs: 'Request timeout (ms)',
  retries: 'Retries',
  totalSeconds: 'Whole run (s)',
};

const PROMPT_HELP = (
  <>
    Sent as the user message with each case’s image. <code>{'{column}'}</code> is replaced by the
    case’s inputs-manifest column of that name (e.g. <code>{'{question}'}</code>);{' '}
    <code>{'{options}'}</code> becomes lettered lines (A. …); <code>{'{{'}</code> and{' '}
    <code>{'}}'}</code> are literal braces.
  </>
);

/** A textarea in the form kit's labelled field. */
function TextAreaField({
  label,
  name,
  errors,
  hint,
  optional,
  defaultValue,
  rows = 3,
  placeholder,
}: {
  label: ReactNode;
  name: string;
  errors: FieldErrors;
  hint?: ReactNode;
  optional?: boolean;
  defaultValue: string;
  rows?: number;
  placeholder?: string;
}) {
  return (
    <Field label={label} name={name} errors={errors} hint={hint} optional={optional}>
      {(a11y) => (
        <textarea
          {...a11y}
          rows={rows}
          defaultValue={defaultValue}
          placeholder={placeholder}
          className={`${inputClass} font-mono text-xs`}
        />
      )}
    </Field>
  );
}

/** Per-section prompt rows (report generation), with stable keys. */
function SectionPrompts({
  base,
  initial,
  errors,
}: {
  base: string;
  initial: { name: string; prompt: string }[];
  errors: FieldErrors;
}) {
  const counter = useRef(initial.length);
  const [rows, setRows] = useState(initial.map((row, key) => ({ key, ...row })));
  const groupName = `${base}.sections`;
  const groupIds = fieldIds(groupName);
  const groupError = errors[groupName];
  return (
    <fieldset
      className="min-w-0"
      aria-describedby={[groupIds.hint, groupError ? groupIds.error : null]
        .filter(Boolean)
        .join(' ')}
    >
      <legend className="text-sm font-medium text-slate-700">Prompt per section</legend>
      <input type="hidden" name={groupName} value="" />
      <p id={groupIds.hint} className="text-xs text-slate-500">
        One request per scored section; name exactly the track’s sections (its <code>sections</code>{' '}
        setting). {PROMPT_HELP}
      </p>
      {groupError && (
        <p id={groupIds.error} className="mt-1 text-sm text-red-700">
          {groupError}
        </p>
      )}
      <ol className="mt-2 space-y-3">
        {rows.map((row, j) => (
          <li
            key={row.key}
            data-testid="section-prompt-row"
            className="grid gap-2 rounded-md bg-slate-50 p-2 sm:grid-cols-[10rem_minmax(0,1fr)_auto] sm:items-start"
          >
            <TextField
              label={
                <>
                  Section<span className="sr-only"> of prompt {j + 1}</span>
                </>
              }
              name={`${base}.sections[${j}].name`}
              errors={errors}
              defaultValue={row.name}
              placeholder="e.g. findings"
              autoComplete="off"
            />
            <TextAreaField
              label={
                <>
                  Prompt<span className="sr-only"> {j + 1}</span>
                </>
              }
              name={`${base}.sections[${j}].prompt`}
              errors={errors}
              defaultValue={row.prompt}
              rows={2}
            />
            <button
              type="button"
              onClick={() => setRows((r) => r.filter((x) => x.key !== row.key))}
              className="rounded px-2 py-2 text-sm text-red-700 hover:bg-red-50 sm:mt-6"
            >
              Remove<span className="sr-only"> section prompt {j + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => setRows((r) => [...r, { key: counter.current++, name: '', prompt: '' }])}
        className={`${secondaryButtonClass} mt-3`}
      >
        Add a section prompt
      </button>
    </fieldset>
  );
}

/** The `endpoint` contract of a VQA or report-generation track, as labelled fields. */
export function EndpointSubmissionFields({ taskType, config, namePrefix, errors }: SectionProps) {
  const base = `${namePrefix}endpoint`;
  const isReport = taskType === REPORT_GENERATION;
  const reportSections =
    isReport && Array.isArray(config.sections) ? config.sections.map(String) : [];
  const stored = endpointFormValuesOf(config.endpoint, reportSections);
  const [isEnabled, setEnabled] = useState(stored.enabled);
  const [mode, setMode] = useState(stored.promptMode);
  const defaults = endpointDefaults();
  const name = (field: string) => `${base}.${field}`;
  const modeIds = fieldIds(name('promptMode'));
  return (
    <ContractSection
      base={base}
      title="Endpoint submissions"
      about={
        <>
          Participants register an OpenAI-compatible chat-completions endpoint; MedRank’s workers
          send it each case with this prompt and score the answers. Off: the track takes prediction
          files only. See docs/endpoint-submissions.md.
        </>
      }
      switchLabel="This track takes endpoints"
      isEnabled={isEnabled}
      onToggle={setEnabled}
      errors={errors}
      testId="endpoint-contract"
    >
      {isReport && (
        <fieldset className="min-w-0" aria-describedby={modeIds.hint}>
          <legend className="text-sm font-medium text-slate-700">Prompts</legend>
          <p id={modeIds.hint} className="text-xs text-slate-500">
            A track scoring one section takes one prompt; a track scoring several takes one prompt
            per section.
          </p>
          <div className="mt-2 space-y-1">
            {(
              [
                ['one', 'One prompt (a track scoring one section)'],
                ['sections', 'A prompt per scored section'],
              ] as const
            ).map(([value, label]) => (
              <div key={value} className="flex items-start gap-2 text-sm">
                <input
                  id={`${modeIds.input}-${value}`}
                  type="radio"
                  name={name('promptMode')}
                  value={value}
                  checked={mode === value}
                  onChange={() => setMode(value)}
                  className="mt-1 h-4 w-4 accent-brand-600"
                />
                <label htmlFor={`${modeIds.input}-${value}`}>{label}</label>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      {isReport && mode === 'sections' ? (
        <SectionPrompts base={base} initial={stored.sections} errors={errors} />
      ) : (
        <TextAreaField
          label="Prompt"
          name={name('prompt')}
          errors={errors}
          defaultValue={stored.prompt}
          rows={4}
          placeholder={
            isReport
              ? 'e.g. Write the findings section of the radiology report for this image.'
              : 'e.g. Question: {question}\nOptions:\n{options}\nAnswer with the letter only.'
          }
          hint={PROMPT_HELP}
        />
      )}
      <TextAreaField
        label="System prompt"
        name={name('system')}
        errors={errors}
        optional
        defaultValue={stored.system}
        rows={2}
        placeholder="e.g. You are a radiologist."
        hint="Sent before every prompt; empty: none."
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Max tokens"
          name={name('maxTokens')}
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          errors={errors}
          defaultValue={stored.maxTokens}
          placeholder={String(defaults.maxTokens)}
          optional
          hint={`max_tokens of each request; default ${defaults.maxTokens}, at most ${grouped(ENDPOINT_MAX_TOKENS_LIMIT)}.`}
        />
        <TextField
          label="Temperature"
          name={name('temperature')}
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          errors={errors}
          defaultValue={stored.temperature}
          placeholder={String(defaults.temperature)}
          optional
          hint={`Sampling temperature of each request; default ${defaults.temperature}.`}
        />
      </div>
      <LimitFields
        legend="Limits of a run"
        keys={ENDPOINT_LIMIT_KEYS}
        label={(k) => ENDPOINT_LIMIT_LABELS[k]}
        defaults={DEFAULT_ENDPOINT_RUN_LIMITS}
        range={(k) =>
          `${grouped(ENDPOINT_RUN_LIMIT_RANGES[k][0])} to ${grouped(ENDPOINT_RUN_LIMIT_RANGES[k][1])}`
        }
        stored={stored.limits}
        base={name('limits')}
        errors={errors}
      />
      <CheckboxField
        label="Endpoints only: refuse prediction files"
        name={name('exclusive')}
        errors={errors}
        defaultChecked={stored.exclusive}
        hint="Every entry is then answered by the endpoint it names, on images that stay on MedRank’s side."
      />
    </ContractSection>
  );
}
