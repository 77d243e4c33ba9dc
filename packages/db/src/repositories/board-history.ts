import { testSetRelease } from '@medrank/core';
import type { Database } from '../client.js';
import type { BoardHistory, BoardViewer } from '../dto.js';
import { boardColumns } from '../leaderboard/board-columns.js';
import { resolveTab } from '../leaderboard/board-source.js';
import { getBoardBase, getTestSetRows } from './board-cache.js';
import { isBenchmarkCurator as canSeeDraft } from './curators.js';

/**
 * The state-of-the-art timeline of one board: every visible, non-baseline, non-disqualified entry
 * with a value on `metric` (default the primary metric), oldest first, `isRecord` where it beat
 * every earlier point. Verified values are withheld while the test set's scores are hidden.
 */
export async function getBoardHistory(
  db: Database,
  query: { slug: string; track?: string; testSet?: string; metric?: string },
  viewer?: BoardViewer | null,
): Promise<BoardHistory | null> {
  const base = await getBoardBase(db, query.slug);
  if (!base) return null;
  if (base.status === 'DRAFT' && !(await canSeeDraft(db, base.id, viewer))) return null;
  const tab = resolveTab(base, query.track, query.testSet);
  if (!tab) return null;
  const { track, testSet } = tab;
  const columns = boardColumns(track);
  const column =
    columns.find((c) => c.key === query.metric) ??
    columns.find((c) => c.key === track.primaryMetric) ??
    columns[0];
  const metric = column?.key ?? track.primaryMetric;
  const higherIsBetter = column?.higherIsBetter ?? true;
  const scoresHidden = testSetRelease(
    testSet.visibility,
    base.phases,
    new Date(base.builtAt),
  ).isHidden;
  const rows = await getTestSetRows(db, base, testSet);
  const candidates = [...(scoresHidden ? [] : rows.verified), ...rows.reported]
    .filter((r) => r.baselineKind === null && r.moderation === 'VISIBLE' && r.sortDate !== '')
    .flatMap((r) => {
      const value = r.scores[metric]?.value ?? null;
      return value === null ? [] : [{ row: r, value }];
    })
    .sort(
      (a, b) =>
        a.row.sortDate.localeCompare(b.row.sortDate) ||
        (a.row.kind === b.row.kind ? 0 : a.row.kind === 'reported' ? -1 : 1) ||
        a.row.id.localeCompare(b.row.id),
    );
  let best: number | null = null;
  const points = candidates.map(({ row, value }) => {
    const isRecord = best === null || (higherIsBetter ? value > best : value < best);
    if (isRecord) best = value;
    return {
      date: row.sortDate,
      value,
      kind: row.kind,
      id: row.id,
      methodName: row.methodName,
      isRecord,
    };
  });
  return {
    trackSlug: track.slug,
    testSetSlug: testSet.slug,
    metric,
    higherIsBetter,
    rankedVersion: testSet.rankedVersion,
    scoresHidden,
    points,
  };
}
