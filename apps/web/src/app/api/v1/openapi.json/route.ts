// GET /api/v1/openapi.json — the OpenAPI 3.1 description of every /api/v1 route.
import { env } from '@/env';
import { buildOpenApiDocument } from '@/api-contract/build-openapi-document';
import { getOpenApiDocument } from '@/api-contract/catalog';
import { jsonResponse } from '@/server/api-route';
import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

export const GET = handle(async () =>
  jsonResponse(getOpenApiDocument, '200', buildOpenApiDocument(env().APP_URL), {
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' },
  }),
);
