'use client';
import { useRef, useState } from 'react';
import {
  Field,
  SelectField,
  TextField,
  inputClass,
  secondaryButtonClass,
  type FieldErrors,
} from './form-kit';
import { StepForm } from './step-form';

/** Rows with stable keys, so removing one keeps the others' typed values. */
function useRows<T>(initial: T[], blank: () => T) {
  const counter = useRef(initial.length);
  const [rows, setRows] = useState(initial.map((value, i) => ({ key: i, value })));
  return {
    rows,
    add: () => setRows((r) => [...r, { key: counter.current++, value: blank() }]),
    remove: (key: number) => setRows((r) => r.filter((row) => row.key !== key)),
  };
}

export interface TrackValues {
  slug: string;
  name: string;
  description?: string;
}

export function TracksStep({ slug, tracks }: { slug: string; tracks: TrackValues[] }) {
  const { rows, add, remove } = useRows<TrackValues & { isNew?: boolean }>(tracks, () => ({
    slug: '',
    name: '',
    isNew: true,
  }));
  return (
    <StepForm slug={slug} step="tracks">
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">
            A track is one leaderboard context with its own metrics and ranking, e.g. ReXrank’s
            “findings” and “findings + impression”. New tracks start with the first track’s task
            type, metrics and test sets.
          </p>
          <ol className="space-y-4">
            {rows.map(({ key, value }, i) => (
              <li key={key} className="rounded-lg border border-slate-200 p-4">
                <div className="flex items-center justify-between">
                  <h3 className="text-sm font-semibold">Track {i + 1}</h3>
                  {rows.length > 1 && (
                    <button
                      type="button"
                      onClick={() => remove(key)}
                      className="rounded px-2 py-1 text-sm text-red-700 hover:bg-red-50"
                    >
                      Remove <span className="sr-only">track {i + 1}</span>
                    </button>
                  )}
                </div>
                {!value.isNew && (
                  <input type="hidden" name={`tracks[${i}].originalSlug`} value={value.slug} />
                )}
                <div className="mt-2 grid gap-3 sm:grid-cols-2">
                  <TextField
                    label="Name"
                    name={`tracks[${i}].name`}
                    errors={errors}
                    defaultValue={value.name}
                    placeholder="e.g. Findings"
                  />
                  <TextField
                    label="Slug"
                    name={`tracks[${i}].slug`}
                    errors={errors}
                    defaultValue={value.slug}
                    placeholder="e.g. findings"
                  />
                </div>
                <div className="mt-3">
                  <TextField
                    label="Description"
                    name={`tracks[${i}].description`}
                    errors={errors}
                    defaultValue={value.description}
                    optional
                  />
                </div>
              </li>
            ))}
          </ol>
          <button type="button" onClick={add} className={secondaryButtonClass}>
            Add a track
          </button>
        </>
      )}
    </StepForm>
  );
}

export interface TestSetValues {
  slug: string;
  name: string;
  description?: string;
  visibility: 'public' | 'hidden-until-close';
  categoryDimensions: string[];
}

