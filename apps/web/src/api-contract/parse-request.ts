import { AppError } from '@medrank/core';
import { z } from 'zod';

/**
 * `value` parsed by `schema`, or the platform's 400: `BAD_REQUEST` with one `path: message` per
 * issue and the issues themselves (`{ path, message }`), the shape every route refuses with.
 * An AppError rather than the ZodError so callers that sort refusals from failures (the board
 * query guard logs a refusal as such) see it as the refusal it is.
 */
export function parseRequestPart<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw badRequestOf(result.error);
}

export function badRequestOf(error: z.ZodError): AppError {
  return new AppError(
    'BAD_REQUEST',
    error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '),
    { details: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
  );
}

/** Whether the object field `schema` takes several values (repeated query parameters). */
function isArrayField(schema: z.ZodType): boolean {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault)
    inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodArray;
}

/**
 * A query string as the object its schema reads: values trimmed, empty ones left out (an empty
 * parameter means "not given", as on the board page), repeated parameters kept as arrays only
 * where the schema takes an array, otherwise the first value.
 */
export function queryObject(params: URLSearchParams, schema: z.ZodType): Record<string, unknown> {
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  const query: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const values = params
      .getAll(key)
      .map((v) => v.trim())
      .filter((v) => v !== '');
    const field = shape[key];
    if (field && isArrayField(field)) query[key] = values;
    else if (values[0] !== undefined) query[key] = values[0];
  }
  return query;
}
