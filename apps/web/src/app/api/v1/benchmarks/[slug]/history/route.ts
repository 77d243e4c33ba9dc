// GET /api/v1/benchmarks/:slug/history — the state-of-the-art timeline of one board: every
// verified and reported entry with a value on `metric`, oldest first, records marked.
// Query: track, testSet, metric (default the track's primary metric).
import { AppError } from '@medrank/core';
import { parseBoardSearch } from '@/features/leaderboard/board-search';
import { currentViewer, getBoardHistory } from '@/features/leaderboard/queries';
import { boardCacheControl } from '@/lib/cache-control';
import { handle, notFound } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/history'>) => {
    const { slug } = await ctx.params;
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const { search, errors } = parseBoardSearch({
      track: params.track,
      testSet: params.testSet,
      sort: params.metric,
    });
    if (errors.length > 0)
      throw new AppError('BAD_REQUEST', errors.join('; ').replace(/^sort:/, 'metric:'));
    const viewer = await currentViewer(request);
    const history = await getBoardHistory(
      { slug, track: search.track, testSet: search.testSet, metric: search.sort },
      viewer,
    );
    if (!history) throw notFound(`board "${slug}"`);
    return Response.json(
      { history },
      // Anonymous readers only ever see published boards; a signed-in curator may see a draft.
      { headers: { 'Cache-Control': boardCacheControl(viewer ? 'DRAFT' : 'PUBLISHED') } },
    );
  },
);
