import { AppError, TEXT_LIMITS, tooLongMessage } from '@medrank/core';
import type { BoardQuery } from './board-types';

/**
 * The board's view state as it lives in the URL, so any view can be shared. The page and the
 * export endpoint read the same parameters; the page drops a bad value, the API refuses it.
 */
export interface BoardSearch {
  track?: string;
  testSet?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  view?: 'best' | 'all';
  q?: string;
  team?: string;
  openWeights?: 'yes' | 'no';
  from?: string;
  to?: string;
  kind?: 'verified' | 'reported' | 'all';
  /** 1-based page of the board page's table (the export ignores it unless asked for). */
  page?: string;
  /** Rows per page, 1 to MAX_PER_PAGE. */
  perPage?: string;
}

/** Rows a board page shows unless `perPage` says otherwise, and the most it may ask for. */
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 200;

export type RawSearch = Record<string, string | string[] | undefined>;

const SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

interface Field {
  key: keyof BoardSearch;
  accepts: (value: string) => boolean;
  expected: string;
}

const FIELDS: Field[] = [
  { key: 'track', accepts: (v) => SLUG.test(v), expected: 'a track slug' },
  { key: 'testSet', accepts: (v) => SLUG.test(v), expected: 'a test set slug' },
  { key: 'sort', accepts: (v) => SLUG.test(v), expected: 'a metric key' },
  { key: 'dir', accepts: (v) => v === 'asc' || v === 'desc', expected: '"asc" or "desc"' },
  { key: 'view', accepts: (v) => v === 'best' || v === 'all', expected: '"best" or "all"' },
  {
    key: 'q',
    accepts: (v) => v.length <= TEXT_LIMITS.searchQuery,
    expected: `at most ${TEXT_LIMITS.searchQuery} characters`,
  },
  { key: 'team', accepts: (v) => SLUG.test(v), expected: 'a team slug' },
  { key: 'openWeights', accepts: (v) => v === 'yes' || v === 'no', expected: '"yes" or "no"' },
  {
    key: 'from',
    accepts: (v) => DATE.test(v) && !Number.isNaN(Date.parse(v)),
    expected: 'a date YYYY-MM-DD',
  },
  {
    key: 'to',
    accepts: (v) => DATE.test(v) && !Number.isNaN(Date.parse(v)),
    expected: 'a date YYYY-MM-DD',
  },
  {
    key: 'kind',
    accepts: (v) => v === 'verified' || v === 'reported' || v === 'all',
    expected: '"verified", "reported" or "all"',
  },
  {
    key: 'page',
    accepts: (v) => /^[1-9]\d{0,5}$/.test(v),
    expected: 'a page number from 1',
  },
  {
    key: 'perPage',
    accepts: (v) => /^[1-9]\d{0,2}$/.test(v) && Number(v) <= MAX_PER_PAGE,
    expected: `a number of rows from 1 to ${MAX_PER_PAGE}`,
  },
];

export interface ParsedBoardSearch {
  search: BoardSearch;
  /** One message per refused parameter, e.g. `dir: expected "asc" or "desc", got "up"`. */
  errors: string[];
}

export function parseBoardSearch(raw: RawSearch): ParsedBoardSearch {
  const search: Record<string, string> = {};
  const errors: string[] = [];
  for (const field of FIELDS) {
    const value = first(raw[field.key]);
    if (value === undefined) continue;
    if (field.accepts(value)) search[field.key] = value;
    else errors.push(`${field.key}: expected ${field.expected}, got "${value.slice(0, 40)}"`);
  }
  return { search: search as BoardSearch, errors };
}

/** The repository query for a parsed search; a `to` date includes the whole day. */
export function toBoardQuery(slug: string, search: BoardSearch): BoardQuery {
  return {
    slug,
    ...(search.track && { track: search.track }),
    ...(search.testSet && { testSet: search.testSet }),
    ...(search.sort && { sort: search.sort }),
    ...(search.dir && { dir: search.dir }),
    ...(search.view && { view: search.view }),
    ...(search.q && { q: search.q }),
    ...(search.team && { team: search.team }),
    ...(search.openWeights && { openWeights: search.openWeights === 'yes' }),
    ...(search.from && { from: `${search.from}T00:00:00.000Z` }),
    ...(search.to && { to: `${search.to}T23:59:59.999Z` }),
    ...(search.kind && { kind: search.kind }),
  };
}

/** Query string of a search (keys in a fixed order so equal views share one URL). */
export function boardSearchString(search: BoardSearch, extra: Record<string, string> = {}) {
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    const value = search[field.key];
    if (value) query.set(field.key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The filters that narrow the rows (not the tab or sort), to tell "no entries" from "no match". */
export function hasRowFilters(search: BoardSearch): boolean {
  return Boolean(
    search.q ||
    search.team ||
    search.openWeights ||
    search.from ||
    search.to ||
    (search.kind && search.kind !== 'all'),
  );
}

/** `dimension:category` pairs from the URL → the subset filter, refusing malformed pairs. */
export function parseCategoryFilters(values: string[]): Record<string, string[]> {
  if (values.length > TEXT_LIMITS.categoryFilterCount) {
    throw new AppError(
      'BAD_REQUEST',
      `cat: at most ${TEXT_LIMITS.categoryFilterCount} category filters (got ${values.length})`,
    );
  }
  const filters: Record<string, string[]> = {};
  for (const pair of values) {
    if (pair.length > TEXT_LIMITS.categoryFilter)
      throw new AppError(
        'BAD_REQUEST',
        tooLongMessage('cat', TEXT_LIMITS.categoryFilter, pair.length),
      );
    const at = pair.indexOf(':');
    if (at <= 0 || at === pair.length - 1) {
      throw new AppError(
        'BAD_REQUEST',
        `category filter "${pair.slice(0, 60)}": expected "dimension:category"`,
      );
    }
    const dimension = pair.slice(0, at);
    (filters[dimension] ??= []).push(pair.slice(at + 1));
  }
  return filters;
}

export interface BoardPage<Row> {
  rows: Row[];
  /** The page shown (clamped to the last page), 1-based. */
  page: number;
  perPage: number;
  pageCount: number;
  total: number;
  /** 0-based index of the first row shown (so "Showing first + 1 – first + rows.length"). */
  first: number;
}

/**
 * One page of a board's rows. Ranks come from the read model over the whole board, so they stay
 * global. A page past the end shows the last page; `focusIndex` (e.g. the row a "view your
 * entry" link highlights) picks the page holding that row when no page was asked for.
 */
export function paginate<Row>(
  rows: Row[],
  search: Pick<BoardSearch, 'page' | 'perPage'>,
  focusIndex = -1,
): BoardPage<Row> {
  const perPage = search.perPage ? Number(search.perPage) : DEFAULT_PER_PAGE;
  const pageCount = Math.max(1, Math.ceil(rows.length / perPage));
  const asked = search.page
    ? Number(search.page)
    : focusIndex >= 0
      ? Math.floor(focusIndex / perPage) + 1
      : 1;
  const page = Math.min(asked, pageCount);
  const first = (page - 1) * perPage;
  return {
    rows: rows.slice(first, first + perPage),
    page,
    perPage,
    pageCount,
    total: rows.length,
    first,
  };
}
