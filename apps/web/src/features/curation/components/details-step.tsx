'use client';
import { useState } from 'react';
import type { TaskTypeOption } from './task-type-cards';
import { Field, TextField, inputClass } from './form-kit';
import { MarkdownPreview } from './markdown-preview';
import { StepForm } from './step-form';
import { TaskTypeCards } from './task-type-cards';

export interface DetailsValues {
  slug?: string;
  title?: string;
  summary?: string;
  description?: string;
  modality?: string;
  bodyRegion?: string;
  citation?: string;
  paperUrl?: string;
  dataUrl?: string;
  license?: string;
}

/**
 * Step 1. For a new benchmark it also asks for the task type, so the draft saved here is a valid
 * definition (the curation package needs a track with a task type); the next steps refine it.
 */
export function DetailsStep({
  slug,
  values,
  taskTypes,
}: {
  slug: string | null;
  values: DetailsValues;
  taskTypes?: TaskTypeOption[];
}) {
  const [description, setDescription] = useState(values.description ?? '');
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  return (
    <StepForm slug={slug} step="details" submitLabel={slug ? 'Save and continue' : 'Create draft'}>
      {(errors) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Title"
              name="title"
              errors={errors}
              defaultValue={values.title}
              required
              maxLength={200}
            />
            <TextField
              label="Slug"
              name="slug"
              errors={errors}
              defaultValue={values.slug}
              required
              readOnly={Boolean(slug)}
              maxLength={64}
              hint={
                slug
                  ? 'The benchmark’s address; it cannot change once created.'
                  : 'The benchmark’s address: /benchmarks/<slug>. Lower-case letters, digits, hyphens.'
              }
            />
          </div>
          <TextField
            label="Summary"
            name="summary"
            errors={errors}
            defaultValue={values.summary}
            required
            maxLength={500}
            hint="One sentence for the catalog card."
          />
          <Field
            label="Description"
            name="description"
            errors={errors}
            optional
            hint="Markdown: headings, lists, links, code. HTML is not rendered."
          >
            {(a11y) => (
              <div className="mt-1">
                <div role="tablist" aria-label="Description editor" className="flex gap-1 text-sm">
                  {(['write', 'preview'] as const).map((t) => (
                    <button
                      key={t}
                      type="button"
                      role="tab"
                      aria-selected={tab === t}
                      aria-controls={`description-${t}`}
                      onClick={() => setTab(t)}
                      className={`rounded-t-md border border-b-0 px-3 py-1 ${tab === t ? 'border-slate-300 bg-white font-medium text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
                    >
                      {t === 'write' ? 'Write' : 'Preview'}
                    </button>
                  ))}
                </div>
                <div id="description-write" role="tabpanel" hidden={tab !== 'write'}>
                  <textarea
                    {...a11y}
                    rows={8}
                    value={description}
                    onChange={(e) => setDescription(e.target.value)}
                    className={`${inputClass} mt-0 font-mono`}
                  />
                </div>
                <div
                  id="description-preview"
                  role="tabpanel"
                  hidden={tab !== 'preview'}
                  data-testid="description-preview"
                  className="min-h-32 rounded-md border border-slate-300 bg-white p-3"
                >
                  <MarkdownPreview source={description} />
                </div>
              </div>
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField
              label="Modality"
              name="modality"
              errors={errors}
              defaultValue={values.modality}
              optional
              placeholder="e.g. Ultrasound"
            />
            <TextField
              label="Body region"
              name="bodyRegion"
              errors={errors}
              defaultValue={values.bodyRegion}
              optional
              placeholder="e.g. Breast"
            />
            <TextField
              label="License"
              name="license"
              errors={errors}
              defaultValue={values.license}
              optional
              placeholder="e.g. CC BY 4.0"
            />
          </div>
          <Field label="Citation" name="citation" errors={errors} optional>
            {(a11y) => (
              <textarea {...a11y} rows={2} defaultValue={values.citation} className={inputClass} />
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Paper link"
              name="paperUrl"
              type="url"
              errors={errors}
              defaultValue={values.paperUrl}
              optional
              placeholder="https://"
            />
            <TextField
              label="Data link"
              name="dataUrl"
              type="url"
              errors={errors}
              defaultValue={values.dataUrl}
              optional
              placeholder="https://"
            />
          </div>
          {taskTypes && <TaskTypeCards taskTypes={taskTypes} errors={errors} />}
        </>
      )}
    </StepForm>
  );
}
