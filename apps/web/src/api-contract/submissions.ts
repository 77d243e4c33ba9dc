import { requestParticipationInputSchema } from '@medrank/curation';
import { z } from 'zod';
import {
  createSubmissionInputSchema,
  endpointRegistrationSchema,
} from '../features/submissions/submission-input';
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
  trackQuery,
} from './common';
import { defineOperation } from './operation';

/** A file part of a multipart body, as `readMultipartUpload` hands it over (streamed to the blob store). */
export interface UploadedFilePart {
  key: string;
  bytes: number;
  sha256: string;
  fileName: string;
}

/** The `file` part of an upload: required, and sent after the other fields. */
export const filePart = (what: string) =>
  z
    .custom<UploadedFilePart>((v) => typeof v === 'object' && v !== null && 'key' in v, {
      error: `missing the "file" part: attach ${what} as "file"`,
    })
    .meta({
      type: 'string',
      format: 'binary',
      description: `${what[0]?.toUpperCase()}${what.slice(1)}. Send it last, after the fields.`,
    });

const scoreRow = z.object({
  metric: z.string(),
  value: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  n: z.int(),
});

export const submissionSchema = component(
  'Submission',
  z.object({
    id: z.string(),
    status: z.enum(['QUEUED', 'VALIDATING', 'SCORING', 'SCORED', 'FAILED', 'CANCELLED']),
    progress: z.int(),
    methodName: z.string(),
    description: z.string().nullable(),
    fileName: z.string(),
    fileBytes: z.int(),
    sha256: z.string(),
    createdAt: dateTime(),
    startedAt: dateTime().nullable(),
    finishedAt: dateTime().nullable(),
    attempts: z.int(),
    team: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    benchmark: z.object({ slug: z.string(), title: z.string() }),
    track: z.object({
      slug: z.string(),
      name: z.string(),
      metrics: z.array(z.string()),
      primaryMetric: z.string(),
    }),
    error: z
      .object({
        message: z.string(),
        issues: z.array(fileIssueSchema),
        issueCount: z.int(),
        code: z.literal('NEAR_DUPLICATE').optional(),
        nearDuplicate: z
          .object({
            submissionId: z.string(),
            methodName: z.string(),
            submittedAt: z.string(),
            changedCases: z.int(),
            minChangedCases: z.int(),
            caseCount: z.int(),
          })
          .optional(),
      })
      .nullable()
      .meta({
        description:
          'Why it failed: `message`, line-numbered `issues` of a rejected file and `issueCount`; for a file that repeats an earlier one of the same team or person, `code: "NEAR_DUPLICATE"` and `nearDuplicate` (the earlier submission, changed cases, the minimum the phase needs). Nothing was scored and it does not count against the quota.',
      }),
    evaluations: z.array(
      z.object({
        testSetId: z.string(),
        testSetSlug: z.string(),
        testSetName: z.string(),
        evaluatorVersion: z.int(),
        caseCount: z.int(),
        durationMs: z.number(),
        restriction: z
          .discriminatedUnion('kind', [
            z.object({ kind: z.literal('hidden-until-close'), releaseAt: z.string().nullable() }),
            z.object({
              kind: z.literal('withheld-by-ladder'),
              metric: z.string(),
              margin: z.number(),
              bestReleased: z.number().nullable(),
              scoreDecimals: z.int(),
            }),
          ])
          .nullable()
          .meta({
            description:
              'Why participants do not see the numbers: `hidden-until-close` (with `releaseAt`) or `withheld-by-ladder` (with the team’s `bestReleased` value and the `margin`; never the withheld value).',
          }),
        scoresShown: z.boolean().meta({
          description:
            'False when the numbers are left out for you: the submitting team never sees restricted numbers; the benchmark’s curators and site admins do.',
        }),
        scores: z.array(scoreRow),
        breakdowns: z.array(scoreRow.extend({ dimension: z.string(), category: z.string() })),
        notes: z.array(z.string()),
      }),
    ),
  }),
);

export const participationSchema = component(
  'Participation',
  z.object({
    phaseId: z.string(),
    userId: z.string(),
    status: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
    message: z.string(),
    requestedAt: dateTime(),
    decidedAt: dateTime().nullable(),
    decisionNote: z.string().nullable().meta({ description: "The curator's note." }),
  }),
);

