// GET  /api/v1/curation/benchmarks/:slug/rescore?track=&testSet= — the test set's current
//      evaluator version and its rescore run (progress), if any.
// POST /api/v1/curation/benchmarks/:slug/rescore { track, testSet } — rescore at the current
//      version; a second request returns the same run (201 when created, 200 otherwise).
import { assertCanCurate, getRescoreRun, requestRescore } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { toRescoreRunView } from '@/features/curation/to-views';
import { db } from '@/server/db';
import {
  getRescoreRun as getRescoreRunOperation,
  requestRescore as requestRescoreOperation,
} from '@/api-contract/curation';
import { jsonBodyOf, jsonResponse, pathParamsOf, queryOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/rescore'>) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(getRescoreRunOperation, ctx);
    const { track, testSet } = queryOf(getRescoreRunOperation, request);
    const result = await getRescoreRun(db(), actor, {
      slug,
      trackSlug: track,
      testSetSlug: testSet,
    });
    return jsonResponse(
      getRescoreRunOperation,
      '200',
      {
        currentVersion: result.currentVersion,
        run: result.current ? toRescoreRunView(result.current) : null,
      },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  },
);

export const POST = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/rescore'>) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(requestRescoreOperation, ctx);
    // Who is asking before what they sent: a stranger learns nothing from validation messages.
    await assertCanCurate(db(), actor, slug);
    const { track, testSet } = await jsonBodyOf(requestRescoreOperation, request);
    const run = await requestRescore(db(), actor, { slug, trackSlug: track, testSetSlug: testSet });
    return run.created
      ? jsonResponse(requestRescoreOperation, '201', { run: toRescoreRunView(run) })
      : jsonResponse(requestRescoreOperation, '200', { run: toRescoreRunView(run) });
  },
);
