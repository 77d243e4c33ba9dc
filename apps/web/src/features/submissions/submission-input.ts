import { TEXT_LIMITS } from '@medrank/core';
import { z } from 'zod';

/**
 * The method card and routing fields of an upload (multipart fields of the upload form and of
 * `POST /api/v1/benchmarks/{slug}/submissions`), every free-text field bounded.
 */
const optionalUrl = z
  .union([
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(TEXT_LIMITS.url, `at most ${TEXT_LIMITS.url} characters`),
    z.literal(''),
  ])
  .optional()
  .transform((v) => v || null);

export const createSubmissionInputSchema = z.object({
  methodName: z.string().trim().min(1, 'method name is required').max(TEXT_LIMITS.methodName),
  description: z
    .string()
    .trim()
    .max(TEXT_LIMITS.methodNotes)
    .optional()
    .transform((v) => v || null),
  track: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || null),
  team: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || null),
  codeUrl: optionalUrl,
  paperUrl: optionalUrl,
  modelUrl: optionalUrl,
  /** Number of parameters, digits only ("7000000000"); suffixes like "7B" are refused, not guessed. */
  parameterCount: z
    .string()
    .trim()
    .regex(/^\d{0,15}$/, 'must be a whole number of parameters, digits only (e.g. 7000000000)')
    .optional()
    .transform((v) => (v ? BigInt(v) : null)),
  trainingData: z
    .string()
    .trim()
    .max(TEXT_LIMITS.methodNotes)
    .optional()
    .transform((v) => v || null),
  /** Checkbox semantics: "true"/"on"/"1" = open weights; absent = not disclosed as open. */
  openWeights: z
    .enum(['true', 'false', 'on', '1', '0', ''])
    .optional()
    .transform((v) => v === 'true' || v === 'on' || v === '1'),
  /** Groups entries of one model across benchmarks; defaults to the method name's slug. */
  modelSlug: z
    .string()
    .trim()
    .max(80)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$|^$/, 'lower-case letters, digits and single dashes')
    .optional()
    .transform((v) => v || null),
});

/**
 * An endpoint submission's registration (docs/endpoint-submissions.md): sent instead of a file.
 * The URL's host is checked against the site's egress policy when it is registered and again on
 * every request the worker makes.
 */
export const endpointRegistrationSchema = z.object({
  endpointUrl: z
    .string()
    .trim()
    .max(TEXT_LIMITS.url, `at most ${TEXT_LIMITS.url} characters`)
    .optional()
    .transform((v) => v || null),
  endpointModel: z
    .string()
    .trim()
    .max(200, 'at most 200 characters')
    .regex(/^[^\s]*$/, 'a model name has no spaces (e.g. gpt-4o-mini)')
    .optional()
    .transform((v) => v || null),
  /** Sent as `Authorization: Bearer`; stored sealed for the workers only, erased after the run. */
  endpointApiKey: z
    .string()
    .trim()
    .max(4096, 'at most 4096 characters')
    .optional()
    .transform((v) => v || null),
});

export type CreateSubmissionInput = z.infer<typeof createSubmissionInputSchema> &
  Partial<z.infer<typeof endpointRegistrationSchema>>;