function TrackTestSets({
  trackIndex,
  trackName,
  testSets,
  errors,
}: {
  trackIndex: number;
  trackName: string;
  testSets: TestSetValues[];
  errors: FieldErrors;
}) {
  const { rows, add, remove } = useRows<TestSetValues>(testSets, () => ({
    slug: '',
    name: '',
    visibility: 'public',
    categoryDimensions: [],
  }));
  return (
    <fieldset className="min-w-0 rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold">Track “{trackName}”</legend>
      <ol className="space-y-4">
        {rows.map(({ key, value }, i) => {
          const base = `tracks[${trackIndex}].testSets[${i}]`;
          return (
            <li key={key} className="space-y-3 border-b border-slate-100 pb-4 last:border-0">
              <div className="flex items-center justify-between">
                <h3 className="text-sm font-medium">Test set {i + 1}</h3>
                {rows.length > 1 && (
                  <button
                    type="button"
                    onClick={() => remove(key)}
                    className="rounded px-2 py-1 text-sm text-red-700 hover:bg-red-50"
                  >
                    Remove <span className="sr-only">test set {i + 1}</span>
                  </button>
                )}
              </div>
              <div className="grid gap-3 sm:grid-cols-2">
                <TextField
                  label="Name"
                  name={`${base}.name`}
                  errors={errors}
                  defaultValue={value.name}
                  placeholder="e.g. Test"
                />
                <TextField
                  label="Slug"
                  name={`${base}.slug`}
                  errors={errors}
                  defaultValue={value.slug}
                  placeholder="e.g. test"
                />
                <SelectField
                  label="Scores"
                  name={`${base}.visibility`}
                  errors={errors}
                  defaultValue={value.visibility}
                  options={[
                    { value: 'public', label: 'Public now' },
                    { value: 'hidden-until-close', label: 'Hidden until the phase closes' },
                  ]}
                />
                <TextField
                  label="Category dimensions"
                  name={`${base}.categoryDimensions`}
                  errors={{
                    ...errors,
                    [`${base}.categoryDimensions`]:
                      errors[`${base}.categoryDimensions`] ??
                      Object.entries(errors).find(([k]) =>
                        k.startsWith(`${base}.categoryDimensions[`),
                      )?.[1],
                  }}
                  defaultValue={value.categoryDimensions.join(', ')}
                  optional
                  placeholder="e.g. organ, question_type"
                  hint="Comma-separated; the cases’ metadata columns shown as breakdowns."
                />
              </div>
              <Field label="Description" name={`${base}.description`} errors={errors} optional>
                {(a11y) => (
                  <textarea
                    {...a11y}
                    rows={2}
                    defaultValue={value.description}
                    className={inputClass}
                  />
                )}
              </Field>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={add} className={`${secondaryButtonClass} mt-3`}>
        Add a test set <span className="sr-only">to {trackName}</span>
      </button>
    </fieldset>
  );
}

export function TestSetsStep({
  slug,
  tracks,
}: {
  slug: string;
  tracks: { name: string; testSets: TestSetValues[] }[];
}) {
  return (
    <StepForm slug={slug} step="test-sets">
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">
            Each test set gets its own hidden ground truth and board. Hidden scores stay off the
            board until the phase closes.
          </p>
          {tracks.map((t, i) => (
            <TrackTestSets
              key={t.name + i}
              trackIndex={i}
              trackName={t.name}
              testSets={t.testSets}
              errors={errors}
            />
          ))}
        </>
      )}
    </StepForm>
  );
}

export interface PhaseValues {
  name: string;
  opensAt: string;
  closesAt?: string;
  dailyQuota: number;
  totalQuota?: number;
  finalSelection: 'latest' | 'best' | 'chosen';
}

/** ISO instant → the `datetime-local` value in UTC. */
const toLocalInput = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '');

export function PhasesStep({ slug, phases }: { slug: string; phases: PhaseValues[] }) {
  const { rows, add, remove } = useRows<PhaseValues>(phases, () => ({
    name: phases.length === 0 ? 'Open' : '',
    opensAt: new Date().toISOString(),
    dailyQuota: 5,
    finalSelection: 'latest',
  }));
  return (
    <StepForm slug={slug} step="phases">
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">
            Submissions are accepted while a phase is open. Times are UTC. Leave “closes” empty for
            a board that stays open.
          </p>
          {rows.length === 0 && (
            <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">
              No phase yet: nobody can submit until one is open.
            </p>
          )}
          <ol className="space-y-4">
            {rows.map(({ key, value }, i) => {
              const base = `phases[${i}]`;
              return (
                <li key={key} className="rounded-lg border border-slate-200 p-4">
                  <div className="flex items-center justify-between">
                    <h3 className="text-sm font-semibold">Phase {i + 1}</h3>
                    <button
                      type="button"
                      onClick={() => remove(key)}
                      className="rounded px-2 py-1 text-sm text-red-700 hover:bg-red-50"
                    >
                      Remove <span className="sr-only">phase {i + 1}</span>
                    </button>
                  </div>
                  <div className="mt-2 grid gap-3 sm:grid-cols-3">
                    <TextField
                      label="Name"
                      name={`${base}.name`}
                      errors={errors}
                      defaultValue={value.name}
                    />
                    <TextField
                      label="Opens (UTC)"
                      name={`${base}.opensAt`}
                      type="datetime-local"
                      errors={errors}
                      defaultValue={toLocalInput(value.opensAt)}
                    />
                    <TextField
                      label="Closes (UTC)"
                      name={`${base}.closesAt`}
                      type="datetime-local"
                      errors={errors}
                      defaultValue={toLocalInput(value.closesAt)}
                      optional
                    />
                    <TextField
                      label="Daily quota"
                      name={`${base}.dailyQuota`}
                      type="number"
                      min={1}
                      errors={errors}
                      defaultValue={value.dailyQuota}
                      hint="Submissions per team per UTC day."
                    />
                    <TextField
                      label="Total quota"
                      name={`${base}.totalQuota`}
                      type="number"
                      min={1}
                      errors={errors}
                      defaultValue={value.totalQuota}
                      optional
                    />
                    <SelectField
                      label="Final selection"
                      name={`${base}.finalSelection`}
                      errors={errors}
                      defaultValue={value.finalSelection}
                      hint="Which of a team’s entries counts when the phase closes."
                      options={[
                        { value: 'latest', label: 'Latest entry' },
                        { value: 'best', label: 'Best on the primary metric' },
                        { value: 'chosen', label: 'Chosen by the team' },
                      ]}
                    />
                  </div>
                </li>
              );
            })}
          </ol>
          <button type="button" onClick={add} className={secondaryButtonClass}>
            Add a phase
          </button>
        </>
      )}
    </StepForm>
  );
}
