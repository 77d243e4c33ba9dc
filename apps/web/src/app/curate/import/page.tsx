import type { Metadata } from 'next';
import Link from 'next/link';
import { actorForPage } from '@/features/curation/access';
import { YamlImport } from '@/features/curation/components/yaml-import';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Import from YAML · Curate' };

export default async function ImportYamlPage() {
  await actorForPage('/curate/import');
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/curate" className="hover:text-slate-800">
          Curate
        </Link>{' '}
        <span aria-hidden>/</span> <span className="text-slate-800">Import from YAML</span>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Import from YAML</h1>
        <p className="mt-1 text-sm text-slate-600">
          A benchmark as code: metadata, tracks, metrics, test sets and phases (never ground truth).
          The import creates a draft; upload the ground truth afterwards.
        </p>
      </header>
      <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <YamlImport />
      </section>
    </div>
  );
}
