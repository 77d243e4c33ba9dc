'use client';
import { useActionState, useRef, useState } from 'react';
import { moderateAction, type ModerationResult } from '../actions';
import {
  FormAlert,
  buttonClass,
  inputClass,
  useFocusFirstError,
  useSubmitKeepingValues,
} from './form-kit';

export interface ModerationEntryView {
  kind: 'verified' | 'reported';
  id: string;
  name: string;
  detail: string;
  moderation: 'VISIBLE' | 'HIDDEN' | 'DISQUALIFIED';
  moderationReason: string | null;
  baselineKind: string | null;
}

const STATE_STYLE = {
  VISIBLE: 'bg-emerald-50 text-emerald-800',
  HIDDEN: 'bg-slate-100 text-slate-700',
  DISQUALIFIED: 'bg-red-50 text-red-800',
} as const;

const ACTIONS = [
  { value: 'hide', label: 'Hide (public reason)' },
  { value: 'disqualify', label: 'Disqualify (public reason)' },
  { value: 'restore', label: 'Restore' },
  { value: 'mark-baseline', label: 'Mark as baseline' },
  { value: 'unmark-baseline', label: 'Unmark baseline' },
] as const;

/** One entry with its state and a small form for the next moderation step. */
export function ModerationRow({ slug, entry }: { slug: string; entry: ModerationEntryView }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [action, setAction] = useState<string>(entry.moderation === 'VISIBLE' ? 'hide' : 'restore');
  const [state, formAction, isPending] = useActionState<ModerationResult | null, FormData>(
    moderateAction.bind(null, slug),
    null,
  );
  const onSubmit = useSubmitKeepingValues(formAction);
  useFocusFirstError(formRef, state?.ok === false ? state : null);
  const base = `mod-${entry.kind}-${entry.id}`;
  const reasonError = state?.ok === false ? state.fieldErrors?.reason : undefined;
  const kindError = state?.ok === false ? state.fieldErrors?.baselineKind : undefined;
  const needsReason = action === 'hide' || action === 'disqualify';
  return (
    <li className="py-4" data-testid={`moderation-${entry.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{entry.name}</span>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
          {entry.kind}
        </span>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLE[entry.moderation]}`}
          data-testid="moderation-state"
        >
          {entry.moderation.toLowerCase()}
        </span>
        {entry.baselineKind && (
          <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-800">
            baseline: {entry.baselineKind}
          </span>
        )}
        <span className="text-xs text-slate-500">{entry.detail}</span>
      </div>
      {entry.moderationReason && (
        <p className="mt-1 text-xs text-slate-600">Reason shown: “{entry.moderationReason}”</p>
      )}
      <form
        ref={formRef}
        onSubmit={onSubmit}
        noValidate
        className="mt-2 grid gap-2 sm:grid-cols-[12rem_1fr_auto] sm:items-start"
      >
        <input type="hidden" name="kind" value={entry.kind} />
        <input type="hidden" name="entryId" value={entry.id} />
        <div>
          <label htmlFor={`${base}-action`} className="sr-only">
            Action for {entry.name}
          </label>
          <select
            id={`${base}-action`}
            name="action"
            value={action}
            onChange={(e) => setAction(e.target.value)}
            className={`${inputClass} mt-0`}
          >
            {ACTIONS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        {action === 'mark-baseline' ? (
          <div>
            <label htmlFor={`${base}-kind`} className="sr-only">
              Baseline kind for {entry.name}
            </label>
            <input
              id={`${base}-kind`}
              name="baselineKind"
              list="baseline-kinds"
              placeholder="Baseline kind, e.g. random or human expert"
              aria-invalid={Boolean(kindError)}
              aria-describedby={kindError ? `${base}-kind-error` : undefined}
              className={`${inputClass} mt-0`}
            />
            {kindError && (
              <p id={`${base}-kind-error`} className="mt-1 text-sm text-red-700">
                {kindError}
              </p>
            )}
          </div>
        ) : (
          <div>
            <label htmlFor={`${base}-reason`} className="sr-only">
              Public reason for {entry.name}
            </label>
            <input
              id={`${base}-reason`}
              name="reason"
              disabled={!needsReason}
              placeholder={needsReason ? 'Public reason (required)' : 'No reason needed'}
              aria-invalid={Boolean(reasonError)}
              aria-describedby={reasonError ? `${base}-reason-error` : undefined}
              className={`${inputClass} mt-0 disabled:bg-slate-50`}
            />
            {reasonError && (
              <p id={`${base}-reason-error`} className="mt-1 text-sm text-red-700">
                {reasonError}
              </p>
            )}
          </div>
        )}
        <button type="submit" disabled={isPending} className={buttonClass}>
          {isPending ? 'Saving…' : 'Apply'}
        </button>
        {state?.ok === false && !reasonError && !kindError && (
          <div className="sm:col-span-3">
            <FormAlert message={state.message} />
          </div>
        )}
      </form>
    </li>
  );
}
