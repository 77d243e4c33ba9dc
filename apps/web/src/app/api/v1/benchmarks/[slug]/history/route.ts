// GET /api/v1/benchmarks/:slug/history — the state-of-the-art timeline of one board: every
// verified and reported entry with a value on `metric`, oldest first, records marked.
// Query: track, testSet, metric (default the track's primary metric).
import { currentViewer, getBoardHistory } from '@/features/leaderboard/queries';
import { unknownMetricError } from '@/features/leaderboard/board-search';
import { boardCacheControl } from '@/lib/cache-control';
import { getBoardHistory as getBoardHistoryOperation } from '@/api-contract/boards';
import { jsonResponse, pathParamsOf, queryOf } from '@/server/api-route';
import { handle, notFound } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/history'>) => {
    const { slug } = await pathParamsOf(getBoardHistoryOperation, ctx);
    const query = queryOf(getBoardHistoryOperation, request);
    const viewer = await currentViewer(request);
    const history = await getBoardHistory({ slug, ...query }, viewer);
    if (!history) throw notFound(`board "${slug}"`);
    // As on the board: a metric the board does not have is refused, not swapped for the primary.
    if (query.metric && history.metric !== query.metric)
      throw unknownMetricError('metric', query.metric);
    return jsonResponse(
      getBoardHistoryOperation,
      '200',
      { history },
      // Anonymous readers only ever see published boards; a signed-in curator may see a draft.
      { headers: { 'Cache-Control': boardCacheControl(viewer ? 'DRAFT' : 'PUBLISHED') } },
    );
  },
);
