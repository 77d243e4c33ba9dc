import type { BreakdownTable } from './board-types';

type BreakdownDimension = BreakdownTable['dimensions'][number];
export type BreakdownRow = BreakdownDimension['rows'][number];
export type SortDirection = 'asc' | 'desc';

/**
 * The sorted column of one heat map, as the URL carries it: `bsort=<dimension>:<column>:<dir>`,
 * the column empty for Overall (`bsort=department::asc`). Category names may hold colons; a
 * dimension may not (the subset filter `cat=dimension:category` has the same rule).
 */
export interface BreakdownSort {
  dimension: string;
  /** A category column, or null for the Overall column. */
  column: string | null;
  direction: SortDirection;
}

const MAX_SORT_PARAM_LENGTH = 300;

/** The `bsort` parameter, or null when absent or malformed (the page then sorts by Overall). */
export function parseBreakdownSort(value: string | string[] | undefined): BreakdownSort | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || raw.length > MAX_SORT_PARAM_LENGTH) return null;
  const firstColon = raw.indexOf(':');
  const lastColon = raw.lastIndexOf(':');
  if (firstColon <= 0 || lastColon === firstColon) return null;
  const direction = raw.slice(lastColon + 1);
  if (direction !== 'asc' && direction !== 'desc') return null;
  const column = raw.slice(firstColon + 1, lastColon);
  return { dimension: raw.slice(0, firstColon), column: column === '' ? null : column, direction };
}

export const breakdownSortParam = (sort: BreakdownSort) =>
  `${sort.dimension}:${sort.column ?? ''}:${sort.direction}`;

/** Best first: descending for a higher-is-better metric, ascending otherwise. */
export const bestFirst = (higherIsBetter: boolean): SortDirection =>
  higherIsBetter ? 'desc' : 'asc';

/**
 * The sort a heat map shows: the URL's when it names this dimension and one of its columns,
 * else Overall, best first.
 */
export function effectiveSort(
  requested: BreakdownSort | null,
  dimension: BreakdownDimension,
  higherIsBetter: boolean,
): BreakdownSort {
  const isOwn =
    requested?.dimension === dimension.dimension &&
    (requested.column === null ||
      dimension.categories.some((c) => c.category === requested.column));
  return isOwn && requested
    ? requested
    : { dimension: dimension.dimension, column: null, direction: bestFirst(higherIsBetter) };
}

/** What a header's link does: reverse the column it sorts by, or sort another one best first. */
export function nextSort(
  current: BreakdownSort,
  column: string | null,
  higherIsBetter: boolean,
): BreakdownSort {
  if (current.column === column) {
    return { ...current, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { dimension: current.dimension, column, direction: bestFirst(higherIsBetter) };
}

/**
 * The heat map's rows in the order `sort` asks for. Rows without a value in the sorted column go
 * last whatever the direction (a missing number is not a bad one); ties fall back to Overall best
 * first, then to the name, so the order is stable across requests.
 */
export function orderBreakdownRows<Row extends Pick<BreakdownRow, 'id' | 'methodName' | 'cells'>>(
  rows: readonly Row[],
  sort: BreakdownSort,
  overall: ReadonlyMap<string, number | null>,
  higherIsBetter: boolean,
): Row[] {
  const valueOf = (row: Row): number | null => {
    const value = sort.column === null ? overall.get(row.id) : row.cells[sort.column]?.value;
    return value === null || value === undefined || !Number.isFinite(value) ? null : value;
  };
  const overallOf = (row: Row) => {
    const value = overall.get(row.id);
    return value === null || value === undefined || !Number.isFinite(value) ? null : value;
  };
  const compare = (a: number | null, b: number | null, direction: SortDirection) => {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    return direction === 'asc' ? a - b : b - a;
  };
  return [...rows].sort(
    (a, b) =>
      compare(valueOf(a), valueOf(b), sort.direction) ||
      compare(overallOf(a), overallOf(b), bestFirst(higherIsBetter)) ||
      a.methodName.localeCompare(b.methodName),
  );
}

/** `aria-sort` of a header: the sorted column says its direction, every other one "none". */
export const ariaSortOf = (sort: BreakdownSort, column: string | null) =>
  sort.column !== column ? 'none' : sort.direction === 'asc' ? 'ascending' : 'descending';

const MAX_SHORT_NAME_LENGTH = 24;

/**
 * A column's short name: the abbreviation a source writes in parentheses at the end
 * ("Attribute recognition (AR)" → "AR"), else the name, cut with an ellipsis past 24 characters.
 * The full name stays in the header's title and accessible name.
 */
export function shortCategoryName(name: string): string {
  const abbreviation = /\(([^()]{1,12})\)\s*$/.exec(name)?.[1]?.trim();
  if (abbreviation) return abbreviation;
  return name.length > MAX_SHORT_NAME_LENGTH
    ? `${name.slice(0, MAX_SHORT_NAME_LENGTH - 1).trimEnd()}…`
    : name;
}
