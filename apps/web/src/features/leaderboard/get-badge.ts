import 'server-only';
import { AppError } from '@medrank/core';
import type { BoardViewer } from '@medrank/db';
import { formatWithCi } from '@/lib/format';
import { verifiedRankText } from './badge';
import { getBoardView } from './queries';

/**
 * The badge of one verified entry on one board: "verified rank 5 of 14" and the value with its
 * CI in the site's one notation on `metric`
 * (default the track's primary metric). Hidden scores give a badge that says so, nothing more.
 */
export async function getBadge(
  input: { slug: string; entry: string; metric?: string; track?: string; testSet?: string },
  viewer: BoardViewer | null,
): Promise<{ label: string; message: string; status: 'DRAFT' | 'PUBLISHED'; color?: string }> {
  const view = await getBoardView(
    {
      slug: input.slug,
      track: input.track,
      testSet: input.testSet,
      sort: input.metric,
      kind: 'verified',
    },
    viewer,
  );
  if (!view) throw new AppError('NOT_FOUND', `board "${input.slug}" not found`);
  if (input.metric && !view.columns.some((c) => c.key === input.metric && c.computed)) {
    throw new AppError('BAD_REQUEST', `metric "${input.metric}" is not scored on this board`);
  }
  const row = view.entries.find((e) => e.id === input.entry);
  if (!row) throw new AppError('NOT_FOUND', `entry "${input.entry}" is not on this board`);
  const column = view.columns.find((c) => c.key === view.sort.metric);
  const where = `on ${view.benchmark.title}`;
  if (view.testSet.scoresHidden || !column) {
    return {
      label: 'MedRank',
      message: `${where} · scores hidden until close`,
      status: view.benchmark.status,
      color: '#64748b',
    };
  }
  const score = row.scores[column.key];
  // The view holds every verified entry (kind: 'verified', no filter): ranked ones have a rank.
  const rankedCount = view.entries.filter((e) => e.rank !== null).length;
  const value =
    score?.value === null || score?.value === undefined
      ? 'no value'
      : formatWithCi(score.value, score.ciLow, score.ciHigh, column.decimals);
  const rank =
    row.moderation === 'DISQUALIFIED'
      ? 'disqualified'
      : row.rank !== null
        ? verifiedRankText(row.rank, rankedCount)
        : 'unranked';
  return {
    label: 'MedRank',
    message: `${rank} ${where} · ${column.label} ${value}`,
    status: view.benchmark.status,
  };
}
