// POST /api/v1/curation/benchmarks/:slug/participants/:userId { status, note, phaseId? } — approve
//      or reject a person's request to take part (a note is required to reject; they see it).
import { decideParticipation, decideParticipationInputSchema } from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { db } from '@/server/db';
import { handle, readJsonBody } from '@/server/http';

export const dynamic = 'force-dynamic';

export const POST = handle(
  async (
    request: Request,
    ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/participants/[userId]'>,
  ) => {
    const actor = await requireActor(request);
    const { slug, userId } = await ctx.params;
    const participation = await decideParticipation(
      db(),
      actor,
      slug,
      userId,
      decideParticipationInputSchema.parse(await readJsonBody(request)),
    );
    return Response.json({ participation });
  },
);
