import type { BoardColumn, BoardTab, BoardView } from './board-types';

/** What the board table shows: which columns, in which order, and how the rank column reads. */
export interface BoardColumnLayout {
  /** Metric columns shown, the primary metric first (it sits right after the method). */
  columns: BoardColumn[];
  /** Metric columns the board has values for, in the same order: the column chooser's list. */
  choosable: BoardColumn[];
  /** Some entry has a rank interval / a tier: otherwise the columns are left out. */
  showRankInterval: boolean;
  showTier: boolean;
  /**
   * Some entry has a model or endpoint run's inference time: the efficiency column ("time per
   * case") shows. A board of prediction files only looks as it did before model runs.
   */
  showInference: boolean;
  /**
   * No entry has a rank (a board of reported results only): the first column shows the list
   * position instead of "–" on every row.
   */
  listPosition: boolean;
}

const hasValue = (view: BoardView, key: string) =>
  view.entries.some((row) => {
    const value = row.scores[key]?.value;
    return typeof value === 'number' && Number.isFinite(value);
  });

/**
 * The table's columns for a board view. A column nobody has a value in (a metric nobody
 * reported, rank statistics on a board of reported results) is left out at every width; while
 * scores are withheld (hidden until close) the metric columns stay, since "—" there means
 * "not yet shown", not "nobody has one". `chosen` (the column chooser, see parseColumnChoice)
 * narrows the metrics further; the sorted metric always stays, so the order is explained.
 */
export function boardColumnLayout(
  view: BoardView,
  chosen: ReadonlySet<string> | null = null,
): BoardColumnLayout {
  const primary = view.track.primaryMetric;
  const ordered = [
    ...view.columns.filter((c) => c.key === primary),
    ...view.columns.filter((c) => c.key !== primary),
  ];
  const choosable = view.testSet.scoresHidden
    ? ordered
    : ordered.filter((c) => c.key === view.sort.metric || hasValue(view, c.key));
  const columns = chosen
    ? choosable.filter((c) => c.key === view.sort.metric || chosen.has(c.key))
    : choosable;
  return {
    columns,
    choosable,
    showRankInterval: view.entries.some((row) => row.rankInterval !== null),
    showTier: view.entries.some((row) => row.tier !== null),
    showInference: view.entries.some((row) => row.inference !== null),
    listPosition: view.entries.length > 0 && view.entries.every((row) => row.rank === null),
  };
}

/** The `cols` URL parameter: comma-separated metric keys (a GET form repeats it instead). */
export const COLUMN_CHOICE =
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(,[A-Za-z0-9][A-Za-z0-9._-]{0,63}){0,63}$/;

/**
 * The metrics the column chooser keeps, from `cols` (already joined by parseBoardSearch), as a
 * set of this board's keys; null (every column) when absent, when it names none of them, or when
 * it names all of them, so "every column" has one URL.
 */
export function parseColumnChoice(
  cols: string | undefined,
  columns: readonly BoardColumn[],
): Set<string> | null {
  if (!cols) return null;
  const known = new Set(columns.map((c) => c.key));
  const chosen = new Set(cols.split(',').filter((key) => known.has(key)));
  return chosen.size === 0 || chosen.size === known.size ? null : chosen;
}

/** `cols` for a choice: keys in the board's column order, undefined for "every column". */
export function columnChoiceParam(
  chosen: ReadonlySet<string> | null,
  columns: readonly BoardColumn[],
): string | undefined {
  if (!chosen) return undefined;
  const keys = columns.filter((c) => chosen.has(c.key)).map((c) => c.key);
  return keys.length === 0 || keys.length === columns.length ? undefined : keys.join(',');
}

export interface TabGrid {
  /** The tracks (ReXrank: sections), in tab order. */
  tracks: { slug: string; name: string }[];
  /** The test sets of the current track, in tab order, each with the tab it links to. */
  testSets: BoardTab[];
  /** The tab each track links to: the same test set in that track when it has one. */
  trackTab: (trackSlug: string) => BoardTab;
}

/**
 * Tabs of several tracks with test sets as a two-level choice (track, then test set) instead of
 * one strip of every pair, which runs past the screen (ReXrank: 4 test sets × 2 sections). Null
 * for one track: its test sets stay a strip.
 */
export function tabGrid(tabs: readonly BoardTab[], currentTrack: string, currentTestSet: string) {
  const tracks = [
    ...new Map(tabs.map((t) => [t.trackSlug, { slug: t.trackSlug, name: t.trackName }])).values(),
  ];
  if (tracks.length < 2) return null;
  const grid: TabGrid = {
    tracks,
    testSets: tabs.filter((t) => t.trackSlug === currentTrack),
    trackTab: (trackSlug) => {
      const ofTrack = tabs.filter((t) => t.trackSlug === trackSlug);
      return ofTrack.find((t) => t.testSetSlug === currentTestSet) ?? ofTrack[0]!;
    },
  };
  return grid;
}
