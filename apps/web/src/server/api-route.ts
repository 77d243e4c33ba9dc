import 'server-only';
import type { z } from 'zod';
import { parseRequestPart, queryObject } from '@/api-contract/parse-request';
import type { ApiOperation, JsonBody, JsonStatus } from '@/api-contract/operation';
import { readJsonBody } from './http';

// Route handlers parse what they read with their operation's contract (api-contract/*.ts) and
// answer with bodies typed by it: what the OpenAPI document says is what the route does.

type Parsed<Schema> = Schema extends z.ZodType ? z.infer<Schema> : never;

/** The path parameters, parsed by the operation's `params` schema. */
export async function pathParamsOf<Operation extends ApiOperation & { params: z.ZodType }>(
  operation: Operation,
  ctx: { params: Promise<unknown> },
): Promise<Parsed<Operation['params']>> {
  return parseRequestPart(operation.params, await ctx.params) as Parsed<Operation['params']>;
}

/** The query string, parsed by the operation's `query` schema (400 naming each bad parameter). */
export function queryOf<Operation extends ApiOperation & { query: z.ZodType }>(
  operation: Operation,
  request: Request,
): Parsed<Operation['query']> {
  const params = new URL(request.url).searchParams;
  return parseRequestPart(operation.query, queryObject(params, operation.query)) as Parsed<
    Operation['query']
  >;
}

/** The JSON body, parsed by the operation's body schema. */
export async function jsonBodyOf<Operation extends ApiOperation & { body: { schema: z.ZodType } }>(
  operation: Operation,
  request: Request,
): Promise<Parsed<Operation['body']['schema']>> {
  return parseRequestPart(operation.body.schema, await readJsonBody(request)) as Parsed<
    Operation['body']['schema']
  >;
}

/** Multipart fields and the streamed file part, parsed by the operation's body schema. */
export function multipartBodyOf<Operation extends ApiOperation & { body: { schema: z.ZodType } }>(
  operation: Operation,
  upload: { fields: Record<string, string>; file: unknown },
): Parsed<Operation['body']['schema']> {
  return parseRequestPart(operation.body.schema, {
    ...upload.fields,
    ...(upload.file ? { file: upload.file } : {}),
  }) as Parsed<Operation['body']['schema']>;
}

/** A JSON response whose body is typed by the operation's schema for `status`. */
export function jsonResponse<Operation extends ApiOperation, Status extends JsonStatus<Operation>>(
  _operation: Operation,
  status: Status,
  body: JsonBody<Operation, Status>,
  init: { headers?: Record<string, string> } = {},
): Response {
  return Response.json(body, { status: Number(status), headers: init.headers });
}
