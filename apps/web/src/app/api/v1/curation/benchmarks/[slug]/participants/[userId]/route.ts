// POST /api/v1/curation/benchmarks/:slug/participants/:userId { status, note, phaseId? } — approve
//      or reject a person's request to take part (a note is required to reject; they see it).
import { decideParticipation } from '@medrank/curation';
import { decideParticipation as decideParticipationOperation } from '@/api-contract/curation';
import { requireActor } from '@/features/curation/access';
import { db } from '@/server/db';
import { jsonBodyOf, jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/participants/[userId]'>,
  ) => {
    const actor = await requireActor(request);
    const { slug, userId } = await pathParamsOf(decideParticipationOperation, ctx);
    const participation = await decideParticipation(
      db(),
      actor,
      slug,
      userId,
      await jsonBodyOf(decideParticipationOperation, request),
    );
    return jsonResponse(decideParticipationOperation, '200', { participation });
  },
);
