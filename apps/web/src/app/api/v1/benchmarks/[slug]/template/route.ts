// GET /api/v1/benchmarks/:slug/template?track=… — a predictions template with every case id, in
// the format the track's task type reads (CSV or JSONL, from @medrank/task-contracts).
import { benchmarks } from '@medrank/db';
import { AppError } from '@medrank/core';
import { predictionTemplate } from '@medrank/task-contracts';
import { db } from '@/server/db';
import { getPredictionTemplate } from '@/api-contract/submissions';
import { pathParamsOf, queryOf } from '@/server/api-route';
import { handle, notFound } from '@/server/http';
import { csvLine } from '@/lib/csv';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/template'>) => {
    const { slug } = await pathParamsOf(getPredictionTemplate, ctx);
    const benchmark = await benchmarks.findPublishedBySlug(db(), slug);
    if (!benchmark) throw notFound(`benchmark "${slug}"`);
    const { track: trackSlug } = queryOf(getPredictionTemplate, request);
    const track = trackSlug
      ? benchmark.tracks.find((t) => t.slug === trackSlug)
      : benchmark.tracks[0];
    if (!track) throw new AppError('BAD_REQUEST', `unknown track "${trackSlug}"`);
    if (track.metrics.length === 0) {
      throw new AppError(
        'BAD_REQUEST',
        `track "${track.slug}" lists published results only: MedRank computes no metric for it, so it takes no predictions`,
      );
    }
    const template = predictionTemplate(track.taskType, track.taskConfig);
    if (template.format === null) {
      throw new AppError(
        'BAD_REQUEST',
        `track "${track.slug}" has no template: ${template.reason}`,
      );
    }
    const caseIds = await benchmarks.listCaseIds(db(), track.id);
    // Case ids come from the curator's ground truth: CSV cells go through csvLine like every cell
    // we export, so an id such as `=cmd|…` cannot run in a participant's spreadsheet; JSONL is
    // JSON.stringify'd.
    const body =
      template.format === 'csv'
        ? [template.header, ...caseIds.map((id) => template.row(id))]
            .map((cells) => csvLine(cells))
            .join('\n') + '\n'
        : caseIds.map((id) => JSON.stringify(template.record(id))).join('\n') + '\n';
    return new Response(body, {
      headers: {
        'Content-Type': template.contentType,
        'Content-Disposition': `attachment; filename="${benchmark.slug}-${track.slug}-template.${template.extension}"`,
      },
    });
  },
);
