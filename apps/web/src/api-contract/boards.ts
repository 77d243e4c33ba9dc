import { z } from 'zod';
import { boardSearchFieldSchemas as field } from '../features/leaderboard/board-search';
import {
  component,
  errorResponse,
  json,
  metricQuery,
  scoreWithCiSchema,
  slugParams,
  testSetQuery,
  text,
  trackQuery,
} from './common';
import { defineOperation } from './operation';

export const boardExportSchema = component(
  'BoardExport',
  z.object({
    benchmark: z.object({ slug: z.string(), title: z.string() }),
    track: z.object({ slug: z.string(), name: z.string(), primaryMetric: z.string() }),
    testSet: z.object({
      slug: z.string(),
      name: z.string(),
      caseCount: z.int(),
      rankedVersion: z.int().meta({ description: 'Evaluator version the board ranks on.' }),
      scoresHidden: z.boolean(),
      releaseAt: z.string().nullable().meta({
        format: 'date-time',
        description:
          'When hidden scores are shown (the last phase closes); null when shown or undated.',
      }),
      scoreDecimals: z.array(z.int()).meta({
        description: 'Stated precisions (decimals) of the verified entries’ phases.',
      }),
    }),
    sort: z.object({ metric: z.string(), dir: z.enum(['asc', 'desc']) }),
    metrics: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        higherIsBetter: z.boolean(),
        decimals: z.int(),
      }),
    ),
    entries: z.array(
      z.object({
        kind: z.enum(['verified', 'reported']),
        id: z.string(),
        rank: z.int().nullable(),
        rankLow: z.int().nullable(),
        rankHigh: z.int().nullable(),
        tier: z
          .int()
          .nullable()
          .meta({ description: '1 + the number of entries significantly better.' }),
        methodName: z.string(),
        team: z.string().nullable(),
        institution: z.string().nullable(),
        date: z.string().nullable(),
        openWeights: z.boolean().nullable(),
        baseline: z.string().nullable(),
        disqualified: z.boolean(),
        disqualificationReason: z.string().nullable(),
        scores: z.record(z.string(), scoreWithCiSchema),
        inference: z
          .object({
            kind: z.enum(['onnx', 'endpoint']),
            meanMs: z.number(),
            p50Ms: z.number(),
            p95Ms: z.number(),
          })
          .nullable()
          .meta({
            description:
              'Inference time per case of a model run (`onnx`, on MedRank) or of an endpoint’s round trip (`endpoint`, network included): mean, median and 95th percentile over the whole run, in milliseconds rounded to 0.1. Null for prediction files, reported entries, and verified entries while the test set’s scores are hidden.',
          }),
      }),
    ),
  }),
);

export const boardHistorySchema = component(
  'BoardHistory',
  z.object({
    trackSlug: z.string(),
    testSetSlug: z.string(),
    metric: z.string(),
    higherIsBetter: z.boolean(),
    rankedVersion: z.int(),
    scoresHidden: z.boolean(),
    points: z.array(
      z.object({
        date: z.string(),
        value: z.number(),
        kind: z.enum(['verified', 'reported']),
        id: z.string(),
        methodName: z.string(),
        isRecord: z.boolean(),
      }),
    ),
  }),
);

/** The board page's filters and sort, as the board export reads them. */
const boardFilterQuery = {
  track: trackQuery,
  testSet: testSetQuery,
  sort: field.sort.optional().meta({
    description:
      "Metric key to sort and rank by, one of the board's metrics (another is refused with 400); default the track's primary metric.",
  }),
  dir: field.dir.optional().meta({
    description:
      "Sort direction; default the metric's better direction first. Missing values always sort last.",
  }),
  view: field.view.optional().meta({ description: 'All entries, or the best entry per team.' }),
  q: field.q
    .optional()
    .meta({ description: 'Text in method, team or institution (at most 100 characters).' }),
  team: field.team.optional().meta({ description: 'Team slug.' }),
  openWeights: field.openWeights
    .optional()
    .meta({ description: 'Only entries with (yes) or without (no) open weights.' }),
  from: field.from.optional().meta({ description: 'Earliest entry date (YYYY-MM-DD, inclusive).' }),
  to: field.to.optional().meta({ description: 'Latest entry date (YYYY-MM-DD, inclusive).' }),
  kind: field.kind.optional().meta({
    description: 'Verified (scored by MedRank), reported (published numbers) or both.',
  }),
};

export const boardPageSchema = z
  .object({ page: z.int(), perPage: z.int(), pageCount: z.int(), total: z.int() })
  .meta({ description: 'Only when page or perPage was given.' });