export const participationStateSchema = component(
  'ParticipationState',
  z.object({
    phase: z
      .object({
        id: z.string(),
        name: z.string(),
        opensAt: dateTime(),
        closesAt: dateTime().nullable(),
        requiresApproval: z.boolean(),
      })
      .nullable()
      .meta({ description: 'The current or next phase that requires approval.' }),
    participation: participationSchema.nullable(),
    isExempt: z
      .boolean()
      .meta({ description: 'Curators of the benchmark and site admins need no approval.' }),
    isApproved: z
      .boolean()
      .meta({ description: 'Whether you may submit to that phase as far as approval goes.' }),
  }),
);

export const getPredictionTemplate = defineOperation({
  operationId: 'getPredictionTemplate',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}/template',
  summary: 'A predictions template listing every case id of a track',
  description:
    'In the format the track’s task type reads: CSV (classification, multiple choice, open VQA, regression) or JSONL with a field per section (report generation). Segmentation, retrieval and detection have no per-case template (400 says what to upload instead).',
  tags: ['Submissions'],
  params: slugParams,
  query: z.object({ track: trackQuery }),
  responses: {
    '200': {
      description: 'The expected header or fields and one row or line per case id.',
      content: { ...text('text/csv'), ...text('application/jsonl') },
    },
    '400': errorResponse(
      'Unknown track, a reported-only track, or a task type without a per-case template.',
    ),
    '404': errorResponse('Unknown benchmark.'),
  },
});

export const createSubmission = defineOperation({
  operationId: 'createSubmission',
  method: 'post',
  path: '/api/v1/benchmarks/{slug}/submissions',
  summary: 'Submit a predictions file, an ONNX model or an endpoint for scoring',
  description:
    "A body whose Content-Length exceeds the limit is refused before anything is read; the file streams into the blob store. A refused submission leaves no file behind. On a track whose task config declares a `model` contract, a file named `*.onnx` is an ONNX model: the worker checks its signature, runs it on the test set's inputs (hidden ones included) and scores its outputs like a predictions file; a model that does not fit fails with the reason (docs/model-submissions.md). On a track that declares an `endpoint` contract, send `endpointUrl` and `endpointModel` (and `endpointApiKey` if the endpoint needs one) instead of a file: the worker sends every case to that OpenAI-compatible chat-completions endpoint and scores the answers (docs/endpoint-submissions.md). The URL's host must be one the site allows; the API key is stored sealed for the workers and erased once the run is over.",
  tags: ['Submissions'],
  auth: 'account',
  params: slugParams,
  body: {
    mediaType: 'multipart/form-data',
    schema: createSubmissionInputSchema
      .extend(endpointRegistrationSchema.shape)
      .extend({
        file: filePart(
          'your predictions file, or an ONNX model (.onnx) for a track that runs models',
        ).optional(),
      })
      .superRefine((body, ctx) => {
        if (body.file && body.endpointUrl)
          ctx.addIssue({
            code: 'custom',
            path: ['endpointUrl'],
            message: 'send either a file or an endpoint, not both',
          });
        if (!body.file && !body.endpointUrl)
          ctx.addIssue({
            code: 'custom',
            path: ['file'],
            message:
              'missing the "file" part: attach your predictions file (or an .onnx model) as "file", or register an endpoint with "endpointUrl" and "endpointModel"',
          });
        if (body.endpointUrl && !body.endpointModel)
          ctx.addIssue({
            code: 'custom',
            path: ['endpointModel'],
            message: 'an endpoint needs the model name its requests ask for (endpointModel)',
          });
        if (!body.endpointUrl && (body.endpointModel || body.endpointApiKey))
          ctx.addIssue({
            code: 'custom',
            path: ['endpointUrl'],
            message: 'endpointModel and endpointApiKey need an endpointUrl',
          });
      }),
  },
  responses: {
    '201': {
      description: 'Queued for scoring.',
      content: json(
        z.object({
          submission: submissionSchema.nullable(),
          statusUrl: z.string(),
          pageUrl: z.string(),
        }),
      ),
    },
    '400': errorResponse('A field is invalid or the file is missing.'),
    '401': UNAUTHORIZED,
    '403': errorResponse(
      "Not a member of that team, a cross-origin cookie request, or the phase requires a curator's approval you do not have yet (the message says how to ask: `POST /api/v1/benchmarks/{slug}/participation`).",
    ),
    '404': errorResponse('Unknown benchmark or team.'),
    '408': UPLOAD_IDLE,
    '409': errorResponse('No phase is open.'),
    '413': FILE_TOO_LARGE,
    '429': errorResponse(
      'Daily or total quota reached. Quotas count per team and per person across all their teams; the message says which and when it resets.',
    ),
  },
});

