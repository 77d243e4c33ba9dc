/**
 * The OpenAPI 3.1 description of MedRank's REST API (/api/v1), served at
 * GET /api/v1/openapi.json and rendered at /docs/api. Hand-written and typed; openapi.test.ts
 * checks that every route.ts under app/api/v1 and each method it exports is described here.
 */

type Json = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description: string;
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
  paths: Record<
    string,
    Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OpenApiOperation>>
  >;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
/** 429 from a per-account allowance, with the seconds to wait in Retry-After. */
const rateLimitedResponse = {
  description: 'This account asked too many subset and compare questions this minute or day.',
  headers: {
    'Retry-After': {
      description: 'Seconds until the next question is accepted.',
      schema: { type: 'integer' },
    },
  },
  content: json(ref('Error')),
};
/** A required multipart/form-data body with these fields (uploads). */
const multipartBody = (properties: Record<string, Json>) => ({
  required: true,
  content: { 'multipart/form-data': { schema: { type: 'object', properties } } },
});

const slugParam: OpenApiParameter = {
  name: 'slug',
  in: 'path',
  required: true,
  description: 'Benchmark slug, e.g. `vqa-rad`.',
  schema: { type: 'string' },
};
const trackParam: OpenApiParameter = {
  name: 'track',
  in: 'query',
  description: "Track slug; default the benchmark's first track.",
  schema: { type: 'string' },
};
const testSetParam: OpenApiParameter = {
  name: 'testSet',
  in: 'query',
  description: "Test set slug; default the track's first test set.",
  schema: { type: 'string' },
};
const query = (
  name: string,
  description: string,
  schema: Json = { type: 'string' },
): OpenApiParameter => ({
  name,
  in: 'query',
  description,
  schema,
});

const boardFilterParams: OpenApiParameter[] = [
  trackParam,
  testSetParam,
  query('sort', "Metric key to sort and rank by; default the track's primary metric."),
  query(
    'dir',
    "Sort direction; default the metric's better direction first. Missing values always sort last.",
    {
      type: 'string',
      enum: ['asc', 'desc'],
    },
  ),
  query('view', 'All entries, or the best entry per team.', {
    type: 'string',
    enum: ['all', 'best'],
  }),
  query('q', 'Text in method, team or institution (at most 100 characters).'),
  query('team', 'Team slug.'),
  query('openWeights', 'Only entries with (yes) or without (no) open weights.', {
    type: 'string',
    enum: ['yes', 'no'],
  }),
  query('from', 'Earliest entry date (YYYY-MM-DD, inclusive).', { type: 'string', format: 'date' }),
  query('to', 'Latest entry date (YYYY-MM-DD, inclusive).', { type: 'string', format: 'date' }),
  query('kind', 'Verified (scored by MedRank), reported (published numbers) or both.', {
    type: 'string',
    enum: ['all', 'verified', 'reported'],
  }),
];

const bearer: Record<string, string[]>[] = [{ bearerToken: [] }, { sessionCookie: [] }];

const scoreWithCi = {
  type: 'object',
  required: ['value', 'ciLow', 'ciHigh'],
  properties: {
    value: { type: ['number', 'null'] },
    ciLow: {
      type: ['number', 'null'],
      description: '95% CI lower end (null for reported values).',
    },
    ciHigh: { type: ['number', 'null'] },
  },
};

