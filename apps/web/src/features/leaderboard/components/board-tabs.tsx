import Link from 'next/link';
import type { BoardTab } from '../board-types';

/** Track × test-set tabs (ReXrank style); links, so each tab has its own shareable URL. */
export function BoardTabs({
  tabs,
  current,
  hrefFor,
}: {
  tabs: BoardTab[];
  current: { trackSlug: string; testSetSlug: string };
  hrefFor: (tab: BoardTab) => string;
}) {
  if (tabs.length < 2) return null;
  const showTrack = new Set(tabs.map((t) => t.trackSlug)).size > 1;
  return (
    <nav aria-label="Tracks and test sets" className="-mx-1 overflow-x-auto pb-1">
      <ul className="flex min-w-max gap-1 border-b border-slate-200 px-1">
        {tabs.map((tab) => {
          const isCurrent =
            tab.trackSlug === current.trackSlug && tab.testSetSlug === current.testSetSlug;
          return (
            <li key={`${tab.trackSlug}/${tab.testSetSlug}`}>
              <Link
                href={hrefFor(tab)}
                aria-current={isCurrent ? 'page' : undefined}
                data-testid="board-tab"
                className={`-mb-px inline-flex items-center gap-2 rounded-t-md border-b-2 px-3 py-2 text-sm whitespace-nowrap focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none ${isCurrent ? 'border-brand-600 font-semibold text-brand-800' : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'}`}
              >
                {showTrack ? `${tab.trackName} · ${tab.testSetName}` : tab.testSetName}
                <span className="tabular rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">
                  {tab.entryCount}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
