import 'server-only';
import { AppError } from '@medrank/core';
import type { BoardViewer } from '@medrank/db';
import { askSubsetScores, type SubsetScores } from './board-queries';
import type { BoardView } from './board-types';
import { getBoardView } from './queries';

/**
 * Every verified entry's metrics recomputed on a subset of category groups, with CIs. The worker
 * refuses subsets that are not unions of atoms of the disclosure partition (docs/boards.md); we
 * refuse hidden scores before asking.
 */
export async function getSubsetScores(
  input: { slug: string; track?: string; testSet?: string; filters: Record<string, string[]> },
  viewer: BoardViewer | null,
): Promise<{ view: BoardView; subset: SubsetScores }> {
  if (Object.keys(input.filters).length === 0) {
    throw new AppError('BAD_REQUEST', 'choose at least one group: cat=<dimension>:<group>');
  }
  const view = await getBoardView(
    { slug: input.slug, track: input.track, testSet: input.testSet, kind: 'verified' },
    viewer,
  );
  if (!view) throw new AppError('NOT_FOUND', `board "${input.slug}" not found`);
  if (view.testSet.scoresHidden) {
    throw new AppError('CONFLICT', 'scores on this test set are hidden until the phase closes');
  }
  const subset = await askSubsetScores({
    slug: view.benchmark.slug,
    trackSlug: view.track.slug,
    testSetSlug: view.testSet.slug,
    filters: input.filters,
  });
  return { view, subset };
}
