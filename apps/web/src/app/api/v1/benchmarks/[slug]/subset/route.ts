// GET /api/v1/benchmarks/:slug/subset?track=&testSet=&cat=<dimension>:<group>&cat=… — every
// verified entry's metrics recomputed on the cases of the chosen disclosure groups (or within a
// dimension, and across dimensions), with 95% CIs. Needs a signed-in account or an API token;
// rate-limited per account and logged (getSubsetScores). Refused when the subset cuts through a
// group (it would not be a union of atoms) or the scores are hidden. Aggregates only.
import { getSubsetScores } from '@/features/leaderboard/get-subset-scores';
import { currentViewer } from '@/features/leaderboard/queries';
import { getSubsetScores as getSubsetScoresOperation } from '@/api-contract/analysis';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/subset'>) => {
    const { slug } = await pathParamsOf(getSubsetScoresOperation, ctx);
    const params = new URL(request.url).searchParams;
    // The question is parsed by getSubsetScores.query inside the board-query guard (after the
    // sign-in and allowance checks), so a malformed one is counted and logged too.
    const { view, subset } = await getSubsetScores(
      {
        slug,
        track: params.get('track') ?? undefined,
        testSet: params.get('testSet') ?? undefined,
        categories: params.getAll('cat'),
      },
      await currentViewer(request),
    );
    const names = new Map(view.entries.map((e) => [e.id, e.methodName]));
    return jsonResponse(
      getSubsetScoresOperation,
      '200',
      {
        track: view.track.slug,
        testSet: view.testSet.slug,
        n: subset.n,
        evaluatorVersion: subset.evaluatorVersion,
        method: subset.method,
        metrics: subset.metrics,
        unavailable: subset.unavailable.map(({ metric, reason }) => ({ metric, reason })),
        entries: subset.entries.map((e) => ({
          submissionId: e.submissionId,
          methodName: names.get(e.submissionId) ?? null,
          scores: Object.fromEntries(
            Object.entries(e.scores).map(([metric, s]) => [
              metric,
              { value: s.value, ciLow: s.ciLow, ciHigh: s.ciHigh },
            ]),
          ),
        })),
      },
      { headers: { 'Cache-Control': 'private, max-age=60' } },
    );
  },
);
