// GET /api/v1/curation/benchmarks/:slug/participants — every request to take part in the
//     benchmark's phases (pending first), for its curators and site admins.
import { listParticipants } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { db } from '@/server/db';
import { listParticipants as listParticipantsOperation } from '@/api-contract/curation';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/participants'>,
  ) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(listParticipantsOperation, ctx);
    return jsonResponse(
      listParticipantsOperation,
      '200',
      { participants: await listParticipants(db(), actor, slug) },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  },
);
