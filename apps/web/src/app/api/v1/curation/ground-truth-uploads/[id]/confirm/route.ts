// POST /api/v1/curation/ground-truth-uploads/:id/confirm — use a validated (READY) upload as the
// test set's hidden ground truth: the same use case as the curation page's confirm button. The
// worker applies it (status APPLYING, then APPLIED): 202 while that runs, 200 when it already has.
// 409 for an upload still validating, rejected (its issues come with the error) or superseded;
// 404 for an upload the caller does not curate, as for one that does not exist.
import { confirmGroundTruthUpload, getGroundTruthUpload } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { toGroundTruthUploadView } from '@/features/curation/to-views';
import { db } from '@/server/db';
import { confirmGroundTruthUpload as confirmGroundTruthUploadOperation } from '@/api-contract/curation';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/ground-truth-uploads/[id]/confirm'>,
  ) => {
    const actor = await requireActor(request);
    const { id } = await pathParamsOf(confirmGroundTruthUploadOperation, ctx);
    await confirmGroundTruthUpload(db(), actor, id);
    const upload = await getGroundTruthUpload(db(), actor, id);
    const statusUrl = `/api/v1/curation/ground-truth-uploads/${id}`;
    const body = { upload: toGroundTruthUploadView(upload), statusUrl };
    const headers = { 'Cache-Control': 'no-store' };
    return upload.status === 'APPLIED'
      ? jsonResponse(confirmGroundTruthUploadOperation, '200', body, { headers })
      : jsonResponse(confirmGroundTruthUploadOperation, '202', body, { headers });
  },
);
