// GET /api/v1/curation/benchmarks/:slug/entries/:submissionId/cases?testSet=…&sort=…&order=…
// &offset=…&limit=…&format=csv — an entry's per-case values on one test set, with each case's
// categories and truth. Curators of the benchmark and site admins only: a draft is 404 to
// everyone else, a published benchmark someone does not curate is 403 (as every curation route).
import { assertCanCurate } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import {
  askEntryCaseResults,
  entryCasesCsv,
  entryCasesQuerySchema,
} from '@/features/curation/entry-case-results';
import { db } from '@/server/db';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/entries/[submissionId]/cases'>,
  ) => {
    const actor = await requireActor(request);
    const { slug, submissionId } = await ctx.params;
    // The caller before the input: a non-curator never learns what a valid query looks like.
    await assertCanCurate(db(), actor, slug);
    const params = new URL(request.url).searchParams;
    const query = entryCasesQuerySchema.parse(Object.fromEntries(params));
    const result = await askEntryCaseResults(actor, {
      slug,
      submissionId,
      testSetId: query.testSet,
      ...(query.sort ? { sortMetric: query.sort } : {}),
      order: query.order,
      offset: query.offset,
      limit: query.limit,
    });
    if (params.get('format') === 'csv')
      return new Response(entryCasesCsv(result), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${slug}-${submissionId}-${result.testSetSlug}-cases.csv"`,
          'Cache-Control': 'no-store',
        },
      });
    return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
  },
);
