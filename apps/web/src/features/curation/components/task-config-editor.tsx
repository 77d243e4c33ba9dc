'use client';
import type { ConfigKeyContract } from '@medrank/task-contracts';
import { useEffect, useRef, useState } from 'react';
import {
  BINARY_MASK_PRESET,
  SEGMENTATION,
  choiceExplanation,
  configOutsideForm,
  enumChoices,
  formKeysOf,
  labelRowIssues,
  labelRowsOf,
  type LabelRow,
} from '../task-config-form';
import { takesEndpoints, takesModels } from '../submission-contract-form';
import { EndpointSubmissionFields, ModelSubmissionFields } from './submission-contract-fields';
import {
  Field,
  TextField,
  fieldIds,
  inputClass,
  secondaryButtonClass,
  type FieldErrors,
} from './form-kit';

interface EditorProps {
  taskType: string;
  /** The task type's configuration keys, from its contract (descriptions and defaults). */
  configKeys: readonly ConfigKeyContract[];
  config: Record<string, unknown>;
  /** Prefix of the field names: '' on the first step, `tracks[2].` on the task step. */
  namePrefix: string;
  errors: FieldErrors;
}

/** A contract default (`"monai"`, `2`, `{ "1": "foreground" }`) as a value; the text when it is prose. */
function parseDefault(key: ConfigKeyContract | undefined): unknown {
  if (!key?.default) return undefined;
  try {
    return JSON.parse(key.default) as unknown;
  } catch {
    return key.default;
  }
}

const helpOf = (key: ConfigKeyContract | undefined) =>
  key ? `${key.description}${key.default === null ? '' : ` Default: ${key.default}.`}` : undefined;

