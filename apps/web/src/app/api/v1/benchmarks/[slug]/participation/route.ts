// GET  /api/v1/benchmarks/:slug/participation — your request to take part in the benchmark's
//      current or next phase that requires a curator's approval, and its status.
// POST /api/v1/benchmarks/:slug/participation { message } — ask to take part (or update a pending
//      request, or ask again after a rejection). Auth: session cookie or bearer API token.
import { getParticipation, requestParticipation } from '@medrank/curation';
import {
  getParticipation as getParticipationOperation,
  requestParticipation as requestParticipationOperation,
} from '@/api-contract/submissions';
import { requireActor } from '@/features/curation/access';
import { db } from '@/server/db';
import { jsonBodyOf, jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/participation'>) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(getParticipationOperation, ctx);
    return jsonResponse(
      getParticipationOperation,
      '200',
      await getParticipation(db(), actor, slug),
      {
        headers: { 'Cache-Control': 'no-store' },
      },
    );
  },
);

export const POST = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/participation'>) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(requestParticipationOperation, ctx);
    const input = await jsonBodyOf(requestParticipationOperation, request);
    await requestParticipation(db(), actor, slug, input);
    return jsonResponse(
      requestParticipationOperation,
      '200',
      await getParticipation(db(), actor, slug),
    );
  },
);
