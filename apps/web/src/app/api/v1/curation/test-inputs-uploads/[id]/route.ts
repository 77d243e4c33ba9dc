// GET /api/v1/curation/test-inputs-uploads/:id — status of a test-inputs upload: VALIDATING,
// READY with counts, INVALID with issues (manifest line, case id or zip entry, and what was
// expected), APPLIED or SUPERSEDED. 404 for an upload the caller does not curate.
import { getTestInputsUpload } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { toTestInputsUploadView } from '@/features/test-inputs/to-view';
import { db } from '@/server/db';
import { getTestInputsUpload as getTestInputsUploadOperation } from '@/api-contract/test-inputs';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/test-inputs-uploads/[id]'>) => {
    const actor = await requireActor(request);
    const { id } = await pathParamsOf(getTestInputsUploadOperation, ctx);
    const upload = await getTestInputsUpload(db(), actor, id);
    return jsonResponse(
      getTestInputsUploadOperation,
      '200',
      { upload: toTestInputsUploadView(upload) },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  },
);