export function buildOpenApiDocument(serverUrl = '/'): OpenApiDocument {
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
    tags: [
      { name: 'Catalog', description: 'Benchmarks and their tracks and test sets.' },
      { name: 'Boards', description: 'Leaderboards, exports, history, badges.' },
      { name: 'Analysis', description: 'Questions answered from hidden data, aggregates only.' },
      { name: 'Submissions', description: 'Uploading predictions and following their scoring.' },
      { name: 'Curation', description: 'For curators of a benchmark and site admins.' },
    ],
    paths: {
      '/api/v1/benchmarks': {
        get: {
          operationId: 'listBenchmarks',
          summary: 'The catalog of published benchmarks',
          tags: ['Catalog'],
          responses: {
            '200': {
              description: 'Published benchmarks.',
              content: json({
                type: 'object',
                properties: { benchmarks: { type: 'array', items: ref('BenchmarkSummary') } },
              }),
            },
          },
        },
      },
      '/api/v1/benchmarks/{slug}': {
        get: {
          operationId: 'getBenchmark',
          summary: 'One benchmark with its tracks, metrics and test sets',
          tags: ['Catalog'],
          parameters: [slugParam],
          responses: {
            '200': {
              description: 'The benchmark (public fields).',
              content: json({ type: 'object', properties: { benchmark: ref('Benchmark') } }),
            },
            '404': errorResponse('No published benchmark with that slug.'),
          },
        },
      },
      '/api/v1/benchmarks/{slug}/template': {
        get: {
          operationId: 'getPredictionTemplate',
          summary: 'A predictions template listing every case id of a track',
          description:
            'In the format the track’s task type reads: CSV (classification, multiple choice, open VQA, regression) or JSONL with a field per section (report generation). Segmentation, retrieval and detection have no per-case template (400 says what to upload instead).',
          tags: ['Submissions'],
          parameters: [slugParam, trackParam],
          responses: {
            '200': {
              description: 'The expected header or fields and one row or line per case id.',
              content: {
                'text/csv': { schema: { type: 'string' } },
                'application/jsonl': { schema: { type: 'string' } },
              },
            },
            '400': errorResponse(
              'Unknown track, a reported-only track, or a task type without a per-case template.',
            ),
            '404': errorResponse('Unknown benchmark.'),
          },
        },
      },
      '/api/v1/benchmarks/{slug}/board': {
        get: {
          operationId: 'getBoard',
          summary: 'One board (track × test set) as JSON or CSV',
          description:
            'Every entry with rank (competition ranking: ties share, missing last), 95% rank interval, significance tier, kind (verified/reported) and each metric’s value and 95% CI. ' +
            'Same filters and sort as the board page. Baselines and disqualified entries have no rank; disqualified entries come last with the public reason. ' +
            'Scores are stored and returned at their phase’s stated precision (`testSet.scoreDecimals`); ties at that precision share a rank. ' +
            'A HIDDEN_UNTIL_CLOSE test set stays hidden until every phase of the benchmark has closed (`releaseAt`): `scoresHidden` is true and no verified scores are returned, to anyone. ' +
            'Entries the Ladder withheld are not listed.',
          tags: ['Boards'],
          parameters: [
            slugParam,
            query('format', 'Response format.', {
              type: 'string',
              enum: ['json', 'csv'],
              default: 'json',
            }),
            ...boardFilterParams,
            query(
              'page',
              'Optional: one page of the entries (1-based). Without page and perPage the response holds every entry; with either, the JSON adds `page` { page, perPage, pageCount, total }. Ranks stay the board’s.',
              { type: 'integer', minimum: 1 },
            ),
            query('perPage', 'Optional: entries per page (default 50 when paging).', {
              type: 'integer',
              minimum: 1,
              maximum: 200,
            }),
            {
              name: 'If-None-Match',
              in: 'header',
              description: 'An ETag from an earlier response; unchanged boards answer 304.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'The board. CSV: RFC 4180 with a header row, served as an attachment.',
              headers: {
                ETag: {
                  schema: { type: 'string' },
                  description: 'Validator of this body; send it back in If-None-Match.',
                },
                'Cache-Control': {
                  schema: { type: 'string' },
                  description:
                    'public, max-age=30 for published boards; private, no-store for drafts.',
                },
              },
              content: {
                ...json({
                  type: 'object',
                  properties: {
                    board: ref('BoardExport'),
                    page: {
                      type: 'object',
                      description: 'Only when page or perPage was given.',
                      properties: {
                        page: { type: 'integer' },
                        perPage: { type: 'integer' },
                        pageCount: { type: 'integer' },
                        total: { type: 'integer' },
                      },
                    },
                  },
                }),
                'text/csv': { schema: { type: 'string' } },
              },
            },
            '304': { description: 'Not modified: the If-None-Match ETag is current.' },
            '400': errorResponse(
              'A parameter is malformed; the message names it and what was expected.',
            ),
            '404': errorResponse(
              'Unknown benchmark, track or test set (or a draft you may not see).',
            ),
          },
        },
      },
      '/api/v1/benchmarks/{slug}/history': {
        get: {
          operationId: 'getBoardHistory',
          summary: 'State of the art over time on one board',
          tags: ['Boards'],
          parameters: [
            slugParam,
            trackParam,
            testSetParam,
            query('metric', "Metric key; default the track's primary metric."),
          ],
          responses: {
            '200': {
              description: 'Timeline points, oldest first; `isRecord` marks a new best.',
              content: json({ type: 'object', properties: { history: ref('BoardHistory') } }),
            },
            '400': errorResponse('A parameter is malformed.'),
            '404': errorResponse('Unknown board.'),
          },
        },
      },
      '/api/v1/benchmarks/{slug}/badge': {
        get: {
          operationId: 'getBadge',
          summary: 'An embeddable SVG badge of one entry',
          description:
            'Shields-style SVG, e.g. “rank 3 on VQA-RAD · AUROC 0.910 ± 0.020”. Errors are SVG badges too, with the HTTP status of the error.',
          tags: ['Boards'],
          parameters: [
            slugParam,
            {
              name: 'entry',
              in: 'query',
              required: true,
              description: 'Submission id of a verified entry.',
              schema: { type: 'string' },
            },
            query('metric', "Metric key; default the track's primary metric."),
            trackParam,
            testSetParam,
          ],
          responses: {
            '200': {
              description: 'The badge.',
              content: { 'image/svg+xml': { schema: { type: 'string' } } },
            },
            '400': {
              description: 'Missing entry or unknown metric (as an SVG badge).',
              content: { 'image/svg+xml': { schema: { type: 'string' } } },
            },
            '404': {
              description: 'Unknown board or entry not on it (as an SVG badge).',
              content: { 'image/svg+xml': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/api/v1/benchmarks/{slug}/compare': {
        get: {
          operationId: 'compareEntries',
          summary: 'Paired comparison of two verified entries',
          description:
            'Per metric the paired difference a − b with its 95% CI and p-value (paired bootstrap on stored replicates), per category group the deltas of public breakdown values. Values are rounded to each entry’s stated precision (its phase’s score decimals), the difference and its CI to the coarser of the two, p-values to 3 decimals. Needs a signed-in account or an API token; each account may ask a limited number of subset and compare questions per minute and per day (both kinds together), and every question is logged for the benchmark’s curators.',
          tags: ['Analysis'],
          security: bearer,
          parameters: [
            slugParam,
            trackParam,
            testSetParam,
            {
              name: 'a',
              in: 'query',
              required: true,
              description: 'Submission id of entry a.',
              schema: { type: 'string' },
            },
            {
              name: 'b',
              in: 'query',
              required: true,
              description: 'Submission id of entry b.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': { description: 'The comparison.', content: json(ref('Comparison')) },
            '400': errorResponse('Missing or identical a/b.'),
            '401': errorResponse('Not signed in and no valid API token.'),
            '429': rateLimitedResponse,
            '404': errorResponse('Unknown board, or an entry that is not a verified entry of it.'),
            '409': errorResponse('Scores on this test set are hidden until the phase closes.'),
            '503': errorResponse('No scoring worker answered in time.'),
          },
        },
      },
      '/api/v1/benchmarks/{slug}/subset': {
        get: {
          operationId: 'getSubsetScores',
          summary: 'Metrics of every verified entry on a subset of category groups',
          description:
            'Cases are those in the chosen groups of the test set’s disclosure partition (the groups the breakdowns show; a category that is not merged is its own group): groups of one dimension combine with OR, dimensions with AND. Every choice of whole groups is a union of cells of at least the benchmark’s minimum cell size, so no combination of answers isolates fewer cases (see /docs/hidden-data). A subset that cuts through a merged group is refused with the groups to choose whole; refusals never state a subset’s size. Values and CIs are rounded to each entry’s stated precision. Needs a signed-in account or an API token; each account may ask a limited number of subset and compare questions per minute and per day (both kinds together), and every question is logged for the benchmark’s curators.',
          tags: ['Analysis'],
          security: bearer,
          parameters: [
            slugParam,
            trackParam,
            testSetParam,
            {
              name: 'cat',
              in: 'query',
              required: true,
              description:
                '`dimension:group`, repeatable (e.g. `cat=organ:Chest&cat=question_type:Presence · Size`); a single category is accepted when the subset it gives is still a union of whole cells.',
              schema: { type: 'array', items: { type: 'string' } },
            },
          ],
          responses: {
            '200': {
              description: 'Recomputed metrics with 95% CIs.',
              content: json(ref('SubsetScores')),
            },
            '400': errorResponse(
              'Malformed filter, an unknown dimension or group, or a subset that cuts through a merged group.',
            ),
            '401': errorResponse('Not signed in and no valid API token.'),
            '429': rateLimitedResponse,
            '404': errorResponse('Unknown board.'),
            '409': errorResponse('Scores on this test set are hidden until the phase closes.'),
            '503': errorResponse('No scoring worker answered in time.'),
          },
        },
      },
      '/api/v1/benchmarks/{slug}/submissions': {
        post: {
          operationId: 'createSubmission',
          summary: 'Upload a predictions file for scoring',
          tags: ['Submissions'],
          security: bearer,
          parameters: [slugParam],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['methodName', 'file'],
                  properties: {
                    methodName: { type: 'string', maxLength: 120 },
                    track: { type: 'string' },
                    team: { type: 'string', description: 'Team slug; default your first team.' },
                    description: { type: 'string', maxLength: 2000 },
                    codeUrl: { type: 'string', format: 'uri' },
                    paperUrl: { type: 'string', format: 'uri' },
                    modelUrl: { type: 'string', format: 'uri' },
                    parameterCount: {
                      type: 'string',
                      pattern: '^[0-9]{0,15}$',
                      description: 'Number of parameters, digits only',
                    },
                    trainingData: { type: 'string', maxLength: 2000 },
                    openWeights: { type: 'string', enum: ['true', 'false'] },
                    modelSlug: {
                      type: 'string',
                      maxLength: 80,
                      description:
                        "Groups this model's entries across benchmarks (model page); default: the method name as a slug",
                    },
                    file: {
                      type: 'string',
                      format: 'binary',
                      description: 'Send it last, after the fields.',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Queued for scoring.',
              content: json({
                type: 'object',
                properties: {
                  submission: ref('Submission'),
                  statusUrl: { type: 'string' },
                  pageUrl: { type: 'string' },
                },
              }),
            },
            '400': errorResponse('A field is invalid or the file is missing.'),
            '401': errorResponse('Not signed in and no valid API token.'),
            '403': errorResponse(
              "Not a member of that team, a cross-origin cookie request, or the phase requires a curator's approval you do not have yet (the message says how to ask: `POST /api/v1/benchmarks/{slug}/participation`).",
            ),
            '404': errorResponse('Unknown benchmark or team.'),
            '408': errorResponse(
              'No upload data arrived for the idle timeout; nothing was stored.',
            ),
            '409': errorResponse('No phase is open.'),
            '413': errorResponse('File too large.'),
            '429': errorResponse(
              'Daily or total quota reached. Quotas count per team and per person across all their teams; the message says which and when it resets.',
            ),
          },
        },
      },
      '/api/v1/benchmarks/{slug}/participation': {
        get: {
          operationId: 'getParticipation',
          summary:
            "Your request to take part in the benchmark's current or next phase that requires approval",
          description:
            "Phases can require a curator's approval before a person may submit (one account per person, so that quotas per person hold). `phase` is null when no phase requires approval.",
          tags: ['Submissions'],
          security: bearer,
          parameters: [slugParam],
          responses: {
            '200': {
              description: 'The phase and your request.',
              content: json(ref('ParticipationState')),
            },
            '401': errorResponse('Not signed in and no valid API token.'),
            '404': errorResponse('Unknown or draft benchmark.'),
          },
        },
        post: {
          operationId: 'requestParticipation',
          summary: 'Ask to take part in the phase that requires approval',
          description:
            'Creates a pending request (or updates the message of a pending one, or asks again after a rejection). A curator of the benchmark approves or rejects it with a note you can read here.',
          tags: ['Submissions'],
          security: bearer,
          parameters: [slugParam],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              properties: {
                message: {
                  type: 'string',
                  maxLength: 1000,
                  description: 'Who you are, your affiliation, what you will submit.',
                },
              },
            }),
          },
          responses: {
            '200': {
              description: 'Your request, as stored.',
              content: json(ref('ParticipationState')),
            },
            '400': errorResponse('The body is not JSON or the message is too long.'),
            '401': errorResponse('Not signed in and no valid API token.'),
            '404': errorResponse('Unknown or draft benchmark.'),
            '409': errorResponse('No phase of the benchmark requires approval: submit directly.'),
          },
        },
      },
      '/api/v1/submissions/{id}': {
        get: {
          operationId: 'getSubmission',
          summary: "Your submission's status, progress, scores with CIs, or its error list",
          tags: ['Submissions'],
          security: bearer,
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'Submission id.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'The submission.',
              content: json({ type: 'object', properties: { submission: ref('Submission') } }),
            },
            '401': errorResponse('Not signed in and no valid API token.'),
            '403': errorResponse('It belongs to another team.'),
            '404': errorResponse('No such submission.'),
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This document',
          tags: ['Catalog'],
          responses: {
            '200': { description: 'OpenAPI 3.1 document.', content: json({ type: 'object' }) },
          },
        },
      },
      '/api/v1/curation/benchmarks/{slug}/case-metadata': {
        post: {
          operationId: 'uploadCaseMetadata',
          summary: 'Store a case-metadata CSV ahead of its ground-truth upload',
          tags: ['Curation'],
          security: bearer,
          parameters: [slugParam],
          requestBody: multipartBody({ file: { type: 'string', format: 'binary' } }),
          responses: {
            '201': { description: 'A key the ground-truth upload refers to.' },
            '403': errorResponse('Not a curator.'),
            '404': errorResponse('Unknown benchmark.'),
            '408': errorResponse(
              'No upload data arrived for the idle timeout; nothing was stored.',
            ),
            '413': errorResponse('File too large.'),
          },
        },
      },
      '/api/v1/curation/benchmarks/{slug}/ground-truth': {
        post: {
          operationId: 'uploadGroundTruth',
          summary:
            'Upload hidden ground truth for one test set (validated by the worker, applied on confirmation)',
          tags: ['Curation'],
          security: bearer,
          parameters: [slugParam],
          requestBody: multipartBody({
            track: { type: 'string' },
            testSet: { type: 'string' },
            metadataKey: { type: 'string' },
            metadataFileName: { type: 'string' },
            file: { type: 'string', format: 'binary' },
          }),
          responses: {
            '201': {
              description:
                'The upload exists (status VALIDATING); the worker validates it. Follow it at `statusUrl` (also the `Location` header), then confirm it.',
              headers: {
                Location: { description: 'The upload’s status URL.', schema: { type: 'string' } },
              },
              content: json({
                type: 'object',
                properties: { upload: ref('GroundTruthUpload'), statusUrl: { type: 'string' } },
              }),
            },
            '400': errorResponse('Invalid request, or the file is missing.'),
            '401': errorResponse('Not signed in and no valid API token.'),
            '403': errorResponse('Not a curator of this (published) benchmark.'),
            '404': errorResponse(
              'Unknown benchmark (or a draft you do not curate), track or test set.',
            ),
            '408': errorResponse(
              'No upload data arrived for the idle timeout; nothing was stored.',
            ),
            '413': errorResponse('File too large.'),
          },
        },
      },
      '/api/v1/curation/ground-truth-uploads/{id}': {
        get: {
          operationId: 'getGroundTruthUpload',
          summary:
            'Status of a ground-truth upload (aggregates-only preview or line-numbered issues)',
          tags: ['Curation'],
          security: bearer,
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'Upload id.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description:
                'VALIDATING, READY with a preview, INVALID with issues, APPLYING, APPLIED (with the evaluator version) or SUPERSEDED.',
              content: json({ type: 'object', properties: { upload: ref('GroundTruthUpload') } }),
            },
            '401': errorResponse('Not signed in and no valid API token.'),
            '404': errorResponse('No such upload you may see.'),
          },
        },
      },
      '/api/v1/curation/ground-truth-uploads/{id}/confirm': {
        post: {
          operationId: 'confirmGroundTruthUpload',
          summary: 'Use a validated (READY) upload as the test set’s hidden ground truth',
          description:
            'The worker applies it: it replaces the test set’s truth and public cases in one transaction. A first upload keeps the evaluator version; replacing ground truth creates the next one. Confirming again changes nothing.',
          tags: ['Curation'],
          security: bearer,
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'Upload id.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '202': {
              description: 'Being applied (APPLYING); follow it at `statusUrl`.',
              content: json({
                type: 'object',
                properties: { upload: ref('GroundTruthUpload'), statusUrl: { type: 'string' } },
              }),
            },
            '200': {
              description: 'Already applied (APPLIED): nothing changed.',
              content: json({
                type: 'object',
                properties: { upload: ref('GroundTruthUpload'), statusUrl: { type: 'string' } },
              }),
            },
            '401': errorResponse('Not signed in and no valid API token.'),
            '404': errorResponse('No such upload you may see.'),
            '409': errorResponse(
              'Not READY: still validating, superseded by a newer upload, or rejected (then `issues` holds the file’s line-numbered issues and `issueCount`).',
            ),
          },
        },
      },
      '/api/v1/curation/benchmarks/{slug}': {
        delete: {
          operationId: 'deleteDraftBenchmark',
          summary: 'Delete a draft benchmark and everything it holds',
          description:
            'Tracks, test sets, hidden ground truth, ground-truth uploads and their files, phases, participation requests, curator grants and reported results go in one transaction; the audit log keeps a row. Published benchmarks cannot be deleted.',
          tags: ['Curation'],
          security: bearer,
          parameters: [slugParam],
          responses: {
            '200': {
              description: 'Deleted; what was removed.',
              content: json({
                type: 'object',
                properties: {
                  deleted: {
                    type: 'object',
                    properties: {
                      slug: { type: 'string' },
                      tracks: { type: 'integer' },
                      testSets: { type: 'integer' },
                      testSetsWithGroundTruth: { type: 'integer' },
                      groundTruthUploads: { type: 'integer' },
                      reportedEntries: { type: 'integer' },
                      phases: { type: 'integer' },
                      filesRemoved: { type: 'integer' },
                      filesLeft: {
                        type: 'integer',
                        description: 'Files whose removal failed (unreferenced; logged).',
                      },
                    },
                  },
                },
              }),
            },
            '401': errorResponse('Not signed in and no valid API token.'),
            '403': errorResponse('Not a curator of this (published) benchmark.'),
            '404': errorResponse('Unknown benchmark, or a draft you do not curate.'),
            '409': errorResponse('The benchmark is published.'),
          },
        },
      },
      '/api/v1/curation/benchmarks/{slug}/reported': {
        post: {
          operationId: 'importReportedResults',
          summary: 'Import published results from a long-format CSV',
          tags: ['Curation'],
          security: bearer,
          parameters: [slugParam],
          requestBody: multipartBody({ file: { type: 'string', format: 'binary' } }),
          responses: {
            '200': { description: 'Import summary (idempotent).' },
            '422': errorResponse('Line-numbered issues; nothing saved.'),
            '403': errorResponse('Not a curator.'),
            '408': errorResponse(
              'No upload data arrived for the idle timeout; nothing was stored.',
            ),
            '413': errorResponse('File too large.'),
          },
        },
      },
      '/api/v1/curation/benchmarks/{slug}/rescore': {
        get: {
          operationId: 'getRescoreRun',
          summary: "A test set's current evaluator version and its rescore run",
          tags: ['Curation'],
          security: bearer,
          parameters: [slugParam, trackParam, testSetParam],
          responses: {
            '200': { description: 'Version and run progress.' },
            '403': errorResponse('Not a curator.'),
            '404': errorResponse('Unknown benchmark, track or test set.'),
          },
        },
        post: {
          operationId: 'requestRescore',
          summary: 'Rescore every scored entry at the current evaluator version',
          tags: ['Curation'],
          security: bearer,
          parameters: [slugParam],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['track', 'testSet'],
              properties: { track: { type: 'string' }, testSet: { type: 'string' } },
            }),
          },
          responses: {
            '201': { description: 'Run created.' },
            '200': { description: 'The existing run for this version.' },
            '403': errorResponse('Not a curator.'),
          },
        },
      },
      '/api/v1/curation/benchmarks/{slug}/participants': {
        get: {
          operationId: 'listParticipants',
          summary: "Requests to take part in the benchmark's phases, pending first",
          tags: ['Curation'],
          security: bearer,
          parameters: [slugParam],
          responses: {
            '200': {
              description: 'Every request with the person, message, status and decision.',
              content: json({
                type: 'object',
                properties: { participants: { type: 'array', items: ref('Participant') } },
              }),
            },
            '401': errorResponse('Not signed in and no valid API token.'),
            '403': errorResponse('Not a curator of this benchmark.'),
            '404': errorResponse('Unknown benchmark (or a draft you do not curate).'),
          },
        },
      },
      '/api/v1/curation/benchmarks/{slug}/participants/{userId}': {
        post: {
          operationId: 'decideParticipation',
          summary: "Approve or reject a person's request to take part",
          description:
            'Every decision is written to the audit log. A decision can be changed later (e.g. an approval revoked).',
          tags: ['Curation'],
          security: bearer,
          parameters: [
            slugParam,
            {
              name: 'userId',
              in: 'path',
              required: true,
              description: 'The person who asked (`participants[].user.id`).',
              schema: { type: 'string' },
            },
          ],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['status'],
              properties: {
                status: { type: 'string', enum: ['APPROVED', 'REJECTED'] },
                note: {
                  type: 'string',
                  maxLength: 1000,
                  description: 'Shown to the person; required to reject.',
                },
                phaseId: {
                  type: 'string',
                  description: 'Needed only when the person asked to take part in several phases.',
                },
              },
            }),
          },
          responses: {
            '200': {
              description: 'The decision, as stored.',
              content: json({
                type: 'object',
                properties: { participation: ref('Participation') },
              }),
            },
            '400': errorResponse(
              'Invalid body, a rejection without a note, or an ambiguous phase.',
            ),
            '401': errorResponse('Not signed in and no valid API token.'),
            '403': errorResponse('Not a curator of this benchmark.'),
            '404': errorResponse('Unknown benchmark, or the person has no request.'),
          },
        },
      },
      '/api/v1/curation/benchmarks/{slug}/export': {
        get: {
          operationId: 'exportBenchmarkDefinition',
          summary: "The benchmark's definition as benchmark.yaml (never ground truth)",
          tags: ['Curation'],
          security: bearer,
          parameters: [slugParam],
          responses: {
            '200': {
              description: 'YAML.',
              content: { 'application/yaml': { schema: { type: 'string' } } },
            },
            '403': errorResponse('Not a curator.'),
            '404': errorResponse('Unknown benchmark.'),
          },
        },
      },
    },
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
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', examples: ['BAD_REQUEST', 'NOT_FOUND'] },
                message: { type: 'string' },
                issues: { description: 'Field- or line-level details, when there are any.' },
              },
            },
          },
        },
        BenchmarkSummary: {
          type: 'object',
          properties: {
            slug: { type: 'string' },
            title: { type: 'string' },
            summary: { type: 'string' },
            taskType: { type: 'string' },
            modality: { type: ['string', 'null'] },
            bodyRegion: { type: ['string', 'null'] },
            license: { type: ['string', 'null'] },
            caseCount: { type: 'integer' },
            entryCount: { type: 'integer' },
            updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        Benchmark: {
          allOf: [
            ref('BenchmarkSummary'),
            {
              type: 'object',
              properties: {
                description: { type: 'string' },
                citation: { type: ['string', 'null'] },
                tracks: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      slug: { type: 'string' },
                      name: { type: 'string' },
                      metrics: { type: 'array', items: { type: 'string' } },
                      primaryMetric: { type: 'string' },
                      testSets: { type: 'array', items: { type: 'object' } },
                    },
                  },
                },
              },
            },
          ],
        },
        ScoreWithCi: scoreWithCi,
        BoardExport: {
          type: 'object',
          properties: {
            benchmark: {
              type: 'object',
              properties: { slug: { type: 'string' }, title: { type: 'string' } },
            },
            track: {
              type: 'object',
              properties: {
                slug: { type: 'string' },
                name: { type: 'string' },
                primaryMetric: { type: 'string' },
              },
            },
            testSet: {
              type: 'object',
              properties: {
                slug: { type: 'string' },
                name: { type: 'string' },
                caseCount: { type: 'integer' },
                rankedVersion: {
                  type: 'integer',
                  description: 'Evaluator version the board ranks on.',
                },
                scoresHidden: { type: 'boolean' },
                releaseAt: {
                  type: ['string', 'null'],
                  format: 'date-time',
                  description:
                    'When hidden scores are shown (the last phase closes); null when shown or undated.',
                },
                scoreDecimals: {
                  type: 'array',
                  items: { type: 'integer' },
                  description: 'Stated precisions (decimals) of the verified entries’ phases.',
                },
              },
            },
            sort: {
              type: 'object',
              properties: {
                metric: { type: 'string' },
                dir: { type: 'string', enum: ['asc', 'desc'] },
              },
            },
            metrics: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  key: { type: 'string' },
                  label: { type: 'string' },
                  higherIsBetter: { type: 'boolean' },
                  decimals: { type: 'integer' },
                },
              },
            },
            entries: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  kind: { type: 'string', enum: ['verified', 'reported'] },
                  id: { type: 'string' },
                  rank: { type: ['integer', 'null'] },
                  rankLow: { type: ['integer', 'null'] },
                  rankHigh: { type: ['integer', 'null'] },
                  tier: {
                    type: ['integer', 'null'],
                    description: '1 + the number of entries significantly better.',
                  },
                  methodName: { type: 'string' },
                  team: { type: ['string', 'null'] },
                  institution: { type: ['string', 'null'] },
                  date: { type: ['string', 'null'] },
                  openWeights: { type: ['boolean', 'null'] },
                  baseline: { type: ['string', 'null'] },
                  disqualified: { type: 'boolean' },
                  disqualificationReason: { type: ['string', 'null'] },
                  scores: { type: 'object', additionalProperties: scoreWithCi },
                },
              },
            },
          },
        },
        BoardHistory: {
          type: 'object',
          properties: {
            trackSlug: { type: 'string' },
            testSetSlug: { type: 'string' },
            metric: { type: 'string' },
            higherIsBetter: { type: 'boolean' },
            rankedVersion: { type: 'integer' },
            scoresHidden: { type: 'boolean' },
            points: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  date: { type: 'string' },
                  value: { type: 'number' },
                  kind: { type: 'string', enum: ['verified', 'reported'] },
                  id: { type: 'string' },
                  methodName: { type: 'string' },
                  isRecord: { type: 'boolean' },
                },
              },
            },
          },
        },
        Comparison: {
          type: 'object',
          properties: {
            track: { type: 'string' },
            testSet: { type: 'string' },
            rankedVersion: { type: 'integer' },
            a: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                methodName: { type: 'string' },
                team: { type: ['string', 'null'] },
              },
            },
            b: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                methodName: { type: 'string' },
                team: { type: ['string', 'null'] },
              },
            },
            metrics: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  metric: { type: 'string' },
                  a: { type: ['number', 'null'] },
                  b: { type: ['number', 'null'] },
                  diff: { type: ['number', 'null'], description: 'a − b.' },
                  ciLow: { type: ['number', 'null'] },
                  ciHigh: { type: ['number', 'null'] },
                  pValue: { type: ['number', 'null'] },
                },
              },
            },
            categories: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  dimension: { type: 'string' },
                  category: { type: 'string' },
                  metric: { type: 'string' },
                  a: { type: ['number', 'null'] },
                  b: { type: ['number', 'null'] },
                  delta: { type: ['number', 'null'] },
                  n: { type: 'integer' },
                },
              },
            },
          },
        },
        SubsetScores: {
          type: 'object',
          properties: {
            track: { type: 'string' },
            testSet: { type: 'string' },
            n: {
              type: 'integer',
              description: 'Cases in the subset (0, or at least the minimum cell size).',
            },
            metrics: { type: 'array', items: { type: 'string' } },
            entries: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  submissionId: { type: 'string' },
                  methodName: { type: ['string', 'null'] },
                  scores: { type: 'object', additionalProperties: scoreWithCi },
                },
              },
            },
          },
        },
        Participation: {
          type: 'object',
          properties: {
            phaseId: { type: 'string' },
            userId: { type: 'string' },
            status: { type: 'string', enum: ['PENDING', 'APPROVED', 'REJECTED'] },
            message: { type: 'string' },
            requestedAt: { type: 'string', format: 'date-time' },
            decidedAt: { type: ['string', 'null'], format: 'date-time' },
            decisionNote: { type: ['string', 'null'], description: "The curator's note." },
          },
        },
        Participant: {
          allOf: [
            ref('Participation'),
            {
              type: 'object',
              properties: {
                phaseName: { type: 'string' },
                user: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    email: { type: 'string' },
                  },
                },
                decidedBy: {
                  type: ['object', 'null'],
                  properties: { id: { type: 'string' }, name: { type: 'string' } },
                },
              },
            },
          ],
        },
        ParticipationState: {
          type: 'object',
          properties: {
            phase: {
              type: ['object', 'null'],
              description: 'The current or next phase that requires approval.',
              properties: {
                id: { type: 'string' },
                name: { type: 'string' },
                opensAt: { type: 'string', format: 'date-time' },
                closesAt: { type: ['string', 'null'], format: 'date-time' },
                requiresApproval: { type: 'boolean' },
              },
            },
            participation: {
              oneOf: [ref('Participation'), { type: 'null' }],
            },
            isExempt: {
              type: 'boolean',
              description: 'Curators of the benchmark and site admins need no approval.',
            },
            isApproved: {
              type: 'boolean',
              description: 'Whether you may submit to that phase as far as approval goes.',
            },
          },
        },
        GroundTruthUpload: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            benchmarkSlug: { type: 'string' },
            trackSlug: { type: 'string' },
            testSetSlug: { type: 'string' },
            status: {
              type: 'string',
              enum: ['VALIDATING', 'READY', 'INVALID', 'APPLYING', 'APPLIED', 'SUPERSEDED'],
            },
            fileName: { type: 'string' },
            metadataFileName: { type: ['string', 'null'] },
            preview: {
              type: ['object', 'null'],
              description:
                'Aggregates only: `caseCount`, `labelBalance` [{ label, count }] and `categories` [{ dimension, counts }].',
            },
            error: {
              type: ['object', 'null'],
              description:
                'Why it was rejected: `message`, line-numbered `issues` (line, column, caseId, message; at most 50) and `issueCount`.',
            },
            appliedVersion: {
              type: ['integer', 'null'],
              description: 'The evaluator version the test set has with this truth (APPLIED).',
            },
            createdAt: { type: 'string', format: 'date-time' },
          },
        },
        Submission: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            status: {
              type: 'string',
              enum: ['QUEUED', 'VALIDATING', 'SCORING', 'SCORED', 'FAILED', 'CANCELLED'],
            },
            progress: { type: 'integer' },
            methodName: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            error: {
              type: ['object', 'null'],
              description:
                'Why it failed: `message`, line-numbered `issues` of a rejected file and `issueCount`; for a file that repeats an earlier one of the same team or person, `code: "NEAR_DUPLICATE"` and `nearDuplicate` (the earlier submission, changed cases, the minimum the phase needs). Nothing was scored and it does not count against the quota.',
            },
            evaluations: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  testSetSlug: { type: 'string' },
                  evaluatorVersion: { type: 'integer' },
                  restriction: {
                    type: ['object', 'null'],
                    description:
                      'Why participants do not see the numbers: `hidden-until-close` (with `releaseAt`) or `withheld-by-ladder` (with the team’s `bestReleased` value and the `margin`; never the withheld value).',
                  },
                  scoresShown: {
                    type: 'boolean',
                    description:
                      'False when the numbers are left out for you: the submitting team never sees restricted numbers; the benchmark’s curators and site admins do.',
                  },
                  scores: { type: 'array', items: { type: 'object' } },
                  breakdowns: { type: 'array', items: { type: 'object' } },
                },
              },
            },
          },
        },
      },
    },
  };
}
