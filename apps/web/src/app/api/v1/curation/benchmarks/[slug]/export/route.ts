// GET /api/v1/curation/benchmarks/:slug/export — the benchmark's definition as benchmark.yaml
// (metadata, tracks, metrics, test sets, phases; never ground truth). Curators and admins only:
// a draft is 404 to everyone else, a published benchmark someone does not curate is 403.
import {
  assertCanCurate,
  benchmarkDefinitionToYaml,
  exportBenchmarkDefinition,
} from '@medrank/curation';
import { requireActor } from '@/features/curation/access';
import { db } from '@/server/db';
import { exportBenchmarkDefinition as exportBenchmarkDefinitionOperation } from '@/api-contract/curation';
import { pathParamsOf } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/curation/benchmarks/[slug]/export'>) => {
    const actor = await requireActor(request);
    const { slug } = await pathParamsOf(exportBenchmarkDefinitionOperation, ctx);
    await assertCanCurate(db(), actor, slug);
    const yaml = benchmarkDefinitionToYaml(await exportBenchmarkDefinition(db(), slug));
    return new Response(yaml, {
      headers: {
        'Content-Type': 'application/yaml; charset=utf-8',
        'Content-Disposition': `attachment; filename="${slug}.benchmark.yaml"`,
        'Cache-Control': 'no-store',
      },
    });
  },
);
