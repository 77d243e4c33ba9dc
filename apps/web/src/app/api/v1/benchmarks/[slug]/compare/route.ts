// GET /api/v1/benchmarks/:slug/compare?track=&testSet=&a=<submission id>&b=<submission id> —
// per metric the paired difference a − b with its 95% CI and p-value (paired bootstrap on the
// stored replicates, computed by the worker), per category the deltas of public breakdowns.
// Needs a signed-in account or an API token; rate-limited per account and logged (getComparison).
import { getComparison } from '@/features/leaderboard/get-comparison';
import { currentViewer } from '@/features/leaderboard/queries';
import { compareEntries } from '@/api-contract/analysis';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/compare'>) => {
    const { slug } = await pathParamsOf(compareEntries, ctx);
    const params = new URL(request.url).searchParams;
    // The question is parsed by compareEntries.query inside the board-query guard (after the
    // sign-in and allowance checks), so a malformed one is counted and logged too.
    const comparison = await getComparison(
      {
        slug,
        track: params.get('track') ?? undefined,
        testSet: params.get('testSet') ?? undefined,
        a: params.get('a') ?? undefined,
        b: params.get('b') ?? undefined,
      },
      await currentViewer(request),
    );
    const entry = (row: typeof comparison.a) => ({
      id: row.id,
      methodName: row.methodName,
      team: row.team?.name ?? null,
    });
    return jsonResponse(
      compareEntries,
      '200',
      {
        track: comparison.view.track.slug,
        testSet: comparison.view.testSet.slug,
        rankedVersion: comparison.view.testSet.rankedVersion,
        method: comparison.method,
        a: entry(comparison.a),
        b: entry(comparison.b),
        metrics: comparison.metrics.map(
          ({ metric, a: va, b: vb, diff, ciLow, ciHigh, pValue, note }) => ({
            metric,
            a: va,
            b: vb,
            diff,
            ciLow,
            ciHigh,
            pValue,
            note: note ?? null,
          }),
        ),
        categories: comparison.categories,
      },
      { headers: { 'Cache-Control': 'private, max-age=60' } },
    );
  },
);
