import { testSetRelease } from '@medrank/core';
import type { BoardQuery, BoardRow, BoardSortDirection, BoardTab, BoardView } from '../dto.js';
import { boardColumns } from './board-columns.js';
import type {
  BenchmarkSource,
  SourceRow,
  TestSetRows,
  TestSetSource,
  TrackSource,
} from './board-source.js';
import { rankEntries } from './rank-entries.js';

/** One tab of a benchmark with its loaded rows: everything a board view is built from. */
export interface BoardSource {
  benchmark: BenchmarkSource;
  track: TrackSource;
  testSet: TestSetSource;
  rows: TestSetRows;
}

/** The parts of a board query that shape the view (the tab is already chosen). */
export type BoardViewQuery = Pick<
  BoardQuery,
  'sort' | 'dir' | 'view' | 'q' | 'team' | 'openWeights' | 'from' | 'to' | 'kind'
>;

/**
 * One board view, pure: the tab's rows filtered, sorted and ranked, with the tabs, the columns
 * and the sort it used. `now` is the moment the release rule is read at (a hidden-until-close
 * test set shows no verified numbers before its last phase closes).
 *
 * - Columns: the track's metrics from the metrics catalog, then reported-only metrics
 *   (boardColumns); decimals capped by the most precise stated precision among verified rows.
 * - Sort: `query.sort` if it is a column, else the primary metric; direction `query.dir`, else
 *   the metric's better direction. Disqualified rows go last, then rows without a value (either
 *   direction); ties: verified before reported, earlier date, then id.
 * - Rank: competition rank ("1, 2, 2, 4") over every rankable verified row (visible,
 *   non-baseline) on a computed sort metric, whatever the filters; rows without a value rank
 *   after every row with one, sharing a rank.
 *   Reported rows, baselines and disqualified rows have none. Rank interval, tier and P(best)
 *   come from the sort metric's precomputed rank statistics of rankable rows.
 * - Filters: `kind`, then `view: 'best'` (bestPerTeam), then text in `q`, `team`,
 *   `openWeights`, and the inclusive `from`/`to` days (rows without a date are left out then).
 * - While the test set's scores are hidden, verified rows keep their place in the list but carry
 *   no scores, rank, rank statistics or inference time, and sort as rows without a value.
 */
