// GET /api/v1/benchmarks/:slug/board — one board (track × test set) as JSON or CSV: every entry
// with rank, rank interval, tier, kind (verified/reported) and each metric's value and 95% CI.
// Query: track, testSet, format=json|csv, the board page's filters and sort
// (sort, dir, view, q, team, openWeights, from, to, kind) and optionally page/perPage (default:
// every entry). Public fields only. The body is serialised once per board view (the read model
// hands back the same view object until the board changes) and sent with an ETag; a matching
// If-None-Match gets 304 without a body.
import { matchesIfNoneMatch, serialisedBoard } from '@/features/leaderboard/board-export-cache';
import { toBoardQuery, unknownMetricError } from '@/features/leaderboard/board-search';
import { currentViewer, getBoardView } from '@/features/leaderboard/queries';
import { boardCacheControl } from '@/lib/cache-control';
import { getBoard } from '@/api-contract/boards';
import { pathParamsOf, queryOf } from '@/server/api-route';
import { handle, notFound } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/board'>) => {
    const { slug } = await pathParamsOf(getBoard, ctx);
    const { format, ...search } = queryOf(getBoard, request);
    const view = await getBoardView(toBoardQuery(slug, search), await currentViewer(request));
    if (!view)
      throw notFound(
        `board "${slug}" (track "${search.track ?? 'default'}", test set "${search.testSet ?? 'default'}")`,
      );
    // The board falls back to the primary metric for a key it does not have (the page drops a
    // bad value); the API refuses it, as it refuses every other parameter it cannot honour.
    if (search.sort && view.sort.metric !== search.sort)
      throw unknownMetricError(
        'sort',
        search.sort,
        view.columns.map((c) => c.key),
      );
    const serialised = serialisedBoard(view, format, search);
    const headers: Record<string, string> = {
      'Cache-Control': boardCacheControl(view.benchmark.status),
      ETag: serialised.etag,
    };
    if (matchesIfNoneMatch(request.headers.get('if-none-match'), serialised.etag)) {
      return new Response(null, { status: 304, headers });
    }
    headers['Content-Type'] = serialised.contentType;
    if (format === 'csv') {
      headers['Content-Disposition'] = `attachment; filename="${serialised.fileName}"`;
    }
    return new Response(serialised.body as BodyInit, { headers });
  },
);
