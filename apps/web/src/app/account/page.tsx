import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { apiTokens, submissions, teams } from '@medrank/db';
import { ApiTokens } from '@/features/accounts/components/api-tokens';
import { NextSteps } from '@/features/accounts/components/next-steps';
import { formatDateTime } from '@/lib/format';
import { db } from '@/server/db';
import { getUser } from '@/server/require-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Account' };

const STATUS_STYLE: Record<string, string> = {
  SCORED: 'bg-emerald-50 text-emerald-800',
  FAILED: 'bg-red-50 text-red-800',
  CANCELLED: 'bg-slate-100 text-slate-600',
};

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Sign-up lands here with ?welcome=1 (unless it was asked to go elsewhere).
  const isWelcome = (await searchParams).welcome === '1';
  const user = await getUser().catch(() => null);
  if (!user) redirect('/sign-in?next=/account');
  const myTeams = await teams.listForUser(db(), user.id);
  const [tokens, recent] = await Promise.all([
    apiTokens.listForUser(db(), user.id),
    submissions.listForTeams(
      db(),
      myTeams.map((t) => t.id),
      { userId: user.id, role: user.role },
      { limit: 20 },
    ),
  ]);
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="mt-1 text-sm text-slate-600">
          {user.name} · {user.email}{' '}
          {user.role === 'admin' && (
            <span className="ml-1 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">
              site admin
            </span>
          )}
        </p>
      </header>
      {isWelcome && <NextSteps teamName={myTeams[0]?.name ?? null} />}
      <section
        aria-labelledby="subs-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="subs-heading" className="font-semibold">
          Recent submissions
        </h2>
        {recent.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">
            None yet.{' '}
            <Link href="/" className="text-brand-700 hover:underline">
              Pick a benchmark
            </Link>
            .
          </p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100">
            {recent.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                <div>
                  <Link
                    href={`/submissions/${s.id}`}
                    className="font-medium text-slate-900 hover:text-brand-700"
                  >
                    {s.methodName}
                  </Link>
                  <div className="text-xs text-slate-500">
                    {s.benchmark.title} · {s.team.name} · {formatDateTime(s.createdAt)}
                  </div>
                </div>
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[s.status] ?? 'bg-brand-50 text-brand-700'}`}
                >
                  {s.status.toLowerCase()}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section
        aria-labelledby="teams-heading"
        className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="teams-heading" className="font-semibold">
          Teams
        </h2>
        <ul className="mt-2 space-y-1 text-sm">
          {myTeams.map((t) => (
            <li key={t.id}>
              <span className="font-medium">{t.name}</span>{' '}
              <span className="text-slate-500">
                ({t.slug}, {t.role.toLowerCase()})
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section
        id="tokens"
        aria-labelledby="tokens-heading"
        className="scroll-mt-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="tokens-heading" className="font-semibold">
          API tokens
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          For scripts and the CLI:{' '}
          <code className="rounded bg-slate-100 px-1 text-xs">npx medrank submit --token …</code> or
          an <code className="rounded bg-slate-100 px-1 text-xs">Authorization: Bearer</code>{' '}
          header. Only a hash is stored.
        </p>
        <div className="mt-4">
          <ApiTokens tokens={tokens} />
        </div>
      </section>
    </div>
  );
}
