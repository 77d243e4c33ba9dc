// POST /api/v1/curation/benchmarks/:slug/ground-truth — hidden ground truth for one test set.
// multipart/form-data: track, testSet, metadataKey + metadataFileName (optional, from
// case-metadata/route.ts), then file. The file streams into the blob store; the worker validates
// it and stores a preview (GET /api/v1/curation/ground-truth-uploads/:id). Nothing is applied
// until the curator confirms (POST …/ground-truth-uploads/:id/confirm).
// 201: the upload resource exists when this answers (status VALIDATING), as a submission does;
// its validation is that resource's state, followed at `statusUrl`.
import { AppError } from '@medrank/core';
import { assertCanCurate, getGroundTruthUpload, startGroundTruthUpload } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { toGroundTruthUploadView } from '@/features/curation/to-views';
import { groundTruthKeyPrefix, isOwnMetadataKey } from '@/features/curation/upload-keys';
import { readMultipartUpload } from '@/features/submissions/read-multipart-upload';
import { blobs, uploadLimits } from '@/server/blobs';
import { db } from '@/server/db';
import { uploadGroundTruth } from '@/api-contract/curation';
import { jsonResponse, multipartBodyOf, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/ground-truth'>,
  ) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(uploadGroundTruth, ctx);
    // Cheap checks first, so a wrong URL or a foreign benchmark never costs an upload.
    await assertCanCurate(db(), actor, slug);
    const store = blobs();
    const upload = await readMultipartUpload(request, {
      blobs: store,
      ...uploadLimits(),
      keyPrefix: groundTruthKeyPrefix(actor.userId),
    });
    const { metadataKey } = upload.fields;
    try {
      const { track, testSet, metadataFileName, file } = multipartBodyOf(uploadGroundTruth, upload);
      if (metadataKey && !isOwnMetadataKey(metadataKey, actor.userId))
        throw new AppError(
          'BAD_REQUEST',
          'metadataKey does not name a case-metadata file you uploaded',
        );
      const { uploadId } = await startGroundTruthUpload(db(), actor, {
        slug,
        trackSlug: track ?? '',
        testSetSlug: testSet ?? '',
        file: {
          blobKey: file.key,
          fileName: file.fileName,
          fileBytes: file.bytes,
          sha256: file.sha256,
        },
        metadataFile: metadataKey
          ? { blobKey: metadataKey, fileName: metadataFileName || 'metadata.csv' }
          : null,
      });
      const created = await getGroundTruthUpload(db(), actor, uploadId);
      const statusUrl = `/api/v1/curation/ground-truth-uploads/${uploadId}`;
      return jsonResponse(
        uploadGroundTruth,
        '201',
        { upload: toGroundTruthUploadView(created), statusUrl },
        { headers: { Location: statusUrl } },
      );
    } catch (error) {
      // Nothing half-written: a refused upload leaves no file behind.
      if (upload.file) await store.remove(upload.file.key);
      if (metadataKey && isOwnMetadataKey(metadataKey, actor.userId))
        await store.remove(metadataKey).catch(() => undefined);
      throw error;
    }
  },
);
