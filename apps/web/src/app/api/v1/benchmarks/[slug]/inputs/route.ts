// GET /api/v1/benchmarks/:slug/inputs?track=…&testSet=… — a test set's public inputs: the
// curator's validated zip (files + its manifest: manifest.csv, .jsonl or .coco.json), streamed from the blob store, never held
// in memory whole. Hidden inputs are never served: the repository returns a blob only for a
// published benchmark's test set whose `inputs` is PUBLIC, and every other case answers the same
// 404, so a refusal does not tell hidden inputs from none.
import { Readable } from 'node:stream';
import { AppError } from '@medrank/core';
import { benchmarks, testInputs } from '@medrank/db';
import { blobs } from '@/server/blobs';
import { db } from '@/server/db';
import { downloadTestInputs } from '@/api-contract/test-inputs';
import { pathParamsOf, queryOf } from '@/server/api-route';
import { handle, notFound } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(
  async (request: Request, ctx: RouteContext<'/api/v1/benchmarks/[slug]/inputs'>) => {
    const { slug } = await pathParamsOf(downloadTestInputs, ctx);
    const { track, testSet } = queryOf(downloadTestInputs, request);
    const benchmark = await benchmarks.findPublishedBySlug(db(), slug);
    if (!benchmark) throw notFound(`benchmark "${slug}"`);
    let testSetSlug = testSet;
    if (testSetSlug === undefined) {
      const offered = (await testInputs.listPublicForBenchmark(db(), benchmark.id)).filter(
        (i) => i.trackSlug === track,
      );
      if (offered.length > 1)
        throw new AppError(
          'BAD_REQUEST',
          `track "${track}" has public inputs for several test sets (${offered.map((i) => i.testSetSlug).join(', ')}); name one with testSet`,
        );
      testSetSlug = offered[0]?.testSetSlug;
    }
    const download = testSetSlug
      ? await testInputs.findPublicDownload(db(), {
          benchmarkId: benchmark.id,
          trackSlug: track,
          testSetSlug,
        })
      : null;
    if (!download)
      throw notFound(
        `public inputs of track "${track}"${testSet ? ` / test set "${testSet}"` : ''}`,
      );
    const etag = `"${download.sha256}"`;
    const headers = {
      'Cache-Control': 'public, max-age=0, must-revalidate',
      ETag: etag,
    };
    if (request.headers.get('if-none-match') === etag)
      return new Response(null, { status: 304, headers });
    const body = Readable.toWeb(blobs().openRead(download.blobKey)) as ReadableStream<Uint8Array>;
    return new Response(body, {
      headers: {
        ...headers,
        'Content-Type': 'application/zip',
        'Content-Length': String(download.fileBytes),
        'Content-Disposition': `attachment; filename="${benchmark.slug}-${track}-${testSetSlug}-inputs.zip"`,
      },
    });
  },
);
