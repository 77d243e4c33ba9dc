'use client';
import { useState } from 'react';
import { Field, fieldIds, inputClass, type FieldErrors } from './form-kit';
import { StepForm } from './step-form';

export interface TaskTypeOption {
  key: string;
  label: string;
  metrics: { key: string; label: string }[];
  groundTruthFormat: { description: string; example: string };
  exampleConfig: Record<string, unknown>;
}

/**
 * Task types as radio cards (one tab stop, arrow keys move between them), each with the
 * ground-truth format a curator must upload, plus the task configuration as JSON.
 */
export function TaskTypeCards({
  taskTypes,
  errors,
  selected,
  config,
}: {
  taskTypes: TaskTypeOption[];
  errors: FieldErrors;
  selected?: string;
  config?: Record<string, unknown>;
}) {
  const [taskType, setTaskType] = useState(selected ?? '');
  const [configText, setConfigText] = useState(
    JSON.stringify(
      config ?? taskTypes.find((t) => t.key === selected)?.exampleConfig ?? {},
      null,
      2,
    ),
  );
  const ids = fieldIds('taskType');
  const error = errors.taskType;
  return (
    <div className="space-y-4">
      <fieldset className="min-w-0" aria-describedby={error ? ids.error : undefined}>
        <legend className="text-sm font-medium text-slate-700">Task type</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {taskTypes.map((t) => {
            const id = `task-${t.key}`;
            const isChecked = taskType === t.key;
            return (
              <div
                key={t.key}
                data-testid={`task-card-${t.key}`}
                className={`relative flex min-w-0 flex-col rounded-lg border p-4 text-sm shadow-sm transition focus-within:ring-2 focus-within:ring-brand-500/40 ${isChecked ? 'border-brand-500 bg-brand-50/60' : 'border-slate-200 bg-white hover:border-slate-300'}`}
              >
                <span className="flex items-center gap-2">
                  <input
                    id={id}
                    type="radio"
                    name="taskType"
                    value={t.key}
                    checked={isChecked}
                    aria-invalid={Boolean(error)}
                    aria-describedby={`${id}-about`}
                    onChange={() => {
                      setTaskType(t.key);
                      setConfigText(JSON.stringify(t.exampleConfig, null, 2));
                    }}
                    className="relative z-10 h-4 w-4 accent-brand-600"
                  />
                  {/* The label covers the card, so a click anywhere on it selects the type. */}
                  <label
                    htmlFor={id}
                    className="cursor-pointer font-semibold text-slate-900 after:absolute after:inset-0"
                  >
                    {t.label}
                  </label>
                </span>
                <span id={`${id}-about`} className="contents">
                  <span className="mt-2 text-xs text-slate-600">
                    Ground truth: {t.groundTruthFormat.description}
                  </span>
                  <code className="mt-2 block overflow-x-auto whitespace-pre rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-700">
                    {t.groundTruthFormat.example}
                  </code>
                  <span className="mt-2 text-xs text-slate-500">
                    Metrics: {t.metrics.map((m) => m.label).join(', ')}
                  </span>
                </span>
              </div>
            );
          })}
        </div>
        {error && (
          <p id={ids.error} className="mt-2 text-sm text-red-700">
            {error}
          </p>
        )}
      </fieldset>
      <Field
        label="Task configuration (JSON)"
        name="taskConfig"
        errors={errors}
        hint="Classes for classification, sections for report generation, labels for segmentation; {} when the defaults do."
      >
        {(a11y) => (
          <textarea
            {...a11y}
            rows={4}
            value={configText}
            onChange={(e) => setConfigText(e.target.value)}
            className={`${inputClass} font-mono text-xs`}
          />
        )}
      </Field>
    </div>
  );
}

export function TaskStep({
  slug,
  taskTypes,
  selected,
  config,
}: {
  slug: string;
  taskTypes: TaskTypeOption[];
  selected: string;
  config: Record<string, unknown>;
}) {
  return (
    <StepForm slug={slug} step="task">
      {(errors) => (
        <>
          <TaskTypeCards
            taskTypes={taskTypes}
            errors={{ ...errors, taskType: errors.taskType ?? errors['tracks[0].taskType'] }}
            selected={selected}
            config={config}
          />
          <p className="text-xs text-slate-500">
            Every track of the benchmark uses this task type. Changing it resets the metrics to the
            suggestions for the new type.
          </p>
        </>
      )}
    </StepForm>
  );
}
