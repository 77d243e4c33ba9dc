import Link from 'next/link';
import { tabGrid } from '../board-columns';
import type { BoardTab } from '../board-types';

const TAB =
  '-mb-px inline-flex items-center gap-2 rounded-t-md border-b-2 px-3 py-2 text-sm whitespace-nowrap focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none';
const CURRENT_TAB = 'border-brand-600 font-semibold text-brand-800';
const OTHER_TAB = 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900';
const CHOICE =
  'inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm whitespace-nowrap ring-1 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none';
const CURRENT_CHOICE = 'bg-brand-50 font-semibold text-brand-800 ring-brand-300';
const OTHER_CHOICE = 'bg-white text-slate-700 ring-slate-200 hover:bg-slate-50';

const Count = ({ count }: { count: number }) => (
  <span className="tabular rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">
    {count}
    <span className="sr-only"> entries</span>
  </span>
);

/**
 * Which track and test set the board shows; links, so each has its own shareable URL. Several
 * tracks (ReXrank: two sections × four test sets) are a two-level choice, track then test set,
 * each a wrapping row of links so none is past the edge; one track's test sets are a wrapping
 * strip of tabs.
 */
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
  const grid = tabGrid(tabs, current.trackSlug, current.testSetSlug);
  if (grid) {
    return (
      <nav
        aria-label="Tracks and test sets"
        data-testid="board-picker"
        className="grid gap-2 rounded-xl border border-slate-200 bg-white p-3 sm:grid-cols-[auto_1fr] sm:items-center sm:gap-x-4"
      >
        <h3 id="board-picker-track" className="text-sm font-medium text-slate-700">
          Track
        </h3>
        <ul aria-labelledby="board-picker-track" className="flex flex-wrap gap-2">
          {grid.tracks.map((track) => {
            const isCurrent = track.slug === current.trackSlug;
            return (
              <li key={track.slug}>
                <Link
                  href={hrefFor(grid.trackTab(track.slug))}
                  aria-current={isCurrent ? 'true' : undefined}
                  data-testid="board-track-choice"
                  className={`${CHOICE} ${isCurrent ? CURRENT_CHOICE : OTHER_CHOICE}`}
                >
                  {track.name}
                </Link>
              </li>
            );
          })}
        </ul>
        <h3 id="board-picker-test-set" className="text-sm font-medium text-slate-700">
          Test set
        </h3>
        <ul aria-labelledby="board-picker-test-set" className="flex flex-wrap gap-2">
          {grid.testSets.map((tab) => {
            const isCurrent = tab.testSetSlug === current.testSetSlug;
            return (
              <li key={tab.testSetSlug}>
                <Link
                  href={hrefFor(tab)}
                  aria-current={isCurrent ? 'page' : undefined}
                  data-testid="board-test-set-choice"
                  className={`${CHOICE} ${isCurrent ? CURRENT_CHOICE : OTHER_CHOICE}`}
                >
                  {tab.testSetName}
                  <Count count={tab.entryCount} />
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    );
  }
  return (
    <nav aria-label="Tracks and test sets">
      <ul className="flex flex-wrap gap-x-1 border-b border-slate-200 px-1">
        {tabs.map((tab) => {
          const isCurrent =
            tab.trackSlug === current.trackSlug && tab.testSetSlug === current.testSetSlug;
          return (
            <li key={`${tab.trackSlug}/${tab.testSetSlug}`}>
              <Link
                href={hrefFor(tab)}
                aria-current={isCurrent ? 'page' : undefined}
                data-testid="board-tab"
                className={`${TAB} ${isCurrent ? CURRENT_TAB : OTHER_TAB}`}
              >
                {tab.testSetName}
                <Count count={tab.entryCount} />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
