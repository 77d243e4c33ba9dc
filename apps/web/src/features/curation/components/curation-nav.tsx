import Link from 'next/link';
import { CURATION_STEPS, type CurationStep } from '../views';

/** The guided flow's steps as an ordered list of links; the current one is marked for AT. */
export function Stepper({ slug, current }: { slug: string; current: CurationStep | null }) {
  return (
    <nav aria-label="Benchmark setup steps" className="overflow-x-auto">
      <ol className="flex min-w-max gap-1 text-sm">
        {CURATION_STEPS.map((step, i) => {
          const isCurrent = step.key === current;
          return (
            <li key={step.key}>
              <Link
                href={`/curate/${slug}/${step.key}`}
                aria-current={isCurrent ? 'step' : undefined}
                className={`flex items-center gap-2 rounded-full px-3 py-1.5 ${isCurrent ? 'bg-brand-600 font-medium text-white' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`}
              >
                <span
                  aria-hidden
                  className={`grid h-5 w-5 place-items-center rounded-full text-[11px] font-semibold ${isCurrent ? 'bg-white text-brand-700' : 'bg-slate-200 text-slate-700'}`}
                >
                  {i + 1}
                </span>
                {step.label}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

const SECTIONS = [
  { href: '', label: 'Overview' },
  { href: '/details', label: 'Setup' },
  { href: '/moderation', label: 'Moderation' },
  { href: '/results', label: 'Per-case results' },
  { href: '/participants', label: 'Participants' },
  { href: '/reported', label: 'Reported results' },
  { href: '/audit', label: 'Audit log' },
];

export function CurationTabs({ slug, current }: { slug: string; current: string }) {
  return (
    <nav aria-label="Curation" className="overflow-x-auto border-b border-slate-200">
      <ul className="flex min-w-max gap-4 text-sm">
        {SECTIONS.map((s) => {
          const isCurrent = s.href === current;
          return (
            <li key={s.label}>
              <Link
                href={`/curate/${slug}${s.href}`}
                aria-current={isCurrent ? 'page' : undefined}
                className={`-mb-px inline-block border-b-2 px-1 py-2 ${isCurrent ? 'border-brand-600 font-medium text-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
        <li className="ml-auto">
          <a
            href={`/api/v1/curation/benchmarks/${slug}/export`}
            className="inline-block px-1 py-2 text-brand-700 hover:underline"
            download
          >
            Export YAML
          </a>
        </li>
      </ul>
    </nav>
  );
}

export function StatusBadge({ status }: { status: 'DRAFT' | 'PUBLISHED' }) {
  return (
    <span
      data-testid="benchmark-status"
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${status === 'PUBLISHED' ? 'bg-emerald-50 text-emerald-800' : 'bg-amber-50 text-amber-800'}`}
    >
      {status === 'PUBLISHED' ? 'published' : 'draft'}
    </span>
  );
}
