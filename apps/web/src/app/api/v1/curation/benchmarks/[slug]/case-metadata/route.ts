// POST /api/v1/curation/benchmarks/:slug/case-metadata — stores an optional case-metadata CSV
// ahead of its ground-truth upload (multipart carries one file per request). Returns a key the
// ground-truth upload refers to; the key is bound to the uploader (see ground-truth/route.ts).
import { assertCanCurate } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { metadataKeyPrefix } from '@/features/curation/upload-keys';
import { readMultipartUpload } from '@/features/submissions/read-multipart-upload';
import { blobs, uploadLimits } from '@/server/blobs';
import { db } from '@/server/db';
import { uploadCaseMetadata } from '@/api-contract/curation';
import { jsonResponse, multipartBodyOf, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/case-metadata'>,
  ) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(uploadCaseMetadata, ctx);
    await assertCanCurate(db(), actor, slug);
    const upload = await readMultipartUpload(request, {
      blobs: blobs(),
      ...uploadLimits(),
      keyPrefix: metadataKeyPrefix(actor.userId),
    });
    const { file } = multipartBodyOf(uploadCaseMetadata, upload);
    return jsonResponse(uploadCaseMetadata, '201', {
      key: file.key,
      fileName: file.fileName,
      bytes: file.bytes,
      sha256: file.sha256,
    });
  },
);
