import { AppError, TEXT_LIMITS, tooLongMessage } from '@medrank/core';
import { z } from 'zod';
import { COLUMN_CHOICE } from './board-columns';
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
  /** The page's column chooser: comma-separated metric keys shown (absent: every column). */
  cols?: string;
}

/** Rows a board page shows unless `perPage` says otherwise, and the most it may ask for. */
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 200;

export type RawSearch = Record<string, string | string[] | undefined>;

const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** Refused as `expected <what>, got "<value>"` (the field name is put in front by the caller). */
const expected = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    `expected ${what}, got "${String(issue.input).slice(0, 40)}"`,
});
const slugOf = (what: string) => z.string().regex(SLUG, expected(what));
const isoDate = () => z.iso.date(expected('a date YYYY-MM-DD'));

/**
 * One schema per URL parameter of a board view: the page drops a value its schema refuses, the
 * REST API (`GET /api/v1/benchmarks/{slug}/board`, its contract in api-contract/boards.ts)
 * answers 400 with the same message.
 */
export const boardSearchFieldSchemas = {
  track: slugOf('a track slug'),
  testSet: slugOf('a test set slug'),
  sort: slugOf('a metric key'),
  dir: z.enum(['asc', 'desc'], expected('"asc" or "desc"')),
  view: z.enum(['best', 'all'], expected('"best" or "all"')),
  q: z
    .string()
    .max(TEXT_LIMITS.searchQuery, expected(`at most ${TEXT_LIMITS.searchQuery} characters`)),
  team: slugOf('a team slug'),
  openWeights: z.enum(['yes', 'no'], expected('"yes" or "no"')),
  from: isoDate(),
  to: isoDate(),
  kind: z.enum(['verified', 'reported', 'all'], expected('"verified", "reported" or "all"')),
  page: z.string().regex(/^[1-9]\d{0,5}$/, expected('a page number from 1')),
  perPage: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, expected(`a number of rows from 1 to ${MAX_PER_PAGE}`))
    .refine(
      (v) => Number(v) <= MAX_PER_PAGE,
      expected(`a number of rows from 1 to ${MAX_PER_PAGE}`),
    ),
  cols: z.string().regex(COLUMN_CHOICE, expected('comma-separated metric keys')),
} satisfies Record<keyof BoardSearch, z.ZodType<string>>;

/**
 * The API's refusal of a metric key the board does not have (`sort` of the board, `metric` of the
 * history): the read model falls back to the primary metric, which the page may do silently but
 * an API client would take for the ranking it asked for.
 */
export function unknownMetricError(
  parameter: 'sort' | 'metric',
  key: string,
  boardMetrics?: string[],
): AppError {
  const choices = boardMetrics?.length ? ` (${boardMetrics.join(', ')})` : '';
  return new AppError(
    'BAD_REQUEST',
    `${parameter}: expected a metric of this board${choices}, got "${key.slice(0, 40)}"`,
  );
}

export interface ParsedBoardSearch {
  search: BoardSearch;
  /** One message per refused parameter, e.g. `dir: expected "asc" or "desc", got "up"`. */
  errors: string[];
}

export function parseBoardSearch(raw: RawSearch): ParsedBoardSearch {
  const search: Record<string, string> = {};
  const errors: string[] = [];
  for (const [key, schema] of Object.entries(boardSearchFieldSchemas)) {
    // The column chooser is a GET form of checkboxes: one `cols` per ticked metric.
    const value =
      key === 'cols' && Array.isArray(raw.cols)
        ? raw.cols
            .map((c) => c.trim())
            .filter(Boolean)
            .join(',') || undefined
        : first(raw[key]);
    if (value === undefined) continue;
    const result = schema.safeParse(value);
    if (result.success) search[key] = value;
    else errors.push(`${key}: ${result.error.issues[0]?.message ?? 'invalid'}`);
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
  for (const key of Object.keys(boardSearchFieldSchemas) as (keyof BoardSearch)[]) {
    const value = search[key];
    if (value) query.set(key, value);
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
 * A last page holding fewer rows than this share of a page is folded into the page before it
 * (on the board page), so GMAI-MMBench's 51 rows are one page of 51, not 50 and a lonely 1.
 * Folding keeps every page but the last exactly `perPage` long, so links to pages stay stable.
 */
export const FOLD_LAST_PAGE_BELOW_SHARE = 0.1;

/** Pages for `total` rows; with `fold`, a short last page joins the one before. */
export function pageCountOf(total: number, perPage: number, fold = false): number {
  const full = Math.floor(total / perPage);
  const rest = total % perPage;
  if (fold && full >= 1 && rest > 0 && rest < perPage * FOLD_LAST_PAGE_BELOW_SHARE) return full;
  return Math.max(1, Math.ceil(total / perPage));
}

/**
 * One page of a board's rows. Ranks come from the read model over the whole board, so they stay
 * global. A page past the end shows the last page; `focusIndex` (e.g. the row a "view your
 * entry" link highlights) picks the page holding that row when no page was asked for.
 * `foldShortLastPage` (the board page; the API keeps strict pages) folds a last page shorter
 * than 10 % of a page into the one before.
 */
export function paginate<Row>(
  rows: Row[],
  search: Pick<BoardSearch, 'page' | 'perPage'>,
  focusIndex = -1,
  { foldShortLastPage = false }: { foldShortLastPage?: boolean } = {},
): BoardPage<Row> {
  const perPage = search.perPage ? Number(search.perPage) : DEFAULT_PER_PAGE;
  const pageCount = pageCountOf(rows.length, perPage, foldShortLastPage);
  const asked = search.page
    ? Number(search.page)
    : focusIndex >= 0
      ? Math.floor(focusIndex / perPage) + 1
      : 1;
  const page = Math.min(asked, pageCount);
  const first = (page - 1) * perPage;
  return {
    rows: rows.slice(first, page === pageCount ? undefined : first + perPage),
    page,
    perPage,
    pageCount,
    total: rows.length,
    first,
  };
}
