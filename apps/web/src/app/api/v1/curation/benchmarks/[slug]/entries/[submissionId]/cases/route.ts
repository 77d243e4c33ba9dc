// GET /api/v1/curation/benchmarks/:slug/entries/:submissionId/cases?testSet=…&sort=…&order=…
// &offset=…&limit=…&format=csv — an entry's per-case values on one test set, with each case's
// categories and truth. Curators of the benchmark and site admins only: a draft is 404 to
// everyone else, a published benchmark someone does not curate is 403 (as every curation route).
import { assertCanCurate } from '@medrank/curation';
import { listEntryCaseResults } from '@/api-contract/curation';
import { requireActor } from '@/features/curation/access';
import { askEntryCaseResults, entryCasesCsv } from '@/features/curation/entry-case-results';
import { db } from '@/server/db';
import { jsonResponse, pathParamsOf, queryOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/entries/[submissionId]/cases'>,
  ) => {
    const actor = await requireActor(request);
    const { slug, submissionId } = await pathParamsOf(listEntryCaseResults, ctx);
    // The caller before the input: a non-curator never learns what a valid query looks like.
    await assertCanCurate(db(), actor, slug);
    const { testSet, sort, format, ...page } = queryOf(listEntryCaseResults, request);
    const result = await askEntryCaseResults(actor, {
      slug,
      submissionId,
      testSetId: testSet,
      ...(sort ? { sortMetric: sort } : {}),
      ...page,
    });
    if (format === 'csv')
      return new Response(entryCasesCsv(result), {
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${slug}-${submissionId}-${result.testSetSlug}-cases.csv"`,
          'Cache-Control': 'no-store',
        },
      });
    return jsonResponse(listEntryCaseResults, '200', result, {
      headers: { 'Cache-Control': 'no-store' },
    });
  },
);
