import Link from 'next/link';
import { MAX_PER_PAGE } from '../board-search';

const number = new Intl.NumberFormat('en-GB');
const LINK =
  'rounded-md bg-white px-3 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none';
const DISABLED = 'rounded-md px-3 py-1.5 font-medium text-slate-400 ring-1 ring-slate-200';

/**
 * "Showing 51–100 of 1,000" with previous/next links and a rows-per-page choice. Plain links and
 * a GET form, so paging works without JavaScript and every page has its own URL. At the ends
 * the link is shown as inactive text (no dead link in the tab order).
 */
export function BoardPager({
  label,
  page,
  pageCount,
  perPage,
  first,
  shown,
  total,
  pageHref,
  perPageAction,
  perPageHidden,
  showPerPage = false,
}: {
  /** Names the navigation landmark, e.g. "Board pages (top)". */
  label: string;
  page: number;
  pageCount: number;
  perPage: number;
  first: number;
  shown: number;
  total: number;
  pageHref: (page: number) => string;
  /** Where the rows-per-page form submits (the board's path) and the state it keeps. */
  perPageAction: string;
  perPageHidden: Record<string, string>;
  showPerPage?: boolean;
}) {
  const range =
    total === 0
      ? 'No entries'
      : `Showing ${number.format(first + 1)}–${number.format(first + shown)} of ${number.format(total)}`;
  return (
    <nav
      aria-label={label}
      className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600"
    >
      <p className="tabular" data-testid="board-range">
        {range}
        {pageCount > 1 && (
          <span className="text-slate-500">
            {' '}
            · page {number.format(page)} of {number.format(pageCount)}
          </span>
        )}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        {showPerPage && (
          <form method="get" action={perPageAction} className="flex items-center gap-1.5">
            {Object.entries(perPageHidden).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <label htmlFor="board-per-page">Rows per page</label>
            <select
              id="board-per-page"
              name="perPage"
              defaultValue={String(perPage)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            >
              {[...new Set([25, 50, 100, MAX_PER_PAGE, perPage])]
                .sort((a, b) => a - b)
                .map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
            </select>
            <button type="submit" className={LINK}>
              Show
            </button>
          </form>
        )}
        {pageCount > 1 &&
          (page > 1 ? (
            <Link href={pageHref(page - 1)} rel="prev" className={LINK} data-testid="page-prev">
              ← Previous<span className="sr-only"> page</span>
            </Link>
          ) : (
            <span className={DISABLED} aria-disabled="true">
              ← Previous<span className="sr-only"> page</span>
            </span>
          ))}
        {pageCount > 1 &&
          (page < pageCount ? (
            <Link href={pageHref(page + 1)} rel="next" className={LINK} data-testid="page-next">
              Next<span className="sr-only"> page</span> →
            </Link>
          ) : (
            <span className={DISABLED} aria-disabled="true">
              Next<span className="sr-only"> page</span> →
            </span>
          ))}
      </div>
    </nav>
  );
}
