import Link from 'next/link';
import type { BoardSearch } from '../board-search';

const INPUT =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none';

/**
 * The board's filters as a plain GET form: it works without JavaScript and the result is a URL
 * anyone can share. Tab, sort and rows per page ride along as hidden
 * fields; a new filter starts again on page 1.
 */
export function BoardFilters({
  action,
  search,
  teams,
  resetHref,
}: {
  action: string;
  search: BoardSearch;
  teams: { slug: string; name: string }[];
  resetHref: string;
}) {
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label="Filter the board"
      className="grid grid-cols-2 gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-4"
    >
      {(['track', 'testSet', 'sort', 'dir', 'perPage', 'cols'] as const).map((key) =>
        search[key] ? <input key={key} type="hidden" name={key} value={search[key]} /> : null,
      )}
      <div className="col-span-2">
        <label htmlFor="board-q" className="block font-medium text-slate-700">
          Search
        </label>
        <input
          id="board-q"
          name="q"
          type="search"
          defaultValue={search.q ?? ''}
          maxLength={100}
          placeholder="Method, team or institution"
          className={INPUT}
        />
      </div>
      <div>
        <label htmlFor="board-team" className="block font-medium text-slate-700">
          Team
        </label>
        <select id="board-team" name="team" defaultValue={search.team ?? ''} className={INPUT}>
          <option value="">Any team</option>
          {teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="board-kind" className="block font-medium text-slate-700">
          Results
        </label>
        <select id="board-kind" name="kind" defaultValue={search.kind ?? 'all'} className={INPUT}>
          <option value="all">Verified + reported</option>
          <option value="verified">Verified only</option>
          <option value="reported">Reported only</option>
        </select>
      </div>
      <div>
        <label htmlFor="board-open" className="block font-medium text-slate-700">
          Weights
        </label>
        <select
          id="board-open"
          name="openWeights"
          defaultValue={search.openWeights ?? ''}
          className={INPUT}
        >
          <option value="">Any</option>
          <option value="yes">Open weights</option>
          <option value="no">Closed weights</option>
        </select>
      </div>
      <div>
        <label htmlFor="board-view" className="block font-medium text-slate-700">
          Entries
        </label>
        <select id="board-view" name="view" defaultValue={search.view ?? 'all'} className={INPUT}>
          <option value="all">All entries</option>
          <option value="best">Best per team</option>
        </select>
      </div>
      <div>
        <label htmlFor="board-from" className="block font-medium text-slate-700">
          From
        </label>
        <input
          id="board-from"
          name="from"
          type="date"
          defaultValue={search.from ?? ''}
          className={INPUT}
        />
      </div>
      <div>
        <label htmlFor="board-to" className="block font-medium text-slate-700">
          To
        </label>
        <input
          id="board-to"
          name="to"
          type="date"
          defaultValue={search.to ?? ''}
          className={INPUT}
        />
      </div>
      <div className="col-span-2 flex items-end gap-3 sm:col-span-4">
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white hover:bg-brand-700 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 focus-visible:outline-none"
        >
          Apply filters
        </button>
        <Link href={resetHref} className="text-brand-700 hover:underline">
          Reset
        </Link>
      </div>
    </form>
  );
}
