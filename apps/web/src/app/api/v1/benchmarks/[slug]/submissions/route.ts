// POST /api/v1/benchmarks/:slug/submissions — submit a predictions file, an ONNX model or an
// endpoint for scoring. multipart/form-data: file (or endpointUrl + endpointModel [+
// endpointApiKey]), methodName (required), track, team, description, codeUrl, paperUrl,
// modelUrl, parameterCount, trainingData, openWeights, modelSlug. Auth: session cookie or
// "Authorization: Bearer <API token>".
import { benchmarks, submissions } from '@medrank/db';
import { createSubmission as createSubmissionOperation } from '@/api-contract/submissions';
import { assertMaySubmitOrThrow, createSubmission } from '@/features/submissions/create-submission';
import { readMultipartUpload } from '@/features/submissions/read-multipart-upload';
import { blobs, uploadLimits } from '@/server/blobs';
import { db } from '@/server/db';
import { jsonResponse, multipartBodyOf, pathParamsOf } from '@/server/api-route';
import { handle, notFound } from '@/server/http';
import { requireUser } from '@/server/require-user';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/submissions'>) => {
    const user = await requireUser(request);
    const { slug } = await pathParamsOf(createSubmissionOperation, ctx);
    // Cheap checks first, so a wrong URL, a closed phase or a missing approval never costs an upload.
    const benchmark = await benchmarks.findPublishedBySlug(db(), slug);
    if (!benchmark) throw notFound(`benchmark "${slug}"`);
    await assertMaySubmitOrThrow(user, benchmark);
    const store = blobs();
    const upload = await readMultipartUpload(request, {
      blobs: store,
      ...uploadLimits(),
      keyPrefix: 'submissions',
    });
    let id: string;
    try {
      const { file, endpointUrl, endpointModel, endpointApiKey, ...input } = multipartBodyOf(
        createSubmissionOperation,
        upload,
      );
      const source =
        file !== undefined
          ? { file }
          : { endpoint: { url: endpointUrl!, modelName: endpointModel!, apiKey: endpointApiKey } };
      ({ id } = await createSubmission({ user, slug, input, source }));
    } catch (error) {
      // Nothing half-written: a refused submission leaves no file behind.
      if (upload.file) await store.remove(upload.file.key);
      throw error;
    }
    const submission = await submissions.findById(db(), id, {
      userId: user.id,
      role: user.role,
    });
    return jsonResponse(createSubmissionOperation, '201', {
      submission,
      statusUrl: `/api/v1/submissions/${id}`,
      pageUrl: `/submissions/${id}`,
    });
  },
);
