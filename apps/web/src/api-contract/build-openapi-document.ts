import { z } from 'zod';
import { COMPONENT_SCHEMAS } from './common';
import { API_OPERATIONS } from './index';
import { API_TAGS, type ApiOperation, type HttpMethod, type ObjectSchema } from './operation';

/**
 * The OpenAPI 3.1 description of MedRank's REST API (/api/v1), generated from the operation
 * contracts (api-contract/*.ts) the routes parse and answer with: served at
 * GET /api/v1/openapi.json and rendered at /docs/api.
 */

type Json = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: Json;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: Json;
  responses: Record<string, { description: string; content?: Json; headers?: Json }>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const COMPONENT_REF = '#/components/schemas/';
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Leaves out what zod adds but a reader of the document gains nothing from. */
const trimSchema: NonNullable<z.core.ToJSONSchemaParams['override']> = ({ jsonSchema }) => {
  const schema = jsonSchema as Json;
  // The ISO date-time regex duplicates `format: date-time`.
  if (schema.format === 'date-time' || schema.format === 'date') delete schema.pattern;
  // z.int()'s implicit safe-integer bounds.
  if (schema.maximum === MAX_SAFE) delete schema.maximum;
  if (schema.minimum === -MAX_SAFE) delete schema.minimum;
};

const toJsonSchemaOptions = {
  target: 'draft-2020-12',
  unrepresentable: 'any',
  override: trimSchema,
} as const;

const withoutSchemaKeys = (schema: Json | undefined): Json => {
  const { $schema: _schema, $id: _id, ...rest } = schema ?? {};
  return rest;
};

/** A request part as the client sends it (`io: input`: before defaults and transforms). */
const requestJsonSchema = (schema: z.ZodType): Json =>
  withoutSchemaKeys(z.toJSONSchema(schema, { ...toJsonSchemaOptions, io: 'input' }) as Json);

/**
 * Every response schema converted at once, so the shared ones (COMPONENT_SCHEMAS) become `$ref`s
 * to `components.schemas` wherever they appear; responses are described as the route sends them
 * (`io: output`).
 */
function convertResponses(schemas: z.ZodType[]) {
  const registry = z.registry<{ id: string }>();
  const idOf = new Map<z.ZodType, string>();
  const add = (id: string, schema: z.ZodType) => {
    if (idOf.has(schema)) return;
    idOf.set(schema, id);
    registry.add(schema, { id });
  };
  for (const [name, schema] of COMPONENT_SCHEMAS) add(name, schema);
  schemas.forEach((schema, index) => add(`response-${index}`, schema));
  const { schemas: converted } = z.toJSONSchema(registry, {
    ...toJsonSchemaOptions,
    io: 'output',
    uri: (id) => `${COMPONENT_REF}${id}`,
  });
  return {
    of(schema: z.ZodType): Json {
      const id = idOf.get(schema) ?? '';
      if (COMPONENT_SCHEMAS.has(id)) return { $ref: `${COMPONENT_REF}${id}` };
      return withoutSchemaKeys(converted[id] as Json | undefined);
    },
    components: Object.fromEntries(
      [...COMPONENT_SCHEMAS.keys()].map((name) => [
        name,
        withoutSchemaKeys(converted[name] as Json),
      ]),
    ),
  };
}

function objectFields(schema: ObjectSchema): [string, z.ZodType][] {
  return schema instanceof z.ZodObject
    ? Object.entries(schema.shape as Record<string, z.ZodType>)
    : [];
}

export function buildOpenApiDocument(serverUrl = '/'): OpenApiDocument {
  const responses = convertResponses(
    API_OPERATIONS.flatMap((op) =>
      Object.values(op.responses).flatMap((response) => [
        ...Object.values(response.content ?? {}),
        ...Object.values(response.headers ?? {}).map((header) => header.schema),
      ]),
    ),
  );

  const parameter = (location: OpenApiParameter['in'], name: string, field: z.ZodType) => {
    const { description, ...schema } = requestJsonSchema(field);
    return {
      name,
      in: location,
      ...(location === 'path' || !field.safeParse(undefined).success ? { required: true } : {}),
      ...(typeof description === 'string' ? { description } : {}),
      schema,
    } satisfies OpenApiParameter;
  };

  const operation = (op: ApiOperation): OpenApiOperation => {
    const parameters = [
      ...objectFields(op.params ?? z.object({})).map(([n, f]) => parameter('path', n, f)),
      ...objectFields(op.query ?? z.object({})).map(([n, f]) => parameter('query', n, f)),
      ...objectFields(op.headers ?? z.object({})).map(([n, f]) => parameter('header', n, f)),
    ];
    return {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [...op.tags],
      ...(op.auth ? { security: [{ bearerToken: [] }, { sessionCookie: [] }] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { [op.body.mediaType]: { schema: requestJsonSchema(op.body.schema) } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.headers
              ? {
                  headers: Object.fromEntries(
                    Object.entries(response.headers).map(([name, header]) => [
                      name,
                      { description: header.description, schema: responses.of(header.schema) },
                    ]),
                  ),
                }
              : {}),
            ...(response.content
              ? {
                  content: Object.fromEntries(
                    Object.entries(response.content).map(([mediaType, schema]) => [
                      mediaType,
                      { schema: responses.of(schema) },
                    ]),
                  ),
                }
              : {}),
          },
        ]),
      ),
    };
  };

  const paths: OpenApiDocument['paths'] = {};
  for (const op of API_OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);

  return {
    openapi: '3.1.0',
    info: {
      title: 'MedRank API',
      version: '1.0.0',
      description:
        'Read boards (every number with its 95% confidence interval), export them, embed badges, and submit predictions. ' +
        'Reads are public for published benchmarks; a draft is visible only to its curators and admins (404 to everyone else). ' +
        'No response ever contains ground truth or per-case results of a hidden test set. ' +
        'Errors are JSON `{ error: { code, message, issues? } }` with a specific message.',
    },
    servers: [{ url: serverUrl }],
    tags: API_TAGS.map((tag) => ({ ...tag })),
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token from your account page or `medrank token create`.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'better-auth.session_token',
          description: 'Browser session; writes must come from the same origin.',
        },
      },
      schemas: responses.components,
    },
  };
}
