'use client';
import { useRef, useState } from 'react';
import {
  CheckboxField,
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
    /** Appends a blank row, or `value` (a template such as a private split). */
    add: (value?: T) => setRows((r) => [...r, { key: counter.current++, value: value ?? blank() }]),
    remove: (key: number) => setRows((r) => r.filter((row) => row.key !== key)),
  };
}

export interface TrackValues {
  slug: string;
  name: string;
  description?: string;
  taskType: string;
}

export function TracksStep({
  slug,
  tracks,
  taskTypes,
}: {
  slug: string;
  tracks: TrackValues[];
  /** Every task type, for each track's own choice. */
  taskTypes: { key: string; label: string }[];
}) {
  const { rows, add, remove } = useRows<TrackValues & { isNew?: boolean }>(tracks, () => ({
    slug: '',
    name: '',
    // The benchmark's first choice, unless the curator picks another for this track.
    taskType: tracks[0]?.taskType ?? taskTypes[0]?.key ?? '',
    isNew: true,
  }));
  return (
    <StepForm slug={slug} step="tracks">
      {(errors) => (
        <>
          <p className="text-sm text-slate-600">
            A track is one leaderboard context with its own metrics and ranking, e.g. ReXrank’s
            “findings” and “findings + impression”. Each track has its own task type: a new track
            starts with the first track’s type, configuration, metrics and test sets; pick another
            type and it starts from that type’s suggestions, configured on the task step next.
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
                  <SelectField
                    label="Task type"
                    name={`tracks[${i}].taskType`}
                    errors={errors}
                    defaultValue={value.taskType}
                    options={taskTypes.map((t) => ({ value: t.key, label: t.label }))}
                    hint={
                      value.isNew
                        ? undefined
                        : 'Changing it resets the track’s configuration and metrics; a track with submissions or ground truth keeps its type.'
                    }
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
          <button type="button" onClick={() => add()} className={secondaryButtonClass}>
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
  /** Who may read the test set's inputs (images, questions): everyone, or the workers only. */
  inputs: 'public' | 'hidden';
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
    inputs: 'hidden',
    categoryDimensions: [],
  }));
  const hasPrivateSplit = rows.some((r) => r.value.visibility === 'hidden-until-close');
  const addPrivateSplit = () =>
    add({
      slug: rows.some((r) => r.value.slug === 'private') ? '' : 'private',
      name: 'Private',
      visibility: 'hidden-until-close',
      inputs: 'hidden',
      categoryDimensions: rows[0]?.value.categoryDimensions ?? [],
      description:
        'Private split: scores stay hidden until every phase closes; the final ranking is made on these cases.',
    });
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
                    { value: 'hidden-until-close', label: 'Hidden until the phases close' },
                  ]}
                />
                <SelectField
                  label="Test inputs"
                  name={`${base}.inputs`}
                  errors={errors}
                  defaultValue={value.inputs}
                  options={[
                    { value: 'hidden', label: 'Hidden: only model and endpoint runs read them' },
                    { value: 'public', label: 'Public: participants download them' },
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
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" onClick={() => add()} className={secondaryButtonClass}>
          Add a test set <span className="sr-only">to {trackName}</span>
        </button>
        {!hasPrivateSplit && (
          <button type="button" onClick={addPrivateSplit} className={secondaryButtonClass}>
            Add a private split <span className="sr-only">to {trackName}</span>
          </button>
        )}
      </div>
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
            Each test set gets its own hidden ground truth and board. Scores of a test set “hidden
            until the phases close” are shown to nobody but this benchmark’s curators — the
            submitting teams included — until every phase has closed (a phase without a close date
            keeps them hidden).
          </p>
          <p className="text-sm text-slate-600">
            <strong className="font-medium text-slate-800">Private split.</strong> A public test set
            plus a hidden one of the same track: participants see only the public scores while they
            submit, and the final ranking at the close is made on cases nobody could probe. “Add a
            private split” adds the hidden half to a track.
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

export interface PhaseDefenceValues {
  scoreDecimals: number;
  nearDuplicate: { minCases: number; minFraction: number };
  ladderMargin?: number;
  requiresApproval: boolean;
}

export interface PhaseValues extends PhaseDefenceValues {
  name: string;
  opensAt: string;
  closesAt?: string;
  dailyQuota: number;
  totalQuota?: number;
  finalSelection: 'latest' | 'best' | 'chosen';
}

/**
 * The probing defences of one phase, each with what it defends against and what it costs
 * participants (docs/curation.md says the same at length).
 */
function PhaseDefences({
  base,
  value,
  errors,
}: {
  base: string;
  value: PhaseDefenceValues;
  errors: FieldErrors;
}) {
  return (
    <fieldset className="mt-4 min-w-0 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold">
        Defences against probing the hidden labels
      </legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Score decimals"
          name={`${base}.scoreDecimals`}
          type="number"
          min={0}
          max={6}
          errors={errors}
          defaultValue={value.scoreDecimals}
          hint="Scores, confidence intervals and breakdowns are stored and shown rounded to this many decimals (0–6). Defends against score probing: full-precision scores let a crafted file reveal labels. Costs: smaller differences are not shown, and entries tied at this precision share a rank. Changing it rescores the benchmark."
        />
        <TextField
          label="Ladder margin"
          name={`${base}.ladderMargin`}
          type="number"
          step="any"
          min={0}
          errors={errors}
          defaultValue={value.ladderMargin}
          optional
          hint="A team’s new score on a public test set is shown only if it beats the team’s best shown score by at least this much, in the primary metric’s units (e.g. 0.01); otherwise it is withheld and only curators see it (the Ladder, Blum & Hardt 2015). Defends against overfitting the public board with many small variations. Costs: real gains smaller than the margin stay invisible. Empty: every score is shown."
        />
        <TextField
          label="Near duplicates: minimum differing cases"
          name={`${base}.nearDuplicate.minCases`}
          type="number"
          min={0}
          errors={errors}
          defaultValue={value.nearDuplicate.minCases}
          hint="A submission whose predictions differ from an earlier one of the same team or person in fewer cases than this (or than the fraction below, whichever is larger) is not scored on hidden data, and says why. Defends against learning labels a few cases at a time. Costs: a tiny fix cannot be resubmitted alone."
        />
        <TextField
          label="Near duplicates: minimum differing fraction"
          name={`${base}.nearDuplicate.minFraction`}
          type="number"
          step="any"
          min={0}
          max={1}
          errors={errors}
          defaultValue={value.nearDuplicate.minFraction}
          hint="The same rule as a share of the test set’s cases (0.01 = 1 %). Set both to 0 to turn the check off."
        />
        <div className="sm:col-span-2">
          <CheckboxField
            label="Participants need a curator’s approval"
            name={`${base}.requiresApproval`}
            errors={errors}
            defaultChecked={value.requiresApproval}
            hint="Each person asks to take part and a curator approves them before they can submit, as on grand-challenge. Defends against multiplying the quota with many free accounts (quotas count per person). Costs: participants wait for a curator."
          />
        </div>
      </div>
    </fieldset>
  );
}

/** ISO instant → the `datetime-local` value in UTC. */
const toLocalInput = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '');

export function PhasesStep({
  slug,
  phases,
  defaults,
}: {
  slug: string;
  phases: PhaseValues[];
  /** The defences a new phase starts with (the definition schema's defaults). */
  defaults: PhaseDefenceValues;
}) {
  const { rows, add, remove } = useRows<PhaseValues>(phases, () => ({
    name: phases.length === 0 ? 'Open' : '',
    opensAt: new Date().toISOString(),
    dailyQuota: 5,
    finalSelection: 'latest',
    ...defaults,
    nearDuplicate: { ...defaults.nearDuplicate },
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
                  <PhaseDefences base={base} value={value} errors={errors} />
                </li>
              );
            })}
          </ol>
          <button type="button" onClick={() => add()} className={secondaryButtonClass}>
            Add a phase
          </button>
        </>
      )}
    </StepForm>
  );
}