export const getParticipation = defineOperation({
  operationId: 'getParticipation',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}/participation',
  summary:
    "Your request to take part in the benchmark's current or next phase that requires approval",
  description:
    "Phases can require a curator's approval before a person may submit (one account per person, so that quotas per person hold). `phase` is null when no phase requires approval.",
  tags: ['Submissions'],
  auth: 'account',
  params: slugParams,
  responses: {
    '200': { description: 'The phase and your request.', content: json(participationStateSchema) },
    '401': UNAUTHORIZED,
    '404': errorResponse('Unknown or draft benchmark.'),
  },
});

export const requestParticipation = defineOperation({
  operationId: 'requestParticipation',
  method: 'post',
  path: '/api/v1/benchmarks/{slug}/participation',
  summary: 'Ask to take part in the phase that requires approval',
  description:
    'Creates a pending request (or updates the message of a pending one, or asks again after a rejection). A curator of the benchmark approves or rejects it with a note you can read here.',
  tags: ['Submissions'],
  auth: 'account',
  params: slugParams,
  body: {
    mediaType: 'application/json',
    schema: z.object({
      message: requestParticipationInputSchema.shape.message.meta({
        description: 'Who you are, your affiliation, what you will submit.',
      }),
    }),
  },
  responses: {
    '200': { description: 'Your request, as stored.', content: json(participationStateSchema) },
    '400': errorResponse('The body is not JSON or the message is too long.'),
    '401': UNAUTHORIZED,
    '404': errorResponse('Unknown or draft benchmark.'),
    '409': errorResponse('No phase of the benchmark requires approval: submit directly.'),
  },
});

/** The submission as its team sees it (GET): with a model or endpoint run's timing and report. */
export const ownedSubmissionSchema = component(
  'OwnedSubmission',
  submissionSchema.extend({
    inference: z
      .object({
        kind: z.enum(['onnx', 'endpoint']),
        cases: z.int(),
        meanMs: z.number(),
        p50Ms: z.number(),
        p95Ms: z.number(),
        totalMs: z.number(),
      })
      .nullable()
      .meta({
        description:
          'A model run (`onnx`) or endpoint run (`endpoint`, network included): cases run and the time per case over the whole run (mean, median, 95th percentile) and in total, in milliseconds rounded to 0.1. Null for a predictions file, or before the run has finished.',
      }),
    runReport: z
      .object({
        requests: z.int(),
        retries: z.int(),
        failureCount: z.int(),
        failures: z.array(
          z.object({
            caseId: z.string(),
            kind: z.enum(['timeout', 'http', 'network', 'unparseable', 'budget', 'inputs']),
            detail: z.string(),
          }),
        ),
      })
      .nullable()
      .meta({
        description:
          'Endpoint runs only, for your team: requests sent (retries included), retries, the cases without a usable answer (scored as extraction failures) and the first 200 of them with the kind of failure and what the endpoint answered. Never on the board.',
      }),
  }),
);

export const getSubmission = defineOperation({
  operationId: 'getSubmission',
  method: 'get',
  path: '/api/v1/submissions/{id}',
  summary: "Your submission's status, progress, scores with CIs, or its error list",
  tags: ['Submissions'],
  auth: 'account',
  params: idParams('Submission id.'),
  responses: {
    '200': {
      description:
        'The submission, with its model or endpoint run (`inference`, `runReport`) for your team.',
      content: json(z.object({ submission: ownedSubmissionSchema })),
    },
    '401': UNAUTHORIZED,
    '403': errorResponse('It belongs to another team.'),
    '404': errorResponse('No such submission.'),
  },
});
