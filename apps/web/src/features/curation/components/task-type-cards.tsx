'use client';
import type { ConfigKeyContract } from '@medrank/task-contracts';
import { useState } from 'react';
import { fieldIds, type FieldErrors } from './form-kit';
import { StepForm } from './step-form';
import { TaskConfigEditor } from './task-config-editor';

export interface TaskTypeOption {
  key: string;
  label: string;
  metrics: { key: string; label: string }[];
  groundTruthFormat: { description: string; example: string };
  exampleConfig: Record<string, unknown>;
  /** The configuration keys of the task type's contract (what the editor documents or shows as fields). */
  configKeys: readonly ConfigKeyContract[];
}

/**
 * Task types as radio cards (one tab stop, arrow keys move between them), each with the
 * ground-truth format a curator must upload, then the chosen type's configuration editor.
 * `namePrefix` places the fields in the definition (`` on the first step, `tracks[1].` per track).
 */
export function TaskTypeCards({
  taskTypes,
  errors,
  selected,
  config,
  namePrefix = '',
  isCompact = false,
}: {
  taskTypes: TaskTypeOption[];
  errors: FieldErrors;
  selected?: string;
  config?: Record<string, unknown>;
  namePrefix?: string;
  /** Only the chosen card shows its ground-truth format (several tracks on one page). */
  isCompact?: boolean;
}) {
  const [taskType, setTaskType] = useState(selected ?? '');
  const chosen = taskTypes.find((t) => t.key === taskType);
  // The stored configuration belongs to the stored type; another type starts from its example.
  const initialConfig =
    taskType === selected && config ? config : (chosen?.exampleConfig ?? config ?? {});
  const name = `${namePrefix}taskType`;
  const ids = fieldIds(name);
  const error = errors[name];
  const idBase = `task-${namePrefix.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <div className="space-y-4">
      <fieldset className="min-w-0" aria-describedby={error ? ids.error : undefined}>
        <legend className="text-sm font-medium text-slate-700">Task type</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {taskTypes.map((t) => {
            const id = `${idBase}${t.key}`;
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
                    name={name}
                    value={t.key}
                    checked={isChecked}
                    aria-invalid={Boolean(error)}
                    aria-describedby={`${id}-about`}
                    onChange={() => setTaskType(t.key)}
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
                  {(!isCompact || isChecked) && (
                    <>
                      <span className="mt-2 text-xs text-slate-600">
                        Ground truth: {t.groundTruthFormat.description}
                      </span>
                      {/* Wrapped rather than scrolled: a scrolling example would need its own tab stop. */}
                      <code className="mt-2 block whitespace-pre-wrap rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-700 [overflow-wrap:anywhere]">
                        {t.groundTruthFormat.example}
                      </code>
                    </>
                  )}
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
      {chosen && (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold text-slate-900">{chosen.label} configuration</h4>
          <TaskConfigEditor
            // A new type remounts the editor, so its fields start from that type's example.
            key={chosen.key}
            taskType={chosen.key}
            configKeys={chosen.configKeys}
            config={initialConfig}
            namePrefix={namePrefix}
            errors={errors}
          />
        </div>
      )}
    </div>
  );
}

export interface TaskStepTrack {
  slug: string;
  name: string;
  taskType: string;
  taskConfig: Record<string, unknown>;
}

export function TaskStep({
  slug,
  taskTypes,
  tracks,
}: {
  slug: string;
  taskTypes: TaskTypeOption[];
  tracks: TaskStepTrack[];
}) {
  return (
    <StepForm slug={slug} step="task">
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">
            Each track has its own task type and configuration: a benchmark may hold, say, a
            closed-question track, an open-question track and a segmentation track. Changing a
            track’s type resets its metrics to the suggestions for the new type; changing its
            configuration keeps the metrics it can still compute.
          </p>
          {tracks.map((track, i) => (
            <fieldset
              key={track.slug}
              data-testid={`task-track-${track.slug}`}
              className="min-w-0 rounded-lg border border-slate-200 p-3 sm:p-4"
            >
              <legend className="px-1 text-sm font-semibold text-slate-900">
                Track “{track.name}”
              </legend>
              <TaskTypeCards
                taskTypes={taskTypes}
                errors={errors}
                selected={track.taskType}
                config={track.taskConfig}
                namePrefix={`tracks[${i}].`}
                isCompact={tracks.length > 1}
              />
            </fieldset>
          ))}
        </>
      )}
    </StepForm>
  );
}