/** The contract's documentation of configuration keys, next to the JSON box. */
function ConfigKeyDocs({ keys, id }: { keys: readonly ConfigKeyContract[]; id: string }) {
  if (keys.length === 0) return null;
  return (
    <dl id={id} className="mt-2 space-y-2 rounded-md bg-slate-50 p-3 text-xs text-slate-600">
      {keys.map((k) => (
        <div key={k.key}>
          <dt>
            <code className="font-semibold text-slate-800">{k.key}</code>{' '}
            <span className="text-slate-500">
              {k.type} · {k.default === null ? 'required' : `default ${k.default}`}
            </span>
          </dt>
          <dd>{k.description}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The configuration as JSON, with the keys it may hold documented beside it. */
function JsonConfigField({
  name,
  label,
  value,
  keys,
  errors,
}: {
  name: string;
  label: string;
  value: Record<string, unknown>;
  keys: readonly ConfigKeyContract[];
  errors: FieldErrors;
}) {
  const [text, setText] = useState(JSON.stringify(value, null, 2));
  const docsId = `${fieldIds(name).input}-keys`;
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <Field
        label={label}
        name={name}
        errors={errors}
        hint="A JSON object; {} when the defaults do. The keys it may hold are listed with it."
      >
        {(a11y) => (
          <textarea
            {...a11y}
            aria-describedby={[a11y['aria-describedby'], keys.length ? docsId : null]
              .filter(Boolean)
              .join(' ')}
            rows={Math.min(10, Math.max(3, text.split('\n').length))}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className={`${inputClass} font-mono text-xs`}
          />
        )}
      </Field>
      <ConfigKeyDocs keys={keys} id={docsId} />
    </div>
  );
}

/** Rows with stable keys (removing one keeps the others' focus and typed values). */
function useLabelRows(initial: LabelRow[]) {
  const counter = useRef(initial.length);
  const [rows, setRows] = useState(initial.map((row, key) => ({ key, ...row })));
  return {
    rows,
    setRows: (next: LabelRow[]) => setRows(next.map((row) => ({ key: counter.current++, ...row }))),
    update: (key: number, part: keyof LabelRow, value: string) =>
      setRows((r) => r.map((row) => (row.key === key ? { ...row, [part]: value } : row))),
    add: () => setRows((r) => [...r, { key: counter.current++, value: '', name: '' }]),
    remove: (key: number) => setRows((r) => r.filter((row) => row.key !== key)),
  };
}

/** Label map rows (pixel value → structure name), validated as typed, with the 0/255 preset. */
function LabelMapEditor({
  base,
  contract,
  initial,
  errors,
}: {
  base: string;
  contract: ConfigKeyContract | undefined;
  initial: LabelRow[];
  errors: FieldErrors;
}) {
  const { rows, setRows, update, add, remove } = useLabelRows(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState('');
  const focusAfterRender = useRef<string | null>(null);
  useEffect(() => {
    if (!focusAfterRender.current) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  });
  const live = Object.fromEntries(labelRowIssues(rows).map((i) => [i.field, i.message]));
  const groupName = `${base}.labels`;
  const groupIds = fieldIds(groupName);
  const addButtonId = `${groupIds.input}-add`;
  const groupError = rows.length === 0 ? live.labels : errors[groupName];
  const touch = (field: string) => setTouched((t) => new Set(t).add(field));
  const messageOf = (field: string) =>
    touched.has(field) ? live[field] : (errors[`${base}.${field}`] ?? undefined);
  const applyPreset = () => {
    setRows([...BINARY_MASK_PRESET]);
    setTouched(new Set());
    focusAfterRender.current = fieldIds(`${base}.labels[0].name`).input;
    setStatus(
      'Label map set to 255 → lesion (0 stays background). Rename the structure if needed.',
    );
  };
  return (
    <fieldset
      className="min-w-0 rounded-md border border-slate-200 p-2 sm:p-3"
      aria-describedby={[groupIds.hint, groupError ? groupIds.error : null]
        .filter(Boolean)
        .join(' ')}
    >
      <legend className="px-1 text-sm font-semibold">Label map</legend>
      {/* Present so an issue about the whole map has a field to belong to; empty sends nothing. */}
      <input type="hidden" name={groupName} value="" />
      <p id={groupIds.hint} className="text-xs text-slate-500">
        {helpOf(contract)} Each name becomes metric keys such as <code>dice:&lt;name&gt;</code>.
      </p>
      <ol className="mt-3 max-w-xl space-y-3">
        {rows.map((row, j) => {
          const valueName = `${base}.labels[${j}].value`;
          const nameName = `${base}.labels[${j}].name`;
          const valueIds = fieldIds(valueName);
          const nameIds = fieldIds(nameName);
          const valueError = messageOf(`labels[${j}].value`);
          const nameError = messageOf(`labels[${j}].name`);
          return (
            <li
              key={row.key}
              data-testid="label-row"
              className="grid grid-cols-[5rem_minmax(0,1fr)_auto] items-start gap-2 sm:grid-cols-[6.5rem_minmax(0,1fr)_auto]"
            >
              <div>
                <label
                  htmlFor={valueIds.input}
                  className="block text-xs font-medium text-slate-700"
                >
                  Pixel value<span className="sr-only"> of label {j + 1}</span>
                </label>
                <input
                  id={valueIds.input}
                  name={valueName}
                  inputMode="numeric"
                  value={row.value}
                  onChange={(e) => update(row.key, 'value', e.target.value)}
                  onBlur={() => touch(`labels[${j}].value`)}
                  aria-invalid={Boolean(valueError)}
                  aria-describedby={valueError ? valueIds.error : undefined}
                  className={inputClass}
                />
                {valueError && (
                  <p id={valueIds.error} className="mt-1 text-xs text-red-700">
                    {valueError}
                  </p>
                )}
              </div>
              <div>
                <label htmlFor={nameIds.input} className="block text-xs font-medium text-slate-700">
                  Name<span className="sr-only"> of label {j + 1}</span>
                </label>
                <input
                  id={nameIds.input}
                  name={nameName}
                  value={row.name}
                  onChange={(e) => update(row.key, 'name', e.target.value)}
                  onBlur={() => touch(`labels[${j}].name`)}
                  aria-invalid={Boolean(nameError)}
                  aria-describedby={nameError ? nameIds.error : undefined}
                  className={inputClass}
                />
                {nameError && (
                  <p id={nameIds.error} className="mt-1 text-xs text-red-700">
                    {nameError}
                  </p>
                )}
              </div>
              <button
                type="button"
                onClick={() => {
                  remove(row.key);
                  // The button goes with its row: keep the keyboard in the editor.
                  focusAfterRender.current = addButtonId;
                }}
                className="mt-6 rounded px-1 py-2 text-sm text-red-700 hover:bg-red-50 sm:px-2"
              >
                Remove<span className="sr-only"> label {j + 1}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {groupError && (
        <p id={groupIds.error} className="mt-2 text-sm text-red-700">
          {groupError}
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <button id={addButtonId} type="button" onClick={add} className={secondaryButtonClass}>
          Add a label
        </button>
        <button
          type="button"
          onClick={applyPreset}
          aria-describedby={`${groupIds.input}-preset`}
          className={secondaryButtonClass}
        >
          0/255 binary masks
        </button>
      </div>
      <p id={`${groupIds.input}-preset`} className="mt-1 text-xs text-slate-500">
        For PNG masks saved as 0 and 255: one structure at 255.
      </p>
      <p role="status" className="sr-only">
        {status}
      </p>
    </fieldset>
  );
}

/** Labelled fields for a segmentation track; the keys they do not cover stay in a JSON box. */
function SegmentationConfigFields({ configKeys, config, namePrefix, errors }: EditorProps) {
  const keyOf = (key: string) => configKeys.find((k) => k.key === key);
  const base = `${namePrefix}segmentation`;
  const spacing = Array.isArray(config.spacingMm) ? (config.spacingMm as unknown[]) : [];
  const spacingIds = fieldIds(`${base}.spacingMm`);
  const hd95 = keyOf('hd95Convention');
  const hd95Choices = hd95 ? (enumChoices(hd95.type) ?? []) : [];
  const hd95Name = `${base}.hd95Convention`;
  const hd95Ids = fieldIds(hd95Name);
  const hd95Error = errors[hd95Name];
  const [convention, setConvention] = useState(
    String(config.hd95Convention ?? parseDefault(hd95) ?? hd95Choices[0] ?? ''),
  );
  const labels = labelRowsOf(config.labels ?? parseDefault(keyOf('labels')));
  return (
    <div className="space-y-4" data-testid="segmentation-config">
      <LabelMapEditor base={base} contract={keyOf('labels')} initial={labels} errors={errors} />
      <fieldset
        className="min-w-0 rounded-md border border-slate-200 p-3"
        aria-describedby={spacingIds.hint}
      >
        <legend className="px-1 text-sm font-semibold">
          Pixel spacing <span className="font-normal text-slate-500">(optional)</span>
        </legend>
        <p id={spacingIds.hint} className="text-xs text-slate-500">
          {helpOf(keyOf('spacingMm'))}
        </p>
        <div className="mt-2 grid max-w-md grid-cols-2 gap-3">
          {(['Row spacing (mm)', 'Column spacing (mm)'] as const).map((label, axis) => (
            <TextField
              key={label}
              label={label}
              name={`${base}.spacingMm[${axis}]`}
              type="number"
              step="any"
              min={0}
              inputMode="decimal"
              errors={errors}
              defaultValue={spacing[axis] === undefined ? '' : String(spacing[axis])}
            />
          ))}
        </div>
      </fieldset>
      <div className="max-w-md">
        <TextField
          label="NSD tolerance (mm)"
          name={`${base}.toleranceMm`}
          type="number"
          step="any"
          min={0}
          inputMode="decimal"
          optional
          errors={errors}
          defaultValue={config.toleranceMm === undefined ? '' : String(config.toleranceMm)}
          hint={helpOf(keyOf('toleranceMm'))}
        />
      </div>
      {hd95Choices.length > 0 && (
        <fieldset
          className="min-w-0"
          aria-describedby={[hd95Ids.hint, hd95Error ? hd95Ids.error : null]
            .filter(Boolean)
            .join(' ')}
        >
          <legend className="text-sm font-medium text-slate-700">HD95 convention</legend>
          <p id={hd95Ids.hint} className="text-xs text-slate-500">
            {helpOf(hd95)}
          </p>
          <div className="mt-2 space-y-1">
            {hd95Choices.map((choice) => {
              const id = `${hd95Ids.input}-${choice}`;
              const explanation = hd95 ? choiceExplanation(hd95.description, choice) : null;
              return (
                <div key={choice} className="flex items-start gap-2 text-sm">
                  <input
                    id={id}
                    type="radio"
                    name={hd95Name}
                    value={choice}
                    checked={convention === choice}
                    onChange={() => setConvention(choice)}
                    aria-invalid={Boolean(hd95Error)}
                    className="mt-1 h-4 w-4 accent-brand-600"
                  />
                  <label htmlFor={id}>
                    <code>{choice}</code>
                    {explanation && <span className="text-slate-600"> — {explanation}</span>}
                  </label>
                </div>
              );
            })}
          </div>
          {hd95Error && (
            <p id={hd95Ids.error} className="mt-1 text-sm text-red-700">
              {hd95Error}
            </p>
          )}
        </fieldset>
      )}
    </div>
  );
}

/**
 * The configuration of one track's task type: labelled fields for segmentation's label map and
 * for the `model` / `endpoint` contracts of the task types that take them, and the JSON box with
 * the contract's key documentation for every other key (a new task type needs nothing here).
 */
export function TaskConfigEditor(props: EditorProps) {
  const { taskType, configKeys, config, namePrefix, errors } = props;
  const formKeys = formKeysOf(taskType);
  const hasFields = formKeys.length > 0;
  return (
    <div className="space-y-4">
      {taskType === SEGMENTATION && <SegmentationConfigFields {...props} />}
      {takesModels(taskType) && (
        <ModelSubmissionFields
          taskType={taskType}
          config={config}
          namePrefix={namePrefix}
          errors={errors}
        />
      )}
      {takesEndpoints(taskType) && (
        <EndpointSubmissionFields
          taskType={taskType}
          config={config}
          namePrefix={namePrefix}
          errors={errors}
        />
      )}
      <JsonConfigField
        name={`${namePrefix}taskConfig`}
        label={taskType === SEGMENTATION ? 'Other settings (JSON)' : 'Task configuration (JSON)'}
        value={hasFields ? configOutsideForm(taskType, config) : config}
        keys={configKeys.filter((k) => !formKeys.includes(k.key))}
        errors={errors}
      />
    </div>
  );
}
