'use client';
import { useActionState, useEffect, useRef } from 'react';
import { formatDateTime } from '@/lib/format';
import { decideParticipationAction, type ParticipationDecisionResult } from '../actions';
import { inputClass, secondaryButtonClass } from './form-kit';

export interface ParticipantView {
  userId: string;
  phaseId: string;
  phaseName: string;
  name: string;
  email: string;
  message: string;
  requestedAt: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  decisionNote: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
}

const STATUS_STYLE = {
  PENDING: 'bg-amber-50 text-amber-900',
  APPROVED: 'bg-emerald-50 text-emerald-800',
  REJECTED: 'bg-red-50 text-red-800',
} as const;

const STATUS_LABEL = { PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected' } as const;

// Explicit ARIA roles keep the table's semantics for screen readers when, on a phone, its rows
// are stacked as cards (display: block drops the implicit roles in some browsers).
const cellClass = 'block py-1 sm:table-cell sm:py-3 sm:pr-4 sm:align-top';
const cellLabel = 'mr-1 text-xs font-medium uppercase tracking-wide text-slate-500 sm:hidden';

/**
 * Requests to take part, one row per person and phase: who, e-mail, their message, when, the
 * status, and a decision form (note + Approve / Reject). On phones each row becomes a card.
 */
export function ParticipantsTable({ slug, rows }: { slug: string; rows: ParticipantView[] }) {
  if (rows.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="participants-empty">
        Nobody has asked to take part yet.
      </p>
    );
  const showPhase = new Set(rows.map((r) => r.phaseId)).size > 1;
  return (
    <table
      role="table"
      className="block w-full text-left text-sm sm:table"
      data-testid="participants"
    >
      <caption className="sr-only">
        Requests to take part, pending first. Approve or reject each with a note the person sees.
      </caption>
      <thead
        role="rowgroup"
        className="hidden text-xs uppercase tracking-wide text-slate-500 sm:table-header-group"
      >
        <tr role="row">
          <th role="columnheader" scope="col" className="py-2 pr-4">
            Person
          </th>
          <th role="columnheader" scope="col" className="py-2 pr-4">
            Message
          </th>
          <th role="columnheader" scope="col" className="py-2 pr-4">
            Requested
          </th>
          <th role="columnheader" scope="col" className="py-2 pr-4">
            Status
          </th>
          <th role="columnheader" scope="col" className="py-2">
            Decision
          </th>
        </tr>
      </thead>
      <tbody role="rowgroup" className="block divide-y divide-slate-100 sm:table-row-group">
        {rows.map((row) => (
          <ParticipantRow
            key={`${row.phaseId}/${row.userId}`}
            slug={slug}
            row={row}
            showPhase={showPhase}
          />
        ))}
      </tbody>
    </table>
  );
}

function ParticipantRow({
  slug,
  row,
  showPhase,
}: {
  slug: string;
  row: ParticipantView;
  showPhase: boolean;
}) {
  const [result, formAction, isPending] = useActionState<
    ParticipationDecisionResult | null,
    FormData
  >(decideParticipationAction.bind(null, slug, { userId: row.userId, phaseId: row.phaseId }), null);
  const noteRef = useRef<HTMLInputElement>(null);
  const noteError = result?.ok === false ? result.fieldErrors?.note : undefined;
  useEffect(() => {
    if (noteError) noteRef.current?.focus();
  }, [noteError]);
  const base = `participant-${row.userId}-${row.phaseId}`;
  const who = row.name || row.email;
  return (
    <tr
      role="row"
      className="block py-3 sm:table-row sm:py-0"
      data-testid={`participant-${row.email}`}
    >
      <td role="cell" className={cellClass}>
        <span className="font-medium text-slate-900">{row.name}</span>
        <a
          href={`mailto:${row.email}`}
          className="block text-brand-700 [overflow-wrap:anywhere] hover:underline"
        >
          {row.email}
        </a>
        {showPhase && <span className="block text-xs text-slate-500">{row.phaseName}</span>}
      </td>
      <td role="cell" className={`${cellClass} max-w-sm`}>
        <span className={cellLabel}>Message</span>
        <span className="whitespace-pre-line text-slate-700 [overflow-wrap:anywhere]">
          {row.message || <span className="text-slate-400">(no message)</span>}
        </span>
      </td>
      <td role="cell" className={`${cellClass} whitespace-nowrap text-slate-600`}>
        <span className={cellLabel}>Requested</span>
        {formatDateTime(row.requestedAt)}
      </td>
      <td role="cell" className={cellClass}>
        <span className={cellLabel}>Status</span>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[row.status]}`}
          data-testid="participant-status"
        >
          {STATUS_LABEL[row.status]}
        </span>
        {row.decidedAt && (
          <span className="mt-1 block text-xs text-slate-500">
            {row.decidedBy ? `by ${row.decidedBy}, ` : ''}
            {formatDateTime(row.decidedAt)}
          </span>
        )}
        {row.decisionNote && (
          <span className="mt-1 block text-xs text-slate-600 [overflow-wrap:anywhere]">
            “{row.decisionNote}”
          </span>
        )}
      </td>
      <td role="cell" className={`${cellClass} sm:min-w-[16rem]`}>
        <form action={formAction} noValidate className="space-y-2">
          <div>
            <label htmlFor={`${base}-note`} className="text-xs font-medium text-slate-700">
              Note to {who} <span className="font-normal text-slate-500">(required to reject)</span>
            </label>
            <input
              ref={noteRef}
              id={`${base}-note`}
              name="note"
              maxLength={1000}
              defaultValue={row.decisionNote ?? ''}
              aria-invalid={Boolean(noteError)}
              aria-describedby={noteError ? `${base}-note-error` : undefined}
              className={`${inputClass} mt-1`}
            />
            {noteError && (
              <p id={`${base}-note-error`} className="mt-1 text-sm text-red-700">
                {noteError}
              </p>
            )}
          </div>
          <div className="flex flex-wrap gap-2">
            <button
              type="submit"
              name="status"
              value="APPROVED"
              disabled={isPending || row.status === 'APPROVED'}
              aria-label={`Approve ${who}`}
              className="inline-flex items-center justify-center rounded-md bg-emerald-700 px-3 py-2 text-sm font-medium text-white hover:bg-emerald-800 focus-visible:ring-2 focus-visible:ring-emerald-600 focus-visible:ring-offset-2 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50"
            >
              Approve
            </button>
            <button
              type="submit"
              name="status"
              value="REJECTED"
              disabled={isPending || row.status === 'REJECTED'}
              aria-label={`Reject ${who}`}
              className={secondaryButtonClass}
            >
              Reject
            </button>
          </div>
          <p role="status" aria-live="polite" className="text-xs text-slate-600">
            {result?.ok
              ? `${STATUS_LABEL[result.status]}. ${who} sees the decision on the benchmark page.`
              : ''}
          </p>
          {result?.ok === false && !noteError && (
            <p role="alert" className="text-sm text-red-700">
              {result.message}
            </p>
          )}
        </form>
      </td>
    </tr>
  );
}
