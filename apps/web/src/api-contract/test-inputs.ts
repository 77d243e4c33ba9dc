// Test inputs of a test set (images, volumes, question texts with their options): curators upload
// a zip with its manifest; public ones are downloaded by anyone, hidden ones never leave the
// worker's side.
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
  slugLike,
  slugParams,
} from './common';
import { defineOperation } from './operation';
import { filePart } from './submissions';

export const testInputsUploadSchema = component(
  'TestInputsUpload',
  z.object({
    id: z.string(),
    benchmarkSlug: z.string(),
    trackSlug: z.string(),
    testSetSlug: z.string(),
    visibility: z.enum(['PUBLIC', 'HIDDEN']).meta({
      description:
        "The test set's `inputs` in the definition now: PUBLIC inputs are downloadable once confirmed, HIDDEN ones are read by the worker only.",
    }),
    status: z.enum(['VALIDATING', 'READY', 'INVALID', 'APPLIED', 'SUPERSEDED']),
    fileName: z.string(),
    fileBytes: z.int(),
    preview: z
      .object({
        caseCount: z.int(),
        fileCount: z.int(),
        inputBytes: z.int(),
        manifestName: z.string(),
        manifestColumns: z.array(z.string()),
      })
      .nullable()
      .meta({ description: 'Counts of the validated zip (READY, APPLIED).' }),
    error: z
      .object({ message: z.string(), issues: z.array(fileIssueSchema), issueCount: z.int() })
      .nullable()
      .meta({
        description:
          'Why it was rejected: `message`, `issues` naming the manifest line, case id or zip entry and what was expected (at most 50), and `issueCount`.',
      }),
    createdAt: dateTime(),
    appliedAt: dateTime().nullable(),
  }),
);

const uploadWithStatusUrl = z.object({ upload: testInputsUploadSchema, statusUrl: z.string() });
const uploadIdParams = idParams('Test-inputs upload id.');

export const uploadTestInputs = defineOperation({
  operationId: 'uploadTestInputs',
  method: 'post',
  path: '/api/v1/curation/benchmarks/{slug}/inputs',
  summary: 'Upload a test set’s inputs: a zip with manifest.csv or manifest.jsonl at its root',
  description:
    'The manifest maps every case id of the test set’s ground truth to a file in the zip (CSV `case_id,file[,question,options,…]` or JSONL `{"case_id","file",…}`); further columns are public case metadata. The worker validates it; confirm it to make it the test set’s inputs.',
  tags: ['Curation'],
  auth: 'account',
  params: slugParams,
  body: {
    mediaType: 'multipart/form-data',
    schema: z.object({
      track: z.string().max(128).optional().meta({ description: 'Track slug.' }),
      testSet: z.string().max(128).optional().meta({ description: 'Test set slug.' }),
      file: filePart('the inputs zip'),
    }),
  },
  responses: {
    '201': {
      description:
        'The upload exists (status VALIDATING); follow it at `statusUrl` (also the `Location` header), then confirm it.',
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

export const getTestInputsUpload = defineOperation({
  operationId: 'getTestInputsUpload',
  method: 'get',
  path: '/api/v1/curation/test-inputs-uploads/{id}',
  summary: 'Status of a test-inputs upload (counts, or issues naming lines, case ids and entries)',
  tags: ['Curation'],
  auth: 'account',
  params: uploadIdParams,
  responses: {
    '200': {
      description: 'VALIDATING, READY with a preview, INVALID with issues, APPLIED or SUPERSEDED.',
      content: json(z.object({ upload: testInputsUploadSchema })),
    },
    '401': UNAUTHORIZED,
    '404': errorResponse('No such upload you may see.'),
  },
});

export const confirmTestInputsUpload = defineOperation({
  operationId: 'confirmTestInputsUpload',
  method: 'post',
  path: '/api/v1/curation/test-inputs-uploads/{id}/confirm',
  summary: 'Make a validated (READY) upload the test set’s inputs',
  description:
    'The previous inputs of the test set are superseded. Whether they are downloadable is the test set’s `inputs` (public or hidden) in the definition. Confirming again changes nothing.',
  tags: ['Curation'],
  auth: 'account',
  params: uploadIdParams,
  responses: {
    '200': { description: 'APPLIED.', content: json(uploadWithStatusUrl) },
    '401': UNAUTHORIZED,
    '404': errorResponse('No such upload you may see.'),
    '409': errorResponse(
      'Not READY: still validating, superseded, or rejected (then `issues` and `issueCount` list why).',
    ),
  },
});

export const downloadTestInputs = defineOperation({
  operationId: 'downloadTestInputs',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}/inputs',
  summary: 'Download a test set’s public inputs: a zip of its files and its manifest',
  description:
    'Streamed as the curator’s validated zip: `manifest.csv` or `manifest.jsonl` at its root maps every case id to its file, with the question, options or other public case metadata. Hidden inputs (for model runs) are never served: they answer 404 like a test set without inputs.',
  tags: ['Submissions'],
  params: slugParams,
  query: z.object({
    track: slugLike('a track slug').meta({ description: 'Track slug.' }),
    testSet: slugLike('a test set slug').optional().meta({
      description: "Test set slug; default the track's only test set with public inputs.",
    }),
  }),
  responses: {
    '200': {
      description:
        'The zip (`Content-Disposition: attachment`, `Content-Length`, `ETag` the SHA-256 of the zip).',
      content: { 'application/zip': z.string().meta({ format: 'binary' }) },
    },
    '400': errorResponse('Missing or malformed track or test set.'),
    '404': errorResponse(
      'Unknown benchmark, track or test set, or no public inputs (none uploaded, or hidden).',
    ),
  },
});
