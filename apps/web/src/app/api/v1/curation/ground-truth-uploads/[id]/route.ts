// GET /api/v1/curation/ground-truth-uploads/:id — status of a ground-truth upload: VALIDATING,
// READY with a preview (aggregates only: case count, label balance, cases per category),
// INVALID with line-numbered issues, or APPLIED with the evaluator version it produced.
import { getGroundTruthUpload } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { toGroundTruthUploadView } from '@/features/curation/to-views';
import { db } from '@/server/db';
import { getGroundTruthUpload as getGroundTruthUploadOperation } from '@/api-contract/curation';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/ground-truth-uploads/[id]'>) => {
    const actor = await requireActor(request);
    const { id } = await pathParamsOf(getGroundTruthUploadOperation, ctx);
    const upload = await getGroundTruthUpload(db(), actor, id);
    return jsonResponse(
      getGroundTruthUploadOperation,
      '200',
      { upload: toGroundTruthUploadView(upload) },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  },
);
