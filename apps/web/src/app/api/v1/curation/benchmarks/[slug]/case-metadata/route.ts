// POST /api/v1/curation/benchmarks/:slug/case-metadata — stores an optional case-metadata CSV
// ahead of its ground-truth upload (multipart carries one file per request). Returns a key the
// ground-truth upload refers to; the key is bound to the uploader (see ground-truth/route.ts).
import { AppError } from '@medrank/core';
import { assertCanCurate } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { metadataKeyPrefix } from '@/features/curation/upload-keys';
import { readMultipartUpload } from '@/features/submissions/read-multipart-upload';
import { blobs, uploadLimits } from '@/server/blobs';
import { db } from '@/server/db';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/case-metadata'>,
  ) => {
    const actor = await requireActor(request);
    const { slug } = await ctx.params;
    await assertCanCurate(db(), actor, slug);
    const upload = await readMultipartUpload(request, {
      blobs: blobs(),
      ...uploadLimits(),
      keyPrefix: metadataKeyPrefix(actor.userId),
    });
    if (!upload.file)
      throw new AppError(
        'BAD_REQUEST',
        'missing the "file" part: attach the metadata CSV as "file"',
      );
    return Response.json(
      {
        key: upload.file.key,
        fileName: upload.file.fileName,
        bytes: upload.file.bytes,
        sha256: upload.file.sha256,
      },
      { status: 201 },
    );
  },
);
