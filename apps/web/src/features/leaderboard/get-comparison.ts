import 'server-only';
import { AppError } from '@medrank/core';
import type { BoardViewer, BreakdownDto } from '@medrank/db';
import { askCompareEntries, type CompareMetric } from './board-queries';
import { guardBoardQuery, loggable } from './board-query-guard';
import { compareQuerySchema } from '../../api-contract/analysis';
import { parseRequestPart } from '../../api-contract/parse-request';
import type { BoardRow, BoardView } from './board-types';
import { getBoardView, getEntry } from './queries';

export interface CategoryDelta {
  dimension: string;
  category: string;
  metric: string;
  a: number | null;
  b: number | null;
  /** a − b; null when either side is missing. */
  delta: number | null;
  n: number;
}

export interface Comparison {
  view: BoardView;
  a: BoardRow;
  b: BoardRow;
  metrics: CompareMetric[];
  /** How the worker computed the CIs and p-values, to state on the page. */
  method: string;
  categories: CategoryDelta[];
}

function findComparable(view: BoardView, id: string, label: 'a' | 'b'): BoardRow {
  const row = view.entries.find((e) => e.kind === 'verified' && e.id === id);
  if (!row) {
    throw new AppError(
      'NOT_FOUND',
      `entry ${label}="${id}" is not a verified entry of ${view.benchmark.slug} / ${view.track.slug} / ${view.testSet.slug}`,
    );
  }
  return row;
}

/**
 * Two verified entries of one board: per metric the paired difference with CI and p-value
 * (computed by the worker from the stored bootstrap replicates), per category the deltas of
 * their public breakdown values.
 */
export async function getComparison(
  input: { slug: string; track?: string; testSet?: string; a?: string; b?: string },
  viewer: BoardViewer | null,
): Promise<Comparison> {
  // Signed in, within the account's allowance, and logged (malformed questions included):
  // every caller goes through here.
  return guardBoardQuery(
    viewer,
    {
      kind: 'compare',
      slug: input.slug,
      query: {
        track: loggable(input.track),
        testSet: loggable(input.testSet),
        a: loggable(input.a),
        b: loggable(input.b),
      },
    },
    () => answerComparison(input, viewer),
  );
}

/**
 * The two entries of a comparison as the public board shows them (rank, scores), without
 * asking the worker anything: what the compare page shows to visitors who are not signed in.
 */
export async function getComparedEntries(
  input: { slug: string; track?: string; testSet?: string; a: string; b: string },
  viewer: BoardViewer | null,
): Promise<{ view: BoardView; a: BoardRow; b: BoardRow }> {
  const view = await getBoardView(
    { slug: input.slug, track: input.track, testSet: input.testSet, kind: 'verified' },
    viewer,
  );
  if (!view) throw new AppError('NOT_FOUND', `board "${input.slug}" not found`);
  return { view, a: findComparable(view, input.a, 'a'), b: findComparable(view, input.b, 'b') };
}

async function answerComparison(
  input: { slug: string; track?: string; testSet?: string; a?: string; b?: string },
  viewer: BoardViewer | null,
): Promise<Comparison> {
  // The API's contract for this question (GET /api/v1/benchmarks/{slug}/compare).
  const question = parseRequestPart(compareQuerySchema, {
    track: input.track,
    testSet: input.testSet,
    a: input.a,
    b: input.b,
  });
  const view = await getBoardView(
    { slug: input.slug, track: question.track, testSet: question.testSet, kind: 'verified' },
    viewer,
  );
  if (!view) throw new AppError('NOT_FOUND', `board "${input.slug}" not found`);
  if (view.testSet.scoresHidden) {
    throw new AppError('CONFLICT', 'scores on this test set are hidden until the phase closes');
  }
  const a = findComparable(view, question.a, 'a');
  const b = findComparable(view, question.b, 'b');
  const [answer, entryA, entryB] = await Promise.all([
    askCompareEntries({
      slug: view.benchmark.slug,
      trackSlug: view.track.slug,
      testSetSlug: view.testSet.slug,
      a: a.id,
      b: b.id,
    }),
    getEntry(a.id, viewer),
    getEntry(b.id, viewer),
  ]);
  const breakdownsOf = (entry: typeof entryA): BreakdownDto[] =>
    entry?.results.find((r) => r.testSetSlug === view.testSet.slug)?.breakdowns ?? [];
  const keyOf = (d: BreakdownDto) => `${d.dimension}\u0000${d.category}\u0000${d.metric}`;
  const fromB = new Map(breakdownsOf(entryB).map((d) => [keyOf(d), d]));
  const categories = breakdownsOf(entryA).flatMap((d): CategoryDelta[] => {
    const other = fromB.get(keyOf(d));
    if (!other) return [];
    return [
      {
        dimension: d.dimension,
        category: d.category,
        metric: d.metric,
        a: d.value,
        b: other.value,
        delta: d.value !== null && other.value !== null ? d.value - other.value : null,
        n: Math.min(d.n, other.n),
      },
    ];
  });
  return { view, a, b, metrics: answer.metrics, method: answer.method, categories };
}
