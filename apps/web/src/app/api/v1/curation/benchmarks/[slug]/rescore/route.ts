// GET  /api/v1/curation/benchmarks/:slug/rescore?track=&testSet= — the test set's current
//      evaluator version and its rescore run (progress), if any.
// POST /api/v1/curation/benchmarks/:slug/rescore { track, testSet } — rescore at the current
//      version; a second request returns the same run (201 when created, 200 otherwise).
import { assertCanCurate, getRescoreRun, requestRescore } from '@medrank/curation';
import { z } from 'zod';
import { requireActor } from '@/features/curation/access';
import { toRescoreRunView } from '@/features/curation/to-views';
import { db } from '@/server/db';
import { handle, readJsonBody } from '@/server/http';
import { dispatchOutboxNow } from '@/server/queues';

export const dynamic = 'force-dynamic';

const targetSchema = z.object({ track: z.string().min(1), testSet: z.string().min(1) });

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/rescore'>) => {
    const actor = await requireActor(request);
    const { slug } = await ctx.params;
    const params = new URL(request.url).searchParams;
    const { track, testSet } = targetSchema.parse({
      track: params.get('track'),
      testSet: params.get('testSet'),
    });
    const result = await getRescoreRun(db(), actor, {
      slug,
      trackSlug: track,
      testSetSlug: testSet,
    });
    return Response.json(
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
    const { slug } = await ctx.params;
    // Who is asking before what they sent: a stranger learns nothing from validation messages.
    await assertCanCurate(db(), actor, slug);
    const { track, testSet } = targetSchema.parse(await readJsonBody(request));
    const run = await requestRescore(db(), actor, { slug, trackSlug: track, testSetSlug: testSet });
    await dispatchOutboxNow();
    return Response.json({ run: toRescoreRunView(run) }, { status: run.created ? 201 : 200 });
  },
);
