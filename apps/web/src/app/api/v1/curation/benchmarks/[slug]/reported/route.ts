// POST /api/v1/curation/benchmarks/:slug/reported — imports published results from a long-format
// CSV (multipart "file"). Every line is checked first: 422 with line-numbered issues and nothing
// saved, or 200 with a summary. Importing the same file again changes nothing.
import { assertCanCurate, importReportedResults } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { reportedKeyPrefix } from '@/features/curation/upload-keys';
import { readMultipartUpload } from '@/features/submissions/read-multipart-upload';
import { blobs, uploadLimits } from '@/server/blobs';
import { db } from '@/server/db';
import { importReportedResults as importReportedResultsOperation } from '@/api-contract/curation';
import { jsonResponse, multipartBodyOf, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/reported'>) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(importReportedResultsOperation, ctx);
    await assertCanCurate(db(), actor, slug);
    const store = blobs();
    const upload = await readMultipartUpload(request, {
      blobs: store,
      ...uploadLimits(),
      keyPrefix: reportedKeyPrefix(actor.userId),
    });
    const { file } = multipartBodyOf(importReportedResultsOperation, upload);
    try {
      const result = await importReportedResults(db(), actor, {
        slug,
        csv: store.openRead(file.key),
        fileName: file.fileName,
      });
      if (!result.ok)
        return jsonResponse(importReportedResultsOperation, '422', {
          error: {
            code: 'INVALID_SUBMISSION',
            message: `${file.fileName} has ${result.issueCount} problem${result.issueCount === 1 ? '' : 's'}; nothing was imported.`,
            issues: result.issues,
            issueCount: result.issueCount,
          },
        });
      return jsonResponse(importReportedResultsOperation, '200', { result });
    } finally {
      // The numbers now live in the database; the CSV itself is not kept.
      await store.remove(file.key);
    }
  },
);
