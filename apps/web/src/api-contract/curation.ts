import { decideParticipationInputSchema } from '@medrank/curation';
import { z } from 'zod';
import {
  FILE_TOO_LARGE,
  UNAUTHORIZED,
  UPLOAD_IDLE,
  component,
  dateTime,
  errorResponse,
  fileIssueSchema,
  idParams,
  json,
  slugParams,
  text,
} from './common';
import { defineOperation } from './operation';
import { filePart, participationSchema } from './submissions';

export const groundTruthUploadSchema = component(
  'GroundTruthUpload',
  z.object({
    id: z.string(),
    benchmarkSlug: z.string(),
    trackSlug: z.string(),
    testSetSlug: z.string(),
    status: z.enum(['VALIDATING', 'READY', 'INVALID', 'APPLYING', 'APPLIED', 'SUPERSEDED']),
    fileName: z.string(),
    metadataFileName: z.string().nullable(),
    preview: z
      .object({
        caseCount: z.int(),
        labelBalance: z.array(z.object({ label: z.string(), count: z.int() })),
        categories: z.array(
          z.object({
            dimension: z.string(),
            counts: z.array(z.object({ category: z.string(), count: z.int() })),
          }),
        ),
        summary: z.record(z.string(), z.unknown()).optional().meta({
          description: "The task type's own summary of the truth (aggregates only).",
        }),
      })
      .nullable()
      .meta({
        description:
          'Aggregates only: `caseCount`, `labelBalance` [{ label, count }] and `categories` [{ dimension, counts }].',
      }),
    error: z
      .object({ message: z.string(), issues: z.array(fileIssueSchema), issueCount: z.int() })
      .nullable()
      .meta({
        description:
          'Why it was rejected: `message`, line-numbered `issues` (line, column, caseId, message; at most 50) and `issueCount`.',
      }),
    appliedVersion: z.int().nullable().meta({
      description: 'The evaluator version the test set has with this truth (APPLIED).',
    }),
    createdAt: dateTime(),
  }),
);

export const rescoreRunSchema = component(
  'RescoreRun',
  z.object({
    id: z.string(),
    evaluatorVersion: z.int(),
    status: z.enum(['RUNNING', 'DONE']),
    total: z.int(),
    done: z.int(),
    failed: z.int(),
  }),
);

