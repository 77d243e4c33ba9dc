// GET /api/v1/submissions/:id — status, progress, scores with CIs, or the error list.
import { getSubmissionForUserOrThrow } from '@/features/submissions/get-submission-for-user';
import { getSubmission } from '@/api-contract/submissions';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';
import { requireUser } from '@/server/require-user';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/submissions/[id]'>) => {
    const user = await requireUser(request);
    const { id } = await pathParamsOf(getSubmission, ctx);
    return jsonResponse(
      getSubmission,
      '200',
      { submission: await getSubmissionForUserOrThrow(user, id) },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  },
);
