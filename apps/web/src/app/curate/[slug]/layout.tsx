import Link from 'next/link';
import type { ReactNode } from 'react';
import { actorForPage } from '@/features/curation/access';
import { StatusBadge } from '@/features/curation/components/curation-nav';
import { curationAccessForPage } from '@/features/curation/queries';

export const dynamic = 'force-dynamic';

export default async function CurateBenchmarkLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const actor = await actorForPage(`/curate/${slug}`);
  const access = await curationAccessForPage(actor, slug);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/curate" className="hover:text-slate-800">
          Curate
        </Link>{' '}
        <span aria-hidden>/</span> <span className="text-slate-800">{access.title}</span>
      </nav>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{access.title}</h1>
        <StatusBadge status={access.status} />
        {access.status === 'PUBLISHED' && (
          <Link href={`/benchmarks/${slug}`} className="text-sm text-brand-700 hover:underline">
            View the board
          </Link>
        )}
      </header>
      {children}
    </div>
  );
}
