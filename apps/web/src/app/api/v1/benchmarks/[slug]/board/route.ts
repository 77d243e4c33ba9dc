// GET /api/v1/benchmarks/:slug/board — one board (track × test set) as JSON or CSV: every entry
// with rank, rank interval, tier, kind (verified/reported) and each metric's value and 95% CI.
// Query: track, testSet, format=json|csv and the board page's filters and sort
// (sort, dir, view, q, team, openWeights, from, to, kind). Public fields only.
import { AppError } from '@medrank/core';
import { boardFileName, toBoardCsv, toBoardExport } from '@/features/leaderboard/board-export';
import { parseBoardSearch, toBoardQuery } from '@/features/leaderboard/board-search';
import { currentViewer, getBoardView } from '@/features/leaderboard/queries';
import { boardCacheControl } from '@/lib/cache-control';
import { handle, notFound } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/board'>) => {
    const { slug } = await ctx.params;
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const format = params.format ?? 'json';
    if (format !== 'json' && format !== 'csv') {
      throw new AppError(
        'BAD_REQUEST',
        `format: expected "json" or "csv", got "${format.slice(0, 20)}"`,
      );
    }
    const { search, errors } = parseBoardSearch(params);
    if (errors.length > 0) throw new AppError('BAD_REQUEST', errors.join('; '));
    const view = await getBoardView(toBoardQuery(slug, search), await currentViewer(request));
    if (!view)
      throw notFound(
        `board "${slug}" (track "${search.track ?? 'default'}", test set "${search.testSet ?? 'default'}")`,
      );
    const board = toBoardExport(view);
    const cacheControl = boardCacheControl(view.benchmark.status);
    if (format === 'csv') {
      return new Response(toBoardCsv(board), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${boardFileName(board, 'csv')}"`,
          'Cache-Control': cacheControl,
        },
      });
    }
    return Response.json({ board }, { headers: { 'Cache-Control': cacheControl } });
  },
);
