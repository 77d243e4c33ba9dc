// DELETE /api/v1/curation/benchmarks/:slug — delete a draft benchmark with everything it holds
// (tracks, test sets, hidden ground truth, uploads and their files, phases, reported results),
// audited. 200 with what was removed. Published benchmarks are refused (409); a draft the caller
// does not curate is a 404, as for one that does not exist.
import { deleteDraftBenchmark } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { blobs } from '@/server/blobs';
import { db } from '@/server/db';
import { deleteDraftBenchmark as deleteDraftBenchmarkOperation } from '@/api-contract/curation';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';
import { logger } from '@/server/logger';

export const dynamic = 'force-dynamic';

export const DELETE = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]'>) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(deleteDraftBenchmarkOperation, ctx);
    const { filesLeft, ...deleted } = await deleteDraftBenchmark(db(), actor, slug, {
      blobs: blobs(),
    });
    if (filesLeft.length > 0)
      logger().warn({ slug, files: filesLeft }, 'files of a deleted draft were left behind');
    return jsonResponse(deleteDraftBenchmarkOperation, '200', {
      deleted: { ...deleted, filesLeft: filesLeft.length },
    });
  },
);
