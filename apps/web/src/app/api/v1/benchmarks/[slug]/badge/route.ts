// GET /api/v1/benchmarks/:slug/badge?entry=<submission id>&metric=&track=&testSet= — an
// embeddable shields-style SVG: "verified rank 3 of 14 on VQA-RAD · AUROC 0.910 (95% CI
// 0.890–0.930)". Errors come back as an SVG too (with the right status), since an <img> cannot
// show a JSON body.
import { isAppError } from '@medrank/core';
import { getBadge as getBadgeOperation } from '@/api-contract/boards';
import { renderBadgeSvg } from '@/features/leaderboard/badge';
import { getBadge } from '@/features/leaderboard/get-badge';
import { currentViewer } from '@/features/leaderboard/queries';
import { boardCacheControl } from '@/lib/cache-control';
import { pathParamsOf, queryOf } from '@/server/api-route';
import { toErrorResponse } from '@/server/http';

export const dynamic = 'force-dynamic';

const svgHeaders = (cacheControl: string) => ({
  'Content-Type': 'image/svg+xml; charset=utf-8',
  'Cache-Control': cacheControl,
  'X-Content-Type-Options': 'nosniff',
  // The SVG is an image: no script may ever run in it, even when opened directly.
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
});

export async function GET(request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/badge'>) {
  try {
    const { slug } = await pathParamsOf(getBadgeOperation, ctx);
    const query = queryOf(getBadgeOperation, request);
    const badge = await getBadge({ slug, ...query }, await currentViewer(request));
    return new Response(renderBadgeSvg(badge), {
      headers: svgHeaders(boardCacheControl(badge.status)),
    });
  } catch (error) {
    if (!isAppError(error)) return toErrorResponse(error);
    return new Response(
      renderBadgeSvg({ label: 'MedRank', message: error.message.slice(0, 60), color: '#9f1239' }),
      { status: error.status, headers: svgHeaders('no-store') },
    );
  }
}
