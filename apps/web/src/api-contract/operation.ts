import type { z } from 'zod';

/** The sections of the API reference (`/docs/api`), in the order it shows them. */
export const API_TAGS = [
  { name: 'Catalog', description: 'Benchmarks and their tracks and test sets.' },
  { name: 'Boards', description: 'Leaderboards, exports, history, badges.' },
  { name: 'Analysis', description: 'Questions answered from hidden data, aggregates only.' },
  { name: 'Submissions', description: 'Uploading predictions and following their scoring.' },
  { name: 'Curation', description: 'For curators of a benchmark and site admins.' },
] as const;
export type ApiTag = (typeof API_TAGS)[number]['name'];

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every schema an operation names is an object schema (params, query, headers, bodies). */
export type ObjectSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export interface ApiResponseSpec {
  description: string;
  /** Media type → schema of the body; none for a response without a body (304). */
  content?: Record<string, z.ZodType>;
  headers?: Record<string, { description: string; schema: z.ZodType }>;
}

/**
 * One operation of the REST API: what the OpenAPI document says about it and what its route
 * parses and answers with. Routes parse their path, query and body with these schemas
 * (`server/api-route.ts`) and type their JSON bodies by the response schemas, so the document
 * cannot say one thing while the route does another.
 */
export interface ApiOperation {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/benchmarks/{slug}/board`. */
  path: `/api/v1${string}`;
  summary: string;
  description?: string;
  tags: readonly ApiTag[];
  /** `account`: a bearer API token or the session cookie. */
  auth?: 'account';
  params?: ObjectSchema;
  query?: ObjectSchema;
  /** Request headers the route reads (If-None-Match). */
  headers?: ObjectSchema;
  body?: { mediaType: 'application/json' | 'multipart/form-data'; schema: ObjectSchema };
  responses: Record<`${number}`, ApiResponseSpec>;
}

/** Keeps the literal statuses and schemas of `operation` so routes can be typed by them. */
export const defineOperation = <const Operation extends ApiOperation>(operation: Operation) =>
  operation;

/** The statuses of `Operation` that answer with JSON. */
export type JsonStatus<Operation extends ApiOperation> = {
  [Status in keyof Operation['responses']]: Operation['responses'][Status] extends {
    content: { 'application/json': z.ZodType };
  }
    ? Status
    : never;
}[keyof Operation['responses']] &
  `${number}`;

/** The JSON body `Operation` answers with at `Status`, as its schema describes it. */
export type JsonBody<
  Operation extends ApiOperation,
  Status extends JsonStatus<Operation>,
> = Operation['responses'][Status] extends { content: { 'application/json': infer Schema } }
  ? Schema extends z.ZodType
    ? z.infer<Schema>
    : never
  : never;
