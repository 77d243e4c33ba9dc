'use client';
import {
  useEffect,
  useRef,
  useTransition,
  type ComponentProps,
  type FormEvent,
  type ReactNode,
} from 'react';
import type { FileIssueView } from '../views';

/** Field errors keyed by the input's name (the zod path, e.g. "phases.0.closesAt"). */
export type FieldErrors = Record<string, string | undefined>;

export const inputClass =
  'mt-1 block w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-500/30 border-slate-300 focus:border-brand-500 focus:ring-brand-500/30';

export const buttonClass =
  'inline-flex items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-60';

export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60';

/** The ids a field's input points at with aria-describedby. */
export const fieldIds = (name: string, idPrefix = 'f') => {
  const base = `${idPrefix}-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return { input: base, hint: `${base}-hint`, error: `${base}-error` };
};

interface FieldProps {
  label: ReactNode;
  name: string;
  errors?: FieldErrors;
  hint?: ReactNode;
  optional?: boolean;
  /** Distinguishes ids when several forms on a page share field names. */
  idPrefix?: string;
  children?: (props: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}

/** A labelled control whose hint and error are announced with it (aria-describedby). */
export function Field({ label, name, errors, hint, optional, idPrefix, children }: FieldProps) {
  const ids = fieldIds(name, idPrefix);
  const error = errors?.[name];
  const describedBy = [hint ? ids.hint : null, error ? ids.error : null].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={ids.input} className="block text-sm font-medium text-slate-700">
        {label} {optional && <span className="font-normal text-slate-500">(optional)</span>}
      </label>
      {children?.({
        id: ids.input,
        name,
        'aria-invalid': Boolean(error),
        'aria-describedby': describedBy || undefined,
      })}
      {hint && (
        <p id={ids.hint} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={ids.error} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = Omit<ComponentProps<'input'>, 'name' | 'id'> & {
  label: ReactNode;
  name: string;
  errors?: FieldErrors;
  hint?: ReactNode;
  optional?: boolean;
  idPrefix?: string;
};

export function TextField({ label, name, errors, hint, optional, idPrefix, ...rest }: InputProps) {
  return (
    <Field
      label={label}
      name={name}
      errors={errors}
      hint={hint}
      optional={optional}
      idPrefix={idPrefix}
    >
      {(a11y) => <input {...rest} {...a11y} className={inputClass} />}
    </Field>
  );
}

type SelectProps = Omit<ComponentProps<'select'>, 'name' | 'id'> & {
  label: ReactNode;
  name: string;
  errors?: FieldErrors;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  idPrefix?: string;
};

export function SelectField({
  label,
  name,
  errors,
  hint,
  options,
  idPrefix,
  ...rest
}: SelectProps) {
  return (
    <Field label={label} name={name} errors={errors} hint={hint} idPrefix={idPrefix}>
      {(a11y) => (
        <select {...rest} {...a11y} className={inputClass}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

type CheckboxProps = Omit<ComponentProps<'input'>, 'name' | 'id' | 'type'> & {
  label: ReactNode;
  name: string;
  errors?: FieldErrors;
  hint?: ReactNode;
  idPrefix?: string;
};

/** A labelled checkbox whose hint and error are announced with it; unchecked sends nothing. */
export function CheckboxField({ label, name, errors, hint, idPrefix, ...rest }: CheckboxProps) {
  const ids = fieldIds(name, idPrefix);
  const error = errors?.[name];
  const describedBy = [hint ? ids.hint : null, error ? ids.error : null].filter(Boolean).join(' ');
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          {...rest}
          type="checkbox"
          id={ids.input}
          name={name}
          value="true"
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy || undefined}
          className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
        />
        <label htmlFor={ids.input} className="text-sm font-medium text-slate-700">
          {label}
        </label>
      </div>
      {hint && (
        <p id={ids.hint} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={ids.error} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * After a failed submit, moves focus to the first invalid control (or the form's alert when the
 * error belongs to no field), so keyboard and screen-reader users land where the problem is.
 */
export function useFocusFirstError(formRef: React.RefObject<HTMLElement | null>, trigger: unknown) {
  useEffect(() => {
    if (!trigger) return;
    const form = formRef.current;
    if (!form) return;
    const target =
      form.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [formRef, trigger]);
}

/** The form-level message of an action result: announced, focusable, next to the submit button. */
export function FormAlert({ message }: { message: string | null | undefined }) {
  const ref = useRef<HTMLParagraphElement>(null);
  if (!message) return null;
  return (
    <p
      ref={ref}
      role="alert"
      tabIndex={-1}
      className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
    >
      {message}
    </p>
  );
}

export function ProgressBar({ label, percent }: { label: string; percent: number }) {
  const clamped = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div>
      <div className="flex justify-between text-xs text-slate-600">
        <span>{label}</span>
        <span className="tabular">{clamped}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={clamped}
        className="mt-1 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className="h-full rounded-full bg-brand-500 transition-all"
          style={{ width: `${clamped}%` }}
        />
      </div>
    </div>
  );
}

/** Line-numbered problems of an uploaded file (ground truth, reported results, YAML). */
export function IssueTable({
  issues,
  issueCount,
  caption,
}: {
  issues: FileIssueView[];
  issueCount?: number;
  caption: string;
}) {
  const hasCaseIds = issues.some((i) => i.caseId);
  const hasColumns = issues.some((i) => i.column !== undefined && i.column !== null);
  return (
    <div
      // Scrolls sideways on a narrow screen: a named, focusable region for keyboard users.
      role="region"
      aria-label="Problems"
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-red-200 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
    >
      <table data-testid="issue-table" className="w-full text-left text-sm">
        <caption className="bg-red-50 px-3 py-2 text-left text-sm font-medium text-red-900">
          {caption}
          {issueCount !== undefined && issueCount > issues.length && (
            <span className="font-normal">
              {' '}
              (first {issues.length} of {issueCount} shown)
            </span>
          )}
        </caption>
        <thead className="bg-white text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Line
            </th>
            {hasColumns && (
              <th scope="col" className="px-3 py-2">
                Column
              </th>
            )}
            {hasCaseIds && (
              <th scope="col" className="px-3 py-2">
                Case id
              </th>
            )}
            <th scope="col" className="px-3 py-2">
              Problem
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {issues.map((issue, i) => (
            <tr key={i}>
              <td className="tabular px-3 py-2 text-slate-600">{issue.line ?? '—'}</td>
              {hasColumns && <td className="px-3 py-2 text-slate-600">{issue.column ?? '—'}</td>}
              {hasCaseIds && (
                <td className="px-3 py-2 font-mono text-xs text-slate-700">
                  {issue.caseId ?? '—'}
                </td>
              )}
              <td className="px-3 py-2 text-slate-900">{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Card({
  title,
  description,
  children,
  id,
}: {
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id={headingId} className="font-semibold">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

/**
 * An onSubmit that runs a form action without React's automatic form reset, so a refused form
 * keeps what the user typed (React resets uncontrolled fields after a `<form action>` finishes).
 */
export function useSubmitKeepingValues(formAction: (data: FormData) => void) {
  const [, startTransition] = useTransition();
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
}
