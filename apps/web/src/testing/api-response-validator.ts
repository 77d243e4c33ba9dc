// Checks a real HTTP response against the API contract (api-contract/*.ts, the source of the
// OpenAPI document): the status is one the operation documents, the content type is one that
// status lists, and the body parses with that status's schema and carries no field the schema
// leaves out. Integration tests that call the routes pass every response through it.
import { isDeepStrictEqual } from 'node:util';
import { API_OPERATIONS, type ApiOperation } from '../api-contract';

export function operationFor(method: string, pathTemplate: string): ApiOperation {
  const operation = API_OPERATIONS.find(
    (op) => op.method === method.toLowerCase() && op.path === pathTemplate,
  );
  if (!operation) throw new Error(`no contract for ${method.toUpperCase()} ${pathTemplate}`);
  return operation;
}

export class UndocumentedResponseError extends Error {}

/**
 * The body of `response` (JSON parsed, text otherwise) once it is what `operation` documents;
 * throws UndocumentedResponseError saying what differs otherwise. Reads the body.
 */
export async function validateApiResponse(
  operation: ApiOperation,
  response: Response,
): Promise<unknown> {
  const where = `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path}) → ${response.status}`;
  const documented = operation.responses[`${response.status}`];
  if (!documented)
    throw new UndocumentedResponseError(
      `${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`,
    );
  const text = await response.text();
  if (!documented.content) {
    if (text !== '') throw new UndocumentedResponseError(`${where}: documented without a body`);
    return null;
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const schema = documented.content[contentType];
  if (!schema)
    throw new UndocumentedResponseError(
      `${where}: content type "${contentType}" not documented (${Object.keys(documented.content).join(', ')})`,
    );
  const body: unknown = contentType.endsWith('json') ? JSON.parse(text) : text;
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new UndocumentedResponseError(
      `${where}: body does not match its schema: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  // Object schemas drop unknown keys: a body that loses something when parsed had a field the
  // document does not describe.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(parsed.data)), body))
    throw new UndocumentedResponseError(
      `${where}: body has fields the schema does not describe: ${undocumentedPaths(body, parsed.data).slice(0, 5).join(', ')}`,
    );
  return body;
}

function undocumentedPaths(actual: unknown, documented: unknown, at = ''): string[] {
  if (typeof actual !== 'object' || actual === null) return [];
  if (typeof documented !== 'object' || documented === null) return [at || 'body'];
  return Object.entries(actual).flatMap(([key, value]) =>
    key in documented
      ? undocumentedPaths(value, (documented as Record<string, unknown>)[key], `${at}.${key}`)
      : [`${at}.${key}`],
  );
}