export const participantSchema = component(
  'Participant',
  participationSchema.extend({
    phaseName: z.string(),
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
);

const uploadWithStatusUrl = z.object({ upload: groundTruthUploadSchema, statusUrl: z.string() });
const uploadIdParams = idParams('Upload id.');
const NOT_A_CURATOR = errorResponse('Not a curator of this benchmark.');

export const uploadCaseMetadata = defineOperation({
  operationId: 'uploadCaseMetadata',
  method: 'post',
  path: '/api/v1/curation/benchmarks/{slug}/case-metadata',
  summary: 'Store a case-metadata CSV ahead of its ground-truth upload',
  description:
    'Multipart carries one file per request: the ground-truth upload refers to this one by `key`, which is bound to the uploader.',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  body: {
    mediaType: 'multipart/form-data',
    schema: z.object({ file: filePart('the case-metadata CSV') }),
  },
  responses: {
    '201': {
      description: 'A key the ground-truth upload refers to.',
      content: json(
        z.object({ key: z.string(), fileName: z.string(), bytes: z.int(), sha256: z.string() }),
      ),
    },
    '400': errorResponse('The file is missing.'),
    '401': UNAUTHORIZED,
    '403': errorResponse('Not a curator.'),
    '404': errorResponse('Unknown benchmark.'),
    '408': UPLOAD_IDLE,
    '413': FILE_TOO_LARGE,
  },
});

export const uploadGroundTruth = defineOperation({
  operationId: 'uploadGroundTruth',
  method: 'post',
  path: '/api/v1/curation/benchmarks/{slug}/ground-truth',
  summary:
    'Upload hidden ground truth for one test set (validated by the worker, applied on confirmation)',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  body: {
    mediaType: 'multipart/form-data',
    schema: z.object({
      track: z.string().max(128).optional().meta({ description: 'Track slug.' }),
      testSet: z.string().max(128).optional().meta({ description: 'Test set slug.' }),
      metadataKey: z
        .string()
        .max(512)
        .optional()
        .meta({ description: 'The `key` a case-metadata upload answered with.' }),
      metadataFileName: z.string().max(255).optional(),
      file: filePart('the ground truth'),
    }),
  },
  responses: {
    '201': {
      description:
        'The upload exists (status VALIDATING); the worker validates it. Follow it at `statusUrl` (also the `Location` header), then confirm it.',
      headers: { Location: { description: 'The upload’s status URL.', schema: z.string() } },
      content: json(uploadWithStatusUrl),
    },
    '400': errorResponse('Invalid request, or the file is missing.'),
    '401': UNAUTHORIZED,
    '403': errorResponse('Not a curator of this (published) benchmark.'),
    '404': errorResponse('Unknown benchmark (or a draft you do not curate), track or test set.'),
    '408': UPLOAD_IDLE,
    '413': FILE_TOO_LARGE,
  },
});

export const getGroundTruthUpload = defineOperation({
  operationId: 'getGroundTruthUpload',
  method: 'get',
  path: '/api/v1/curation/ground-truth-uploads/{id}',
  summary: 'Status of a ground-truth upload (aggregates-only preview or line-numbered issues)',
  tags: ['Curation'],
  auth: 'account',
  params: uploadIdParams,
  responses: {
    '200': {
      description:
        'VALIDATING, READY with a preview, INVALID with issues, APPLYING, APPLIED (with the evaluator version) or SUPERSEDED.',
      content: json(z.object({ upload: groundTruthUploadSchema })),
    },
    '401': UNAUTHORIZED,
    '404': errorResponse('No such upload you may see.'),
  },
});

export const confirmGroundTruthUpload = defineOperation({
  operationId: 'confirmGroundTruthUpload',
  method: 'post',
  path: '/api/v1/curation/ground-truth-uploads/{id}/confirm',
  summary: 'Use a validated (READY) upload as the test set’s hidden ground truth',
  description:
    'The worker applies it: it replaces the test set’s truth and public cases in one transaction. A first upload keeps the evaluator version; replacing ground truth creates the next one. Confirming again changes nothing.',
  tags: ['Curation'],
  auth: 'account',
  params: uploadIdParams,
  responses: {
    '200': {
      description: 'Already applied (APPLIED): nothing changed.',
      content: json(uploadWithStatusUrl),
    },
    '202': {
      description: 'Being applied (APPLYING); follow it at `statusUrl`.',
      content: json(uploadWithStatusUrl),
    },
    '401': UNAUTHORIZED,
    '404': errorResponse('No such upload you may see.'),
    '409': errorResponse(
      'Not READY: still validating, superseded by a newer upload, or rejected (then `issues` holds the file’s line-numbered issues and `issueCount`).',
    ),
  },
});

export const deleteDraftBenchmark = defineOperation({
  operationId: 'deleteDraftBenchmark',
  method: 'delete',
  path: '/api/v1/curation/benchmarks/{slug}',
  summary: 'Delete a draft benchmark and everything it holds',
  description:
    'Tracks, test sets, hidden ground truth, ground-truth uploads and their files, phases, participation requests, curator grants and reported results go in one transaction; the audit log keeps a row. Published benchmarks cannot be deleted.',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  responses: {
    '200': {
      description: 'Deleted; what was removed.',
      content: json(
        z.object({
          deleted: z.object({
            slug: z.string(),
            tracks: z.int(),
            testSets: z.int(),
            testSetsWithGroundTruth: z.int(),
            groundTruthUploads: z.int(),
            reportedEntries: z.int(),
            phases: z.int(),
            filesRemoved: z.int(),
            filesLeft: z
              .int()
              .meta({ description: 'Files whose removal failed (unreferenced; logged).' }),
          }),
        }),
      ),
    },
    '401': UNAUTHORIZED,
    '403': errorResponse('Not a curator of this (published) benchmark.'),
    '404': errorResponse('Unknown benchmark, or a draft you do not curate.'),
    '409': errorResponse('The benchmark is published.'),
  },
});

export const importReportedResults = defineOperation({
  operationId: 'importReportedResults',
  method: 'post',
  path: '/api/v1/curation/benchmarks/{slug}/reported',
  summary: 'Import published results from a long-format CSV',
  description:
    'Every line is checked first: 422 with line-numbered issues and nothing saved, or 200 with a summary. Importing the same file again changes nothing.',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  body: {
    mediaType: 'multipart/form-data',
    schema: z.object({ file: filePart('the CSV') }),
  },
  responses: {
    '200': {
      description: 'Import summary (idempotent).',
      content: json(
        z.object({
          result: z.object({
            ok: z.literal(true),
            entries: z.int(),
            scores: z.int(),
            entriesCreated: z.int(),
            entriesUpdated: z.int(),
          }),
        }),
      ),
    },
    '400': errorResponse('The file is missing.'),
    '401': UNAUTHORIZED,
    '403': errorResponse('Not a curator.'),
    '404': errorResponse('Unknown benchmark.'),
    '408': UPLOAD_IDLE,
    '413': FILE_TOO_LARGE,
    '422': errorResponse('Line-numbered issues (`issues`, `issueCount`); nothing saved.'),
  },
});

const rescoreTarget = z.object({
  track: z.string().min(1).meta({ description: 'Track slug.' }),
  testSet: z.string().min(1).meta({ description: 'Test set slug.' }),
});

export const getRescoreRun = defineOperation({
  operationId: 'getRescoreRun',
  method: 'get',
  path: '/api/v1/curation/benchmarks/{slug}/rescore',
  summary: "A test set's current evaluator version and its rescore run",
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  query: rescoreTarget,
  responses: {
    '200': {
      description: 'Version and run progress.',
      content: json(z.object({ currentVersion: z.int(), run: rescoreRunSchema.nullable() })),
    },
    '400': errorResponse('track or testSet is missing.'),
    '401': UNAUTHORIZED,
    '403': errorResponse('Not a curator.'),
    '404': errorResponse('Unknown benchmark, track or test set.'),
  },
});

export const requestRescore = defineOperation({
  operationId: 'requestRescore',
  method: 'post',
  path: '/api/v1/curation/benchmarks/{slug}/rescore',
  summary: 'Rescore every scored entry at the current evaluator version',
  description: 'A second request returns the same run.',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  body: { mediaType: 'application/json', schema: rescoreTarget },
  responses: {
    '200': {
      description: 'The existing run for this version.',
      content: json(z.object({ run: rescoreRunSchema })),
    },
    '201': { description: 'Run created.', content: json(z.object({ run: rescoreRunSchema })) },
    '400': errorResponse('The body is not JSON or names no track and test set.'),
    '401': UNAUTHORIZED,
    '403': errorResponse('Not a curator.'),
    '404': errorResponse('Unknown benchmark, track or test set.'),
  },
});

export const listParticipants = defineOperation({
  operationId: 'listParticipants',
  method: 'get',
  path: '/api/v1/curation/benchmarks/{slug}/participants',
  summary: "Requests to take part in the benchmark's phases, pending first",
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  responses: {
    '200': {
      description: 'Every request with the person, message, status and decision.',
      content: json(z.object({ participants: z.array(participantSchema) })),
    },
    '401': UNAUTHORIZED,
    '403': NOT_A_CURATOR,
    '404': errorResponse('Unknown benchmark (or a draft you do not curate).'),
  },
});

export const decideParticipation = defineOperation({
  operationId: 'decideParticipation',
  method: 'post',
  path: '/api/v1/curation/benchmarks/{slug}/participants/{userId}',
  summary: "Approve or reject a person's request to take part",
  description:
    'Every decision is written to the audit log. A decision can be changed later (e.g. an approval revoked).',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams.extend({
    userId: z
      .string()
      .min(1)
      .meta({ description: 'The person who asked (`participants[].user.id`).' }),
  }),
  body: { mediaType: 'application/json', schema: decideParticipationInputSchema },
  responses: {
    '200': {
      description: 'The decision, as stored.',
      content: json(z.object({ participation: participationSchema })),
    },
    '400': errorResponse('Invalid body, a rejection without a note, or an ambiguous phase.'),
    '401': UNAUTHORIZED,
    '403': NOT_A_CURATOR,
    '404': errorResponse('Unknown benchmark, or the person has no request.'),
  },
});

export const exportBenchmarkDefinition = defineOperation({
  operationId: 'exportBenchmarkDefinition',
  method: 'get',
  path: '/api/v1/curation/benchmarks/{slug}/export',
  summary: "The benchmark's definition as benchmark.yaml (never ground truth)",
  description:
    'Metadata, tracks, metrics, test sets, phases. A draft is 404 to everyone but its curators and admins; a published benchmark someone does not curate is 403.',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  responses: {
    '200': { description: 'YAML.', content: text('application/yaml') },
    '401': UNAUTHORIZED,
    '403': errorResponse('Not a curator.'),
    '404': errorResponse('Unknown benchmark.'),
  },
});

/** Rows of a page of an entry's per-case results (the curator's page and the route's default). */
export const ENTRY_CASES_PAGE_SIZE = 50;
/** The most rows one request may ask for (the CSV download asks for every case up to it). */
export const ENTRY_CASES_MAX_ROWS = 100_000;

export const listEntryCaseResults = defineOperation({
  operationId: 'listEntryCaseResults',
  method: 'get',
  path: '/api/v1/curation/benchmarks/{slug}/entries/{submissionId}/cases',
  summary: "An entry's per-case values on one test set, with each case's categories and truth",
  description:
    'Curators of the benchmark and site admins only: a draft is 404 to everyone else, a published benchmark someone does not curate is 403. The caller is checked before the query, so a non-curator never learns what a valid query looks like. A worker (the only process that reads per-case values) answers.',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams.extend({
    submissionId: z.string().min(1).meta({ description: 'Submission id of the entry.' }),
  }),
  query: z.object({
    testSet: z.string().min(1).max(64).meta({ description: 'Test set id.' }),
    sort: z.string().min(1).max(200).optional().meta({ description: 'Metric to sort by.' }),
    order: z.enum(['asc', 'desc']).default('asc'),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(ENTRY_CASES_MAX_ROWS)
      .default(ENTRY_CASES_PAGE_SIZE)
      .meta({ description: 'Rows to return: a page, or every case for a CSV export.' }),
    format: z.enum(['json', 'csv']).optional().meta({ description: 'csv: a CSV attachment.' }),
  }),
  responses: {
    '200': {
      description: 'One page of cases (JSON), or every asked row as CSV.',
      content: {
        ...json(
          z.object({
            submissionId: z.string(),
            methodName: z.string(),
            testSetSlug: z.string(),
            evaluatorVersion: z.int(),
            metrics: z.array(z.string()),
            dimensions: z.array(z.string()),
            total: z.int(),
            offset: z.int(),
            sortMetric: z.string().nullable(),
            order: z.enum(['asc', 'desc']),
            note: z.string().nullable(),
            rows: z.array(
              z.object({
                caseId: z.string(),
                categories: z.record(z.string(), z.string()),
                truth: z.string().nullable(),
                values: z.record(z.string(), z.number().nullable()),
              }),
            ),
          }),
        ),
        ...text('text/csv'),
      },
    },
    '400': errorResponse('A query parameter is malformed.'),
    '401': UNAUTHORIZED,
    '403': errorResponse('Not a curator of this (published) benchmark.'),
    '404': errorResponse('Unknown benchmark or entry (or a draft you do not curate).'),
    '503': errorResponse('No worker answered in time.'),
  },
});
