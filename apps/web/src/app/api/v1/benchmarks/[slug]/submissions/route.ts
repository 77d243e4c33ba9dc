// POST /api/v1/benchmarks/:slug/submissions — upload a predictions file for scoring.
// multipart/form-data: file (required), methodName (required), track, team, description,
// codeUrl, paperUrl, modelUrl, parameterCount, trainingData, openWeights, modelSlug. Auth: session cookie or "Authorization: Bearer <API token>".
import { AppError } from '@medrank/core';
import { benchmarks, submissions } from '@medrank/db';
import {
  assertMaySubmitOrThrow,
  createSubmission,
  createSubmissionInputSchema,
} from '@/features/submissions/create-submission';
import { readMultipartUpload } from '@/features/submissions/read-multipart-upload';
import { blobs, uploadLimits } from '@/server/blobs';
import { db } from '@/server/db';
import { handle, notFound } from '@/server/http';
import { requireUser } from '@/server/require-user';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/submissions'>) => {
    const user = await requireUser(request);
    const { slug } = await ctx.params;
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
    if (!upload.file)
      throw new AppError(
        'BAD_REQUEST',
        'missing the "file" part: attach your predictions file as "file"',
      );
    let id: string;
    try {
      const input = createSubmissionInputSchema.parse(upload.fields);
      ({ id } = await createSubmission({ user, slug, input, file: upload.file }));
    } catch (error) {
      // Nothing half-written: a refused submission leaves no file behind.
      await store.remove(upload.file.key);
      throw error;
    }
    const submission = await submissions.findById(db(), id, {
      userId: user.id,
      role: user.role,
    });
    return Response.json(
      { submission, statusUrl: `/api/v1/submissions/${id}`, pageUrl: `/submissions/${id}` },
      { status: 201 },
    );
  },
);
