'use client';
import type { ParticipationState } from '@medrank/curation';
import { useActionState, useEffect, useRef } from 'react';
import { formatDate } from '@/lib/format';
import { requestParticipationAction, type RequestParticipationResult } from '../actions';

const MAX_MESSAGE_LENGTH = 1000;

const STATUS_STYLE = {
  PENDING: 'bg-amber-50 text-amber-900 ring-amber-200',
  APPROVED: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  REJECTED: 'bg-red-50 text-red-800 ring-red-200',
} as const;

const STATUS_LABEL = { PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected' } as const;

/**
 * "Request to participate" for a phase that needs a curator's approval: the request form, then
 * the request's status with the curator's note. Server action first (works without JavaScript);
 * the result is announced to screen readers and focus moves to it.
 */
export function ParticipationPanel({
  slug,
  state,
}: {
  slug: string;
  state: ParticipationState & { phase: NonNullable<ParticipationState['phase']> };
}) {
  const [result, formAction, isPending] = useActionState<
    RequestParticipationResult | null,
    FormData
  >(requestParticipationAction.bind(null, slug), null);
  const statusRef = useRef<HTMLDivElement>(null);
  const messageRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (result?.ok) statusRef.current?.focus();
    else if (result?.fieldErrors?.message) messageRef.current?.focus();
  }, [result]);

  const { phase, participation, isExempt } = state;
  const opensLater = new Date(phase.opensAt).getTime() > Date.now();
  const messageError = result?.ok === false ? result.fieldErrors?.message : undefined;
  const formError = result?.ok === false && !messageError ? result.message : undefined;
  const showForm = !isExempt && participation?.status !== 'APPROVED';
  const formLabel =
    participation?.status === 'REJECTED'
      ? 'Ask again'
      : participation?.status === 'PENDING'
        ? 'Update my request'
        : 'Request to participate';

  return (
    <section
      aria-labelledby="participation-heading"
      className="rounded-lg border border-slate-200 bg-slate-50 p-4"
      data-testid="participation"
    >
      <h3 id="participation-heading" className="text-sm font-semibold text-slate-900">
        Taking part in “{phase.name}”
      </h3>
      <p className="mt-1 text-xs text-slate-600">
        {opensLater ? `Opens ${formatDate(phase.opensAt)}. ` : ''}
        Submitting needs a curator&apos;s approval: one account per person, so that quotas and the
        checks against probing hidden labels count people, not accounts.
      </p>

      <div
        ref={statusRef}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        className="mt-3 text-sm focus:outline-none"
      >
        {isExempt ? (
          <p className="text-slate-700">
            You curate this benchmark: you can submit without approval.
          </p>
        ) : participation ? (
          <div className="space-y-1">
            <p>
              <span className="sr-only">Your request: </span>
              <span
                data-testid="participation-status"
                className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLE[participation.status]}`}
              >
                {STATUS_LABEL[participation.status]}
              </span>{' '}
              <span className="text-xs text-slate-600">
                {participation.status === 'PENDING'
                  ? `sent ${formatDate(participation.requestedAt)}; a curator will review it.`
                  : participation.decidedAt
                    ? `on ${formatDate(participation.decidedAt)}`
                    : ''}
              </span>
            </p>
            {participation.decisionNote && (
              <p className="text-slate-700" data-testid="participation-note">
                <span className="font-medium">Curator&apos;s note:</span>{' '}
                <span className="[overflow-wrap:anywhere]">{participation.decisionNote}</span>
              </p>
            )}
            {participation.status === 'APPROVED' && (
              <p className="text-slate-700">You can submit predictions to this phase.</p>
            )}
          </div>
        ) : (
          <p className="text-slate-700">You have not asked to take part yet.</p>
        )}
      </div>

      {showForm && (
        <form action={formAction} className="mt-3 space-y-2" noValidate>
          <div>
            <label
              htmlFor="participation-message"
              className="block text-sm font-medium text-slate-700"
            >
              Message to the curators
            </label>
            <textarea
              ref={messageRef}
              id="participation-message"
              name="message"
              rows={3}
              maxLength={MAX_MESSAGE_LENGTH}
              defaultValue={participation?.status === 'PENDING' ? participation.message : ''}
              aria-invalid={Boolean(messageError)}
              aria-describedby={`participation-message-hint${messageError ? ' participation-message-error' : ''}`}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-red-500"
            />
            <p id="participation-message-hint" className="mt-1 text-xs text-slate-500">
              Who you are, your affiliation and what you plan to submit (up to{' '}
              {MAX_MESSAGE_LENGTH.toLocaleString('en-GB')} characters).
            </p>
            {messageError && (
              <p id="participation-message-error" className="mt-1 text-sm text-red-700">
                {messageError}
              </p>
            )}
          </div>
          {formError && (
            <p role="alert" className="text-sm text-red-700">
              {formError}
            </p>
          )}
          <button
            type="submit"
            disabled={isPending}
            className="inline-flex items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-60"
          >
            {isPending ? 'Sending…' : formLabel}
          </button>
        </form>
      )}
    </section>
  );
}
