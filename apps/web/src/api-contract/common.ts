import { z } from 'zod';
import type { ApiResponseSpec } from './operation';

/**
 * Schemas the document lists once under `components.schemas` and refers to with `$ref`,
 * by component name. `component()` adds one; build-openapi-document.ts reads the list.
 */
export const COMPONENT_SCHEMAS = new Map<string, z.ZodType>();

export function component<Schema extends z.ZodType>(name: string, schema: Schema): Schema {
  COMPONENT_SCHEMAS.set(name, schema);
  return schema;
}

export const errorSchema = component(
  'Error',
  z.object({
    error: z.object({
      code: z.string().meta({ examples: ['BAD_REQUEST', 'NOT_FOUND'] }),
      message: z.string(),
      issues: z
        .unknown()
        .optional()
        .meta({ description: 'Field- or line-level details, when there are any.' }),
      issueCount: z
        .int()
        .optional()
        .meta({ description: 'How many issues there are in all, when `issues` lists the first.' }),
    }),
  }),
);
export type ErrorBody = z.infer<typeof errorSchema>;

// ───────────────────────── responses ─────────────────────────

export const json = <Schema extends z.ZodType>(schema: Schema) => ({
  'application/json': schema,
});

export const errorResponse = (description: string) =>
  ({ description, content: json(errorSchema) }) satisfies ApiResponseSpec;

export const UNAUTHORIZED = errorResponse('Not signed in and no valid API token.');
export const UPLOAD_IDLE = errorResponse(
  'No upload data arrived for the idle timeout; nothing was stored.',
);
export const FILE_TOO_LARGE = errorResponse('File too large.');

/** 429 from a per-account allowance, with the seconds to wait in Retry-After. */
export const RATE_LIMITED = {
  description: 'This account asked too many subset and compare questions this minute or day.',
  headers: {
    'Retry-After': {
      description: 'Seconds until the next question is accepted.',
      schema: z.int(),
    },
  },
  content: json(errorSchema),
} satisfies ApiResponseSpec;

export const text = (mediaType: string) => ({ [mediaType]: z.string() });

// ───────────────────────── request parts ─────────────────────────

const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A value that must look like a slug, refused with `expected <what>, got "<value>"`. */
export const slugLike = (what: string) =>
  z.string().regex(SLUG, {
    error: (issue) => `expected ${what}, got "${String(issue.input).slice(0, 40)}"`,
  });

export const slugParams = z.object({
  slug: z.string().min(1).meta({ description: 'Benchmark slug, e.g. `vqa-rad`.' }),
});
export const idParams = (description: string) =>
  z.object({ id: z.string().min(1).meta({ description }) });

export const trackQuery = slugLike('a track slug')
  .optional()
  .meta({ description: "Track slug; default the benchmark's first track." });
export const testSetQuery = slugLike('a test set slug')
  .optional()
  .meta({ description: "Test set slug; default the track's first test set." });
export const metricQuery = slugLike('a metric key')
  .optional()
  .meta({ description: "Metric key; default the track's primary metric." });

// ───────────────────────── shared bodies ─────────────────────────

/** An ISO 8601 instant as the API writes it (`Date.toISOString()`). */
export const dateTime = () => z.iso.datetime({ offset: true });

export const scoreWithCiSchema = component(
  'ScoreWithCi',
  z.object({
    value: z.number().nullable(),
    ciLow: z
      .number()
      .nullable()
      .meta({ description: '95% CI lower end (null for reported values).' }),
    ciHigh: z.number().nullable(),
  }),
);

export const fileIssueSchema = component(
  'FileIssue',
  z.object({
    line: z
      .int()
      .nullish()
      .meta({ description: '1-based line or entry number; absent for the whole file.' }),
    column: z.union([z.string(), z.int()]).nullish(),
    caseId: z.string().nullish(),
    message: z.string(),
  }),
);
