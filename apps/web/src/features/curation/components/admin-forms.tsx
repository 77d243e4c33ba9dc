'use client';
import { useActionState, useRef, useTransition } from 'react';
import { grantCuratorAction, revokeCuratorAction, setSiteRoleAction } from '../actions';
import {
  FormAlert,
  SelectField,
  TextField,
  buttonClass,
  useFocusFirstError,
  type FieldErrors,
  useSubmitKeepingValues,
} from './form-kit';

const errorsOf = (
  state: { ok: boolean; error?: { fieldErrors?: Record<string, string> } } | null,
) => (state && !state.ok ? state.error?.fieldErrors : undefined) ?? ({} as FieldErrors);

/** Site role by email: user, curator (may create benchmarks) or admin. */
export function SiteRoleForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, isPending] = useActionState(setSiteRoleAction, null);
  const onSubmit = useSubmitKeepingValues(formAction);
  useFocusFirstError(formRef, state?.ok === false ? state : null);
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
    >
      <TextField
        label="Email"
        name="email"
        type="email"
        required
        idPrefix="role"
        errors={errorsOf(state)}
      />
      <SelectField
        idPrefix="role"
        label="Site role"
        name="role"
        errors={errorsOf(state)}
        defaultValue="curator"
        options={[
          { value: 'user', label: 'User' },
          { value: 'curator', label: 'Curator (creates benchmarks)' },
          { value: 'admin', label: 'Site admin' },
        ]}
      />
      <button type="submit" disabled={isPending} className={buttonClass}>
        Set role
      </button>
      <div className="sm:col-span-3" aria-live="polite">
        {state?.ok === false && <FormAlert message={state.error.message} />}
        {state?.ok && (
          <p role="status" className="text-sm text-emerald-800">
            {state.data.email} is now{' '}
            {state.data.role === 'admin' ? 'a site admin' : `a ${state.data.role}`}.
          </p>
        )}
      </div>
    </form>
  );
}

/** Makes an account a curator of one benchmark. */
export function GrantCuratorForm({ slug }: { slug: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, isPending] = useActionState(grantCuratorAction, null);
  const onSubmit = useSubmitKeepingValues(formAction);
  useFocusFirstError(formRef, state?.ok === false ? state : null);
  const errors = errorsOf(state);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="slug" value={slug} />
      <div className="min-w-48 flex-1">
        <TextField
          label={<span className="sr-only sm:not-sr-only">Add curator (email)</span>}
          name="email"
          type="email"
          idPrefix={`grant-${slug}`}
          errors={errors}
          placeholder="curator@example.org"
        />
      </div>
      <button type="submit" disabled={isPending} className={buttonClass}>
        Grant <span className="sr-only">curator of {slug}</span>
      </button>
      {state?.ok === false && !errors.email && (
        <div className="w-full">
          <FormAlert message={state.error.message} />
        </div>
      )}
    </form>
  );
}

export function RevokeCuratorButton({ slug, email }: { slug: string; email: string }) {
  const [isPending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={isPending}
      onClick={() => startTransition(async () => void (await revokeCuratorAction(slug, email)))}
      className="rounded px-1.5 py-0.5 text-xs text-red-700 hover:bg-red-50 disabled:opacity-50"
    >
      Revoke{' '}
      <span className="sr-only">
        {email} as curator of {slug}
      </span>
    </button>
  );
}
