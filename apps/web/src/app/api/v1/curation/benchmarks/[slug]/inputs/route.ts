// POST /api/v1/curation/benchmarks/:slug/inputs — a test set's inputs: one zip with its files and
// manifest.csv or manifest.jsonl at its root. multipart/form-data: track, testSet, then file. The
// file streams into the blob store under a random key; the worker validates it against the test
// set's cases (GET /api/v1/curation/test-inputs-uploads/:id); nothing is used until the curator
// confirms (POST …/test-inputs-uploads/:id/confirm).
import { assertCanCurate, getTestInputsUpload, startTestInputsUpload } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { testInputsKeyPrefix } from '@/features/curation/upload-keys';
import { toTestInputsUploadView } from '@/features/test-inputs/to-view';
import { readMultipartUpload } from '@/features/submissions/read-multipart-upload';
import { blobs, uploadLimits } from '@/server/blobs';
import { db } from '@/server/db';
import { uploadTestInputs } from '@/api-contract/test-inputs';
import { jsonResponse, multipartBodyOf, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/inputs'>) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(uploadTestInputs, ctx);
    // Cheap checks first, so a wrong URL or a foreign benchmark never costs an upload.
    await assertCanCurate(db(), actor, slug);
    const store = blobs();
    const upload = await readMultipartUpload(request, {
      blobs: store,
      ...uploadLimits(),
      keyPrefix: testInputsKeyPrefix(actor.userId),
    });
    try {
      const { track, testSet, file } = multipartBodyOf(uploadTestInputs, upload);
      const { uploadId } = await startTestInputsUpload(db(), actor, {
        slug,
        trackSlug: track ?? '',
        testSetSlug: testSet ?? '',
        file: {
          blobKey: file.key,
          fileName: file.fileName,
          fileBytes: file.bytes,
          sha256: file.sha256,
        },
      });
      const created = await getTestInputsUpload(db(), actor, uploadId);
      const statusUrl = `/api/v1/curation/test-inputs-uploads/${uploadId}`;
      return jsonResponse(
        uploadTestInputs,
        '201',
        { upload: toTestInputsUploadView(created), statusUrl },
        { headers: { Location: statusUrl } },
      );
    } catch (error) {
      // Nothing half-written: a refused upload leaves no file behind.
      if (upload.file) await store.remove(upload.file.key);
      throw error;
    }
  },
);
