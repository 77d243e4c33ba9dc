// GET  /api/v1/benchmarks/:slug/participation — your request to take part in the benchmark's
//      current or next phase that requires a curator's approval, and its status.
// POST /api/v1/benchmarks/:slug/participation { message } — ask to take part (or update a pending
//      request, or ask again after a rejection). Auth: session cookie or bearer API token.
import {
  getParticipation,
  requestParticipation,
  requestParticipationInputSchema,
} from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { db } from '@/server/db';
import { handle, readJsonBody } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/participation'>) => {
    const actor = await requireActor(request);
    const { slug } = await ctx.params;
    return Response.json(await getParticipation(db(), actor, slug), {
      headers: { 'Cache-Control': 'no-store' },
    });
  },
);

export const POST = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/participation'>) => {
    const actor = await requireActor(request);
    const { slug } = await ctx.params;
    const input = requestParticipationInputSchema.parse(await readJsonBody(request));
    await requestParticipation(db(), actor, slug, input);
    return Response.json(await getParticipation(db(), actor, slug));
  },
);
