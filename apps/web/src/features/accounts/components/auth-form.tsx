'use client';
import { TEXT_LIMITS } from '@medrank/core';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeRedirectPath } from '@/lib/safe-redirect';
import { authClient } from '../auth-client';

/**
 * What the sign-up form says when the sign-in that follows a sign-up fails. Sign-up answers a
 * taken e-mail exactly like a new one and never opens a session, so the only way to get in is
 * the password of the account: the new one's, or the existing one's.
 */
export const SIGN_UP_THEN_SIGN_IN_FAILED =
  'We could not sign you in with this e-mail address and password. If you have signed up with this address before, sign in with the password you chose then.';

/** Where a sign-up without `?next=` lands: the account page with its next-steps panel. */
const WELCOME_PATH = '/account?welcome=1';

/** Sign-in and sign-up share one accessible form; errors are announced to screen readers. */
export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const router = useRouter();
  const next = useSearchParams().get('next');
  // Only a path on our own origin: `?next=/\evil.example` must not leave the site.
  const redirectTo = safeRedirectPath(next);
  const forwardNext = redirectTo === '/' ? '' : `?next=${encodeURIComponent(redirectTo)}`;
  const [error, setError] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    if (mode === 'sign-up') {
      const signedUp = await authClient.signUp.email({
        email,
        password,
        name: String(form.get('name') ?? '').trim() || email.split('@')[0]!,
      });
      if (signedUp.error) {
        setPending(false);
        setError(signedUp.error.message ?? 'Something went wrong. Please try again.');
        return;
      }
    }
    const signedIn = await authClient.signIn.email({ email, password });
    setPending(false);
    if (signedIn.error) {
      setError(
        mode === 'sign-up' && signedIn.error.status === 401
          ? SIGN_UP_THEN_SIGN_IN_FAILED
          : (signedIn.error.message ?? 'Something went wrong. Please try again.'),
      );
      return;
    }
    // A new account with nowhere else to go sees what it can do next.
    router.push(mode === 'sign-up' && redirectTo === '/' ? WELCOME_PATH : redirectTo);
    router.refresh();
  }

  const title = mode === 'sign-up' ? 'Create your account' : 'Sign in to MedRank';
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {mode === 'sign-up'
          ? 'A personal team is created for you; submit on its behalf right away.'
          : 'Welcome back.'}
      </p>
      <form
        onSubmit={onSubmit}
        className="mt-6 space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
        noValidate={false}
      >
        {mode === 'sign-up' && (
          <Field
            label="Name"
            name="name"
            type="text"
            autoComplete="name"
            required={false}
            maxLength={TEXT_LIMITS.personName}
          />
        )}
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={TEXT_LIMITS.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
          required
          minLength={8}
          maxLength={128}
          hint={mode === 'sign-up' ? 'At least 8 characters.' : undefined}
        />
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={isPending}
          className="w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {isPending ? 'Please wait…' : mode === 'sign-up' ? 'Create account' : 'Sign in'}
        </button>
      </form>
      <p className="mt-4 text-center text-sm text-slate-600">
        {mode === 'sign-up' ? (
          <>
            Already have an account?{' '}
            <Link
              className="font-medium text-brand-700 hover:underline"
              href={`/sign-in${forwardNext}`}
            >
              Sign in
            </Link>
          </>
        ) : (
          <>
            New here?{' '}
            <Link
              className="font-medium text-brand-700 hover:underline"
              href={`/sign-up${forwardNext}`}
            >
              Create an account
            </Link>
          </>
        )}
      </p>
    </div>
  );
}

function Field(props: {
  label: string;
  name: string;
  type: string;
  autoComplete: string;
  required: boolean;
  minLength?: number;
  maxLength?: number;
  hint?: string | undefined;
}) {
  const id = `field-${props.name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type}
        autoComplete={props.autoComplete}
        required={props.required}
        minLength={props.minLength}
        maxLength={props.maxLength}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
      />
      {props.hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {props.hint}
        </p>
      )}
    </div>
  );
}
