// GET /api/v1/benchmarks — the public catalog.
import { benchmarks } from '@medrank/db';
import { db } from '@/server/db';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(async () =>
  Response.json({ benchmarks: await benchmarks.listPublished(db()) }),
);
