// GET /api/v1/benchmarks/:slug — one benchmark with its tracks and test sets (public fields).
// Drafts answer only their curators and site admins; everyone else gets the same 404 as for a
// slug that does not exist.
import { getBenchmarkForViewer } from '@/features/benchmarks/queries';
import { getBenchmark } from '@/api-contract/catalog';
import { jsonResponse, pathParamsOf } from '@/server/api-route';
import { handle, notFound } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]'>) => {
    const { slug } = await pathParamsOf(getBenchmark, ctx);
    const benchmark = await getBenchmarkForViewer(slug, request);
    if (!benchmark) throw notFound(`benchmark "${slug}"`);
    return jsonResponse(getBenchmark, '200', { benchmark });
  },
);
