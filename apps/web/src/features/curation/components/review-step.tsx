'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { publishAction } from '../actions';
import { FormAlert, buttonClass } from './form-kit';

interface Props {
  slug: string;
  status: 'DRAFT' | 'PUBLISHED';
  definition: {
    title: string;
    summary: string;
    tracks: {
      slug: string;
      name: string;
      taskType: string;
      taskTypeLabel: string;
      metrics: string[];
      primaryMetric: string;
    }[];
    phases: {
      name: string;
      opensAt: string;
      closesAt: string | null;
      scoreDecimals: number;
      nearDuplicate: { minCases: number; minFraction: number };
      ladderMargin: number | null;
      requiresApproval: boolean;
    }[];
  };
  testSets: { label: string; caseCount: number; hasPendingUpload: boolean }[];
}

/** One line: the probing defences a phase states to its participants. */
function phaseDefencesSummary(p: Props['definition']['phases'][number]): string {
  const nearDuplicate =
    p.nearDuplicate.minCases === 0 && p.nearDuplicate.minFraction === 0
      ? 'near-duplicate check off'
      : `near duplicates: < max(${p.nearDuplicate.minCases} cases, ${Number((p.nearDuplicate.minFraction * 100).toPrecision(12))} %) differing`;
  return [
    `scores to ${p.scoreDecimals} decimals`,
    p.ladderMargin === null ? 'no Ladder' : `Ladder margin ${p.ladderMargin}`,
    nearDuplicate,
    p.requiresApproval ? 'participants need approval' : 'open to every account',
  ].join(' · ');
}

/** What is still missing before the benchmark can go live, and the publish button. */
export function ReviewStep({ slug, status, definition, testSets }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const missing: { text: string; href: string }[] = [];
  for (const s of testSets)
    if (s.caseCount === 0)
      missing.push({
        text: s.hasPendingUpload
          ? `${s.label}: ground truth validated but not confirmed yet`
          : `${s.label}: no ground truth (or reported results)`,
        href: `/curate/${slug}/ground-truth`,
      });
  if (definition.phases.length === 0)
    missing.push({ text: 'No phase: nobody can submit', href: `/curate/${slug}/phases` });

  function onPublish() {
    setError(null);
    startTransition(async () => {
      const result = await publishAction(slug);
      if (result.ok) router.refresh();
      else setError(result.error.message);
    });
  }

  return (
    <div className="space-y-6">
      <dl className="grid gap-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">Title</dt>
          <dd className="font-medium">{definition.title}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Summary</dt>
          <dd>{definition.summary}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Tracks</dt>
          <dd>
            <ul className="space-y-1">
              {definition.tracks.map((t) => (
                <li key={t.slug} data-testid={`review-track-${t.slug}`}>
                  <span className="font-medium">{t.name}</span> · {t.taskTypeLabel} · ranked on{' '}
                  <code>{t.primaryMetric}</code> · metrics:{' '}
                  {t.metrics.map((m, i) => (
                    <span key={m}>
                      {i > 0 && ', '}
                      <code>{m}</code>
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Phases</dt>
          <dd>
            {definition.phases.length === 0
              ? 'none'
              : definition.phases.map((p) => (
                  <div key={p.name} className="mb-1">
                    <p>
                      {p.name}: {p.opensAt.slice(0, 16).replace('T', ' ')} →{' '}
                      {p.closesAt ? p.closesAt.slice(0, 16).replace('T', ' ') : 'open-ended'} UTC
                    </p>
                    <p className="text-xs text-slate-600" data-testid="phase-defences">
                      {phaseDefencesSummary(p)}
                    </p>
                  </div>
                ))}
          </dd>
        </div>
      </dl>
      {status === 'PUBLISHED' ? (
        <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Published.{' '}
          <Link href={`/benchmarks/${slug}`} className="font-medium underline">
            Open the board
          </Link>
        </p>
      ) : (
        <>
          {missing.length > 0 ? (
            <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
              <p className="font-medium">Before publishing:</p>
              <ul className="mt-1 list-disc pl-5" data-testid="publish-missing">
                {missing.map((m) => (
                  <li key={m.text}>
                    <Link href={m.href} className="underline">
                      {m.text}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-sm text-slate-700">Everything is in place.</p>
          )}
          <FormAlert message={error} />
          <button
            type="button"
            onClick={onPublish}
            disabled={isPending || missing.length > 0}
            className={buttonClass}
          >
            {isPending ? 'Publishing…' : 'Publish'}
          </button>
        </>
      )}
    </div>
  );
}
