'use client';
import { useActionState, useTransition } from 'react';
import { CopyButton } from '@/components/copy-button';
import { createApiToken, revokeApiToken } from '../actions';

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function ApiTokens({ tokens }: { tokens: TokenRow[] }) {
  const [state, formAction, isPending] = useActionState(createApiToken, null);
  const [isRevoking, startRevoke] = useTransition();
  return (
    <div className="space-y-4">
      <form action={formAction} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="token-name" className="block text-sm font-medium text-slate-700">
            New token name
          </label>
          <input
            id="token-name"
            name="name"
            required
            maxLength={80}
            placeholder="e.g. training cluster"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
          />
        </div>
        <button
          type="submit"
          disabled={isPending}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          Create token
        </button>
      </form>
      <div aria-live="polite">
        {state?.ok === true && (
          <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
            <p className="font-medium text-emerald-900">
              Token “{state.data.name}” created. Copy it now: it is shown only once.
            </p>
            <div className="mt-2 flex items-start gap-2">
              <code
                data-testid="new-token"
                className="block min-w-0 flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs"
              >
                {state.data.token}
              </code>
              <CopyButton
                value={state.data.token}
                label={`token “${state.data.name}”`}
                className="shrink-0 rounded-md bg-white px-2.5 py-1 text-xs font-medium text-emerald-900 ring-1 ring-emerald-300 hover:bg-emerald-100 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
              />
            </div>
          </div>
        )}
        {state?.ok === false && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.error.fieldErrors?.name ?? state.error.message}
          </p>
        )}
      </div>
      {tokens.length > 0 ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
          {tokens.map((t) => (
            <li key={t.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
              <div>
                <span className="font-medium">{t.name}</span>{' '}
                <span className="font-mono text-xs text-slate-500">{t.prefix}…</span>
                <div className="text-xs text-slate-500">
                  created {new Date(t.createdAt).toISOString().slice(0, 10)} ·{' '}
                  {t.lastUsedAt
                    ? `last used ${new Date(t.lastUsedAt).toISOString().slice(0, 10)}`
                    : 'never used'}
                </div>
              </div>
              <button
                type="button"
                disabled={isRevoking}
                onClick={() => startRevoke(async () => void (await revokeApiToken(t.id)))}
                className="rounded px-2 py-1 text-red-700 hover:bg-red-50 disabled:opacity-50"
              >
                Revoke <span className="sr-only">{t.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No API tokens yet.</p>
      )}
    </div>
  );
}
