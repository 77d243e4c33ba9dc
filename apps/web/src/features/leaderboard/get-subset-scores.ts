import 'server-only';
import { AppError, TEXT_LIMITS } from '@medrank/core';
import type { BoardViewer } from '@medrank/db';
import { askSubsetScores, type SubsetScores } from './board-queries';
import { guardBoardQuery, loggable } from './board-query-guard';
import { subsetQuerySchema } from '../../api-contract/analysis';
import { parseRequestPart } from '../../api-contract/parse-request';
import { parseCategoryFilters } from './board-search';
import type { BoardView } from './board-types';
import { getBoardView } from './queries';

/** A question as asked: raw strings from the URL, validated inside the guard (so refusals are logged). */
export interface SubsetQuestion {
  slug: string;
  track?: string;
  testSet?: string;
  /** `dimension:category` values (`cat=` parameters). */
  categories: string[];
}

/**
 * Every verified entry's metrics recomputed on a subset of category groups, with CIs. The worker
 * refuses subsets that are not unions of atoms of the disclosure partition (docs/boards.md); we
 * refuse hidden scores before asking. Signed in, within the account's allowance, and logged,
 * malformed questions included: every caller (API route, board page) goes through here.
 */
export async function getSubsetScores(
  input: SubsetQuestion,
  viewer: BoardViewer | null,
): Promise<{ view: BoardView; subset: SubsetScores }> {
  return guardBoardQuery(
    viewer,
    {
      kind: 'subset',
      slug: input.slug,
      query: {
        track: loggable(input.track),
        testSet: loggable(input.testSet),
        cat: input.categories.slice(0, TEXT_LIMITS.categoryFilterCount).map((c) => loggable(c)),
      },
    },
    () => answerSubsetScores(input, viewer),
  );
}

async function answerSubsetScores(
  input: SubsetQuestion,
  viewer: BoardViewer | null,
): Promise<{ view: BoardView; subset: SubsetScores }> {
  // The API's contract for this question (GET /api/v1/benchmarks/{slug}/subset).
  const question = parseRequestPart(subsetQuerySchema, {
    track: input.track,
    testSet: input.testSet,
    cat: input.categories,
  });
  const filters = parseCategoryFilters(question.cat);
  const view = await getBoardView(
    { slug: input.slug, track: question.track, testSet: question.testSet, kind: 'verified' },
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
    filters,
  });
  return { view, subset };
}
