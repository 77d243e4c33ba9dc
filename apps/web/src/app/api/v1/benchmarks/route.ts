// GET /api/v1/benchmarks — the public catalog.
import { benchmarks } from '@medrank/db';
import { db } from '@/server/db';
import { listBenchmarks } from '@/api-contract/catalog';
import { jsonResponse } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(async () =>
  jsonResponse(listBenchmarks, '200', { benchmarks: await benchmarks.listPublished(db()) }),
);
