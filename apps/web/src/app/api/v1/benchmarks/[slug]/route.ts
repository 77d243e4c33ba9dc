// GET /api/v1/benchmarks/:slug — one benchmark with its tracks and test sets (public fields).
import { benchmarks } from '@medrank/db';
import { db } from '@/server/db';
import { handle, notFound } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (_request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]'>) => {
    const { slug } = await ctx.params;
    const benchmark = await benchmarks.findPublishedBySlug(db(), slug);
    if (!benchmark) throw notFound(`benchmark "${slug}"`);
    return Response.json({ benchmark });
  },
);