export const getBoard = defineOperation({
  operationId: 'getBoard',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}/board',
  summary: 'One board (track × test set) as JSON or CSV',
  description:
    'Every entry with rank (competition ranking: ties share, missing last), 95% rank interval, significance tier, kind (verified/reported) and each metric’s value and 95% CI. ' +
    'Same filters and sort as the board page. Baselines and disqualified entries have no rank; disqualified entries come last with the public reason. ' +
    'Scores are stored and returned at their phase’s stated precision (`testSet.scoreDecimals`); ties at that precision share a rank. ' +
    'A HIDDEN_UNTIL_CLOSE test set stays hidden until every phase of the benchmark has closed (`releaseAt`): `scoresHidden` is true and no verified scores are returned, to anyone. ' +
    'Entries the Ladder withheld are not listed.',
  tags: ['Boards'],
  params: slugParams,
  query: z.object({
    format: z
      .enum(['json', 'csv'], {
        error: (issue) => `expected "json" or "csv", got "${String(issue.input).slice(0, 20)}"`,
      })
      .default('json')
      .meta({ description: 'Response format.' }),
    ...boardFilterQuery,
    page: field.page.optional().meta({
      description:
        'Optional: one page of the entries (1-based). Without page and perPage the response holds every entry; with either, the JSON adds `page` { page, perPage, pageCount, total }. Ranks stay the board’s.',
    }),
    perPage: field.perPage
      .optional()
      .meta({ description: 'Optional: entries per page (default 50 when paging, at most 200).' }),
  }),
  headers: z.object({
    'If-None-Match': z
      .string()
      .optional()
      .meta({ description: 'An ETag from an earlier response; unchanged boards answer 304.' }),
  }),
  responses: {
    '200': {
      description: 'The board. CSV: RFC 4180 with a header row, served as an attachment.',
      headers: {
        ETag: {
          schema: z.string(),
          description: 'Validator of this body; send it back in If-None-Match.',
        },
        'Cache-Control': {
          schema: z.string(),
          description: 'public, max-age=30 for published boards; private, no-store for drafts.',
        },
      },
      content: {
        ...json(z.object({ board: boardExportSchema, page: boardPageSchema.optional() })),
        ...text('text/csv'),
      },
    },
    '304': { description: 'Not modified: the If-None-Match ETag is current.' },
    '400': errorResponse(
      'A parameter is malformed, or `sort` is not a metric of the board; the message names it and what was expected.',
    ),
    '404': errorResponse('Unknown benchmark, track or test set (or a draft you may not see).'),
  },
});

export const getBoardHistory = defineOperation({
  operationId: 'getBoardHistory',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}/history',
  summary: 'State of the art over time on one board',
  description:
    'Every verified and reported entry with a value on `metric`, oldest first; `isRecord` marks a new best.',
  tags: ['Boards'],
  params: slugParams,
  query: z.object({
    track: trackQuery,
    testSet: testSetQuery,
    metric: metricQuery.meta({
      description:
        "Metric key, one of the board's metrics (another is refused with 400); default the track's primary metric.",
    }),
  }),
  responses: {
    '200': {
      description: 'Timeline points, oldest first; `isRecord` marks a new best.',
      content: json(z.object({ history: boardHistorySchema })),
    },
    '400': errorResponse('A parameter is malformed, or `metric` is not a metric of the board.'),
    '404': errorResponse('Unknown board.'),
  },
});

const svg = text('image/svg+xml');

export const getBadge = defineOperation({
  operationId: 'getBadge',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}/badge',
  summary: 'An embeddable SVG badge of one entry',
  description:
    'Shields-style SVG, e.g. “verified rank 3 of 14 on VQA-RAD · AUROC 0.910 (95% CI 0.890–0.930)”: the rank counts the board’s ranked verified entries. Errors are SVG badges too, with the HTTP status of the error.',
  tags: ['Boards'],
  params: slugParams,
  query: z.object({
    entry: z
      .string({ error: 'the submission id is required' })
      .min(1, 'the submission id is required')
      .meta({ description: 'Submission id of a verified entry.' }),
    metric: metricQuery,
    track: trackQuery,
    testSet: testSetQuery,
  }),
  responses: {
    '200': { description: 'The badge.', content: svg },
    '400': { description: 'Missing entry or unknown metric (as an SVG badge).', content: svg },
    '404': { description: 'Unknown board or entry not on it (as an SVG badge).', content: svg },
  },
});
