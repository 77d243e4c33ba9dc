'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import { saveStepAction, type StepResult } from '../actions';
import type { CurationStep } from '../views';
import {
  FormAlert,
  buttonClass,
  useFocusFirstError,
  type FieldErrors,
  useSubmitKeepingValues,
} from './form-kit';

interface Props {
  slug: string | null;
  step: CurationStep;
  submitLabel?: string;
  children: (errors: FieldErrors) => ReactNode;
}

/**
 * One step of the guided flow: posts to the step's server action, shows each problem next to its
 * field (and focuses the first), and moves on to the next step when saved — unless the save did
 * something the curator should read first (a new evaluator version).
 */
export function StepForm({ slug, step, submitLabel = 'Save and continue', children }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction, isPending] = useActionState<StepResult | null, FormData>(
    saveStepAction.bind(null, slug, step),
    null,
  );
  const onSubmit = useSubmitKeepingValues(formAction);
  useFocusFirstError(formRef, state?.ok === false ? state : null);
  useEffect(() => {
    if (state?.ok && state.notices.length === 0 && state.changes.length === 0)
      router.push(state.nextHref);
  }, [state, router]);

  const errors: FieldErrors = state?.ok === false ? state.fieldErrors : {};
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-6">
      {children(errors)}
      <div className="space-y-3 border-t border-slate-100 pt-4">
        {state?.ok === false && <FormAlert message={state.message} />}
        {state?.ok && state.changes.length > 0 && state.notices.length === 0 && (
          <div
            role="status"
            data-testid="step-changes"
            className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            <p className="font-medium">Saved, with a change to check.</p>
            <ul className="list-disc pl-5">
              {state.changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <p>
              <Link href={state.nextHref} className="font-medium underline">
                Continue
              </Link>
            </p>
          </div>
        )}
        {state?.ok && state.notices.length > 0 && (
          <div
            role="status"
            data-testid="version-notice"
            className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            <p className="font-medium">Saved.</p>
            <ul className="list-disc pl-5">
              {[...state.changes, ...state.notices].map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
            <p>
              <Link href={`/curate/${state.slug}`} className="font-medium underline">
                Go to the overview to rescore
              </Link>{' '}
              ·{' '}
              <Link href={state.nextHref} className="font-medium underline">
                Continue
              </Link>
            </p>
          </div>
        )}
        <button type="submit" disabled={isPending} className={buttonClass}>
          {isPending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
