// GET /api/v1/benchmarks/:slug/template?track=… — a predictions CSV template with every case id.
import { benchmarks } from '@medrank/db';
import { AppError } from '@medrank/core';
import { db } from '@/server/db';
import { handle, notFound } from '@/server/http';
import { predictionTemplateHeader } from '@/features/benchmarks/submission-format';
import { csvCell } from '@/lib/csv';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/template'>) => {
    const { slug } = await ctx.params;
    const benchmark = await benchmarks.findPublishedBySlug(db(), slug);
    if (!benchmark) throw notFound(`benchmark "${slug}"`);
    const trackSlug = new URL(request.url).searchParams.get('track');
    const track = trackSlug
      ? benchmark.tracks.find((t) => t.slug === trackSlug)
      : benchmark.tracks[0];
    if (!track) throw new AppError('BAD_REQUEST', `unknown track "${trackSlug}"`);
    const caseIds = await benchmarks.listCaseIds(db(), track.id);
    const header = predictionTemplateHeader(track);
    const emptyCells = ','.repeat(header.split(',').length - 1);
    // Case ids come from the curator's ground truth: written through csvCell like every cell we
    // export, so an id such as `=cmd|…` cannot run in a participant's spreadsheet.
    const csv = [header, ...caseIds.map((id) => `${csvCell(id)}${emptyCells}`)].join('\n') + '\n';
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${benchmark.slug}-${track.slug}-template.csv"`,
      },
    });
  },
);
