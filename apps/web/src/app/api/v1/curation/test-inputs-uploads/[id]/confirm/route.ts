// POST /api/v1/curation/test-inputs-uploads/:id/confirm — a validated (READY) upload becomes the
// test set's inputs (APPLIED), superseding the previous ones. 409 while validating, for a rejected
// upload (its issues come with the error) or a superseded one; 404 for one the caller does not curate.
import { confirmTestInputsUpload, getTestInputsUpload } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { toTestInputsUploadView } from '@/features/test-inputs/to-view';
import { db } from '@/server/db';
import { confirmTestInputsUpload as confirmTestInputsUploadOperation } from '@/api-contract/test-inputs';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/test-inputs-uploads/[id]/confirm'>,
  ) => {
    const actor = await requireActor(request);
    const { id } = await pathParamsOf(confirmTestInputsUploadOperation, ctx);
    await confirmTestInputsUpload(db(), actor, id);
    const upload = await getTestInputsUpload(db(), actor, id);
    return jsonResponse(
      confirmTestInputsUploadOperation,
      '200',
      {
        upload: toTestInputsUploadView(upload),
        statusUrl: `/api/v1/curation/test-inputs-uploads/${id}`,
      },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  },
);
