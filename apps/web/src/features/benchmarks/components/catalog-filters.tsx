'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, type FormEvent } from 'react';
import { catalogSearchString, parseCatalogSearch, type CatalogSearch } from '../catalog-search';

const INPUT =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none';
/** Long enough to let a word be typed, short enough to feel live. */
const TYPING_DEBOUNCE_MS = 300;

type Option = { value: string; label: string };

/**
 * The catalog's search and filters: a GET form to `/` that works without JavaScript; with it,
 * every change (typing debounced) replaces the URL, so the server renders the narrowed list and
 * the count in the page's live region, and the address stays shareable.
 */
export function CatalogFilters({
  search,
  taskTypes,
  modalities,
  regions,
}: {
  search: CatalogSearch;
  taskTypes: Option[];
  modalities: string[];
  regions: string[];
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = () => {
    clearTimeout(timer.current);
    const form = formRef.current;
    if (!form) return;
    const fields: Record<string, string> = {};
    for (const [key, value] of new FormData(form)) {
      if (typeof value === 'string') fields[key] = value;
    }
    router.replace(`/${catalogSearchString(parseCatalogSearch(fields))}`, { scroll: false });
  };
  const applySoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(apply, TYPING_DEBOUNCE_MS);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    apply();
  };
  const clear = (event: React.MouseEvent) => {
    event.preventDefault();
    const form = formRef.current;
    if (!form) return;
    // reset() would restore the values the page was rendered with, not empty ones.
    for (const element of Array.from(form.elements)) {
      if (element instanceof HTMLInputElement && element.type === 'checkbox')
        element.checked = false;
      else if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement)
        element.value = '';
    }
    apply();
  };

  return (
    <form
      ref={formRef}
      method="get"
      action="/"
      role="search"
      aria-label="Search the benchmarks"
      onSubmit={onSubmit}
      onChange={(event) => {
        if (event.target instanceof HTMLInputElement && event.target.type === 'search') return;
        apply();
      }}
      className="mt-4 grid grid-cols-2 items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-6"
    >
      <div className="col-span-2 sm:col-span-6 lg:col-span-2">
        <label htmlFor="catalog-q" className="block font-medium text-slate-700">
          Search
        </label>
        <input
          id="catalog-q"
          name="q"
          type="search"
          defaultValue={search.q ?? ''}
          maxLength={200}
          placeholder="Title, summary, modality or body region"
          onInput={applySoon}
          className={INPUT}
        />
      </div>
      <div className="col-span-2 sm:col-span-2 lg:col-span-1">
        <label htmlFor="catalog-task" className="block font-medium text-slate-700">
          Task type
        </label>
        <select id="catalog-task" name="task" defaultValue={search.task ?? ''} className={INPUT}>
          <option value="">Any task</option>
          {taskTypes.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div className="sm:col-span-2 lg:col-span-1">
        <label htmlFor="catalog-modality" className="block font-medium text-slate-700">
          Modality
        </label>
        <select
          id="catalog-modality"
          name="modality"
          defaultValue={search.modality ?? ''}
          className={INPUT}
        >
          <option value="">Any modality</option>
          {modalities.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div className="sm:col-span-2 lg:col-span-1">
        <label htmlFor="catalog-region" className="block font-medium text-slate-700">
          Body region
        </label>
        <select
          id="catalog-region"
          name="region"
          defaultValue={search.region ?? ''}
          className={INPUT}
        >
          <option value="">Any region</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="col-span-2 flex flex-wrap items-center gap-x-4 gap-y-2 sm:col-span-6 lg:col-span-1">
        <label className="inline-flex items-center gap-2 py-1.5 font-medium text-slate-700">
          <input
            type="checkbox"
            name="verified"
            value="1"
            defaultChecked={search.verified === true}
            className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          />
          Has verified entries
        </label>
      </div>
      <div className="col-span-2 flex items-center gap-3 sm:col-span-6">
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-600 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
        >
          Search
        </button>
        <Link href="/" onClick={clear} className="font-medium text-brand-700 hover:underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