export function buildBoardView(
  { benchmark, track, testSet, rows }: BoardSource,
  query: BoardViewQuery,
  now: Date,
): BoardView {
  const release = testSetRelease(testSet.visibility, benchmark.phases, now);
  const scoreDecimals = [
    ...new Set(rows.verified.flatMap((r) => (r.scoreDecimals === null ? [] : [r.scoreDecimals]))),
  ].sort((a, b) => a - b);
  const columns = boardColumns(track, scoreDecimals.at(-1) ?? null);
  const sortColumn =
    columns.find((c) => c.key === query.sort) ??
    columns.find((c) => c.key === track.primaryMetric) ??
    columns[0];
  const sortMetric = sortColumn?.key ?? track.primaryMetric;
  const higherIsBetter = sortColumn?.higherIsBetter ?? true;
  const dir: BoardSortDirection = query.dir ?? (higherIsBetter ? 'desc' : 'asc');
  // Number-free for everyone while the test set is hidden, curators included: the cached view is
  // the same for every viewer, and curators see the numbers on entry pages.
  const scoresHidden = release.isHidden;

  // Ranks are properties of the board, not of the current filter: computed over every rankable
  // entry (visible, non-baseline, verified), the same set the rank statistics use.
  const ranks = new Map<string, number>();
  if (!scoresHidden && sortColumn?.computed) {
    const rankable = rows.verified
      .filter((r) => r.isRankable)
      .map((r) => ({ id: r.id, sortDate: r.sortDate, value: r.scores[sortMetric]?.value ?? null }));
    for (const r of rankEntries(rankable, higherIsBetter, (a, b) =>
      a.sortDate.localeCompare(b.sortDate),
    ))
      ranks.set(r.id, r.rank);
  }

  const kind = query.kind ?? 'all';
  let candidates: SourceRow[] = [
    ...(kind === 'reported' ? [] : rows.verified),
    ...(kind === 'verified' ? [] : rows.reported),
  ];
  if (query.view === 'best') candidates = bestPerTeam(candidates, sortMetric, higherIsBetter);
  const text = query.q?.trim().toLowerCase();
  const from = query.from ? query.from.slice(0, 10) : null;
  const to = query.to ? query.to.slice(0, 10) : null;
  candidates = candidates.filter((r) => {
    if (text && !r.haystack.includes(text)) return false;
    if (query.team && r.team?.slug !== query.team) return false;
    if (query.openWeights !== undefined && r.openWeights !== query.openWeights) return false;
    if (from || to) {
      const day = r.sortDate.slice(0, 10);
      if (!day) return false;
      if (from && day < from) return false;
      if (to && day > to) return false;
    }
    return true;
  });

  const valueOf = (r: SourceRow) => {
    if (scoresHidden && r.kind === 'verified') return null;
    return r.scores[sortMetric]?.value ?? null;
  };
  const sign = dir === 'desc' ? -1 : 1;
  const sorted = [...candidates].sort((a, b) => {
    const aDisqualified = a.moderation === 'DISQUALIFIED';
    if (aDisqualified !== (b.moderation === 'DISQUALIFIED')) return aDisqualified ? 1 : -1;
    const av = valueOf(a);
    const bv = valueOf(b);
    if (av === null || bv === null) {
      if (av !== bv) return av === null ? 1 : -1;
    } else if (av !== bv) return sign * (av - bv);
    if (a.kind !== b.kind) return a.kind === 'verified' ? -1 : 1;
    return a.sortDate.localeCompare(b.sortDate) || a.id.localeCompare(b.id);
  });

  const entries = sorted.map((r): BoardRow => {
    const stat =
      !scoresHidden && r.kind === 'verified' && r.isRankable ? r.rankStats[sortMetric] : undefined;
    return {
      kind: r.kind,
      id: r.id,
      rank: ranks.get(r.id) ?? null,
      rankInterval: stat ? [stat.rankLow, stat.rankHigh] : null,
      tier: stat?.tier ?? null,
      pBest: stat?.pBest ?? null,
      methodName: r.methodName,
      modelSlug: r.modelSlug,
      team: r.team,
      institution: r.institution,
      date: r.date,
      openWeights: r.openWeights,
      baselineKind: r.baselineKind,
      moderation: r.moderation,
      moderationReason: r.moderationReason,
      sourceUrl: r.sourceUrl,
      codeUrl: r.codeUrl,
      paperUrl: r.paperUrl,
      scores: scoresHidden && r.kind === 'verified' ? {} : r.scores,
      // Number-free means no run times either while the scores are hidden.
      inference: scoresHidden && r.kind === 'verified' ? null : r.inference,
    };
  });

  const tabs: BoardTab[] = benchmark.tracks.flatMap((t) =>
    t.testSets.map((s) => ({
      trackSlug: t.slug,
      trackName: t.name,
      testSetSlug: s.slug,
      testSetName: s.name,
      entryCount: s.entryCount,
    })),
  );
  return {
    benchmark: {
      slug: benchmark.slug,
      title: benchmark.title,
      summary: benchmark.summary,
      taskType: benchmark.taskType,
      status: benchmark.status,
      minCategorySize: benchmark.minCategorySize,
    },
    tabs,
    track: {
      slug: track.slug,
      name: track.name,
      description: track.description,
      primaryMetric: track.primaryMetric,
      taskType: track.taskType,
    },
    testSet: {
      slug: testSet.slug,
      name: testSet.name,
      description: testSet.description,
      caseCount: testSet.caseCount,
      currentVersion: testSet.currentVersion,
      rankedVersion: testSet.rankedVersion,
      visibility: testSet.visibility,
      scoresHidden,
      releaseAt: release.releaseAt?.toISOString() ?? null,
      scoreDecimals,
      rankedAt: testSet.rankedAt,
      categoryDimensions: testSet.categoryDimensions,
      rescore: testSet.rescore,
    },
    columns,
    sort: { metric: sortMetric, dir },
    entries,
  };
}

/**
 * Each team's best verified entry on the sort metric (earliest among equals, then the smaller
 * id); a team's
 * disqualified entries only when it has nothing else. Reported and baseline rows stay, and so
 * does a verified row without a team (none today: every submission belongs to a team, a
 * personal one for a lone user).
 */
export function bestPerTeam(
  rows: SourceRow[],
  metric: string,
  higherIsBetter: boolean,
): SourceRow[] {
  const best = new Map<string, SourceRow>();
  const better = (a: SourceRow, b: SourceRow) => {
    const aDq = a.moderation === 'DISQUALIFIED';
    if (aDq !== (b.moderation === 'DISQUALIFIED')) return !aDq;
    const av = a.scores[metric]?.value ?? null;
    const bv = b.scores[metric]?.value ?? null;
    if (av !== bv) {
      if (bv === null) return true;
      if (av === null) return false;
      return higherIsBetter ? av > bv : av < bv;
    }
    // Equal dates too (two uploads in one millisecond): the smaller id, not the SQL row order.
    return a.sortDate < b.sortDate || (a.sortDate === b.sortDate && a.id < b.id);
  };
  const kept: SourceRow[] = [];
  for (const r of rows) {
    if (r.kind !== 'verified' || r.baselineKind !== null || !r.team) {
      kept.push(r);
      continue;
    }
    const current = best.get(r.team.slug);
    if (!current || better(r, current)) best.set(r.team.slug, r);
  }
  return [...kept, ...best.values()];
}
