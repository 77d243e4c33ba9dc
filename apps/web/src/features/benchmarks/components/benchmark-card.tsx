import Link from 'next/link';
import type { BenchmarkSummaryDto } from '@medrank/db';
import { taskTypeLabel } from '@/lib/format';

export function Chip({ children }: { children: React.ReactNode }) {
  return (
    <span className="inline-flex items-center rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">
      {children}
    </span>
  );
}

export function BenchmarkCard({ benchmark }: { benchmark: BenchmarkSummaryDto }) {
  return (
    <article className="group relative flex w-full flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-500 hover:shadow-md">
      <div className="flex flex-wrap gap-1.5">
        {benchmark.taskTypes.map((taskType) => (
          <Chip key={taskType}>{taskTypeLabel(taskType)}</Chip>
        ))}
        {benchmark.modality && <Chip>{benchmark.modality}</Chip>}
        {benchmark.bodyRegion && <Chip>{benchmark.bodyRegion}</Chip>}
      </div>
      <h2 className="mt-3 text-lg font-semibold tracking-tight">
        <Link
          href={`/benchmarks/${benchmark.slug}`}
          className="after:absolute after:inset-0 focus:outline-none"
        >
          {benchmark.title}
        </Link>
      </h2>
      <p className="mt-1 flex-1 text-sm text-slate-600">{benchmark.summary}</p>
      <dl className="mt-4 grid grid-cols-3 gap-2 border-t border-slate-100 pt-3 text-xs text-slate-500">
        <div>
          <dt>Hidden cases</dt>
          <dd className="tabular text-sm font-semibold text-slate-900">
            {benchmark.caseCount.toLocaleString('en')}
          </dd>
        </div>
        <div>
          {/* The board's own count as it opens, so the card and the board agree. */}
          <dt>Entries</dt>
          <dd className="tabular text-sm font-semibold text-slate-900">
            {benchmark.entryCount.toLocaleString('en')}
          </dd>
          <dd className="tabular" data-testid="verified-entry-count">
            {benchmark.verifiedEntryCount.toLocaleString('en')} verified
          </dd>
        </div>
        <div>
          <dt>License</dt>
          <dd className="text-sm font-semibold text-slate-900 [overflow-wrap:anywhere]">
            {benchmark.license ?? '—'}
          </dd>
        </div>
      </dl>
    </article>
  );
}
