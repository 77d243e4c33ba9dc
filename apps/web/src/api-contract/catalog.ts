import { z } from 'zod';
import { component, dateTime, errorResponse, json, slugParams } from './common';
import { defineOperation } from './operation';

export const benchmarkSummarySchema = component(
  'BenchmarkSummary',
  z.object({
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    taskType: z.string(),
    taskTypes: z
      .array(z.string())
      .meta({ description: 'Every task type of the benchmark’s tracks, in track order.' }),
    modality: z.string().nullable(),
    bodyRegion: z.string().nullable(),
    license: z.string().nullable(),
    caseCount: z.int(),
    entryCount: z.int().meta({
      description:
        'Entries the board lists as it opens (first track, first test set): verified and reported, moderation-hidden ones left out.',
    }),
    verifiedEntryCount: z
      .int()
      .meta({ description: 'Of entryCount, the verified entries (scored by the platform).' }),
    updatedAt: dateTime(),
  }),
);

const testSetSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  visibility: z.enum(['PUBLIC', 'HIDDEN_UNTIL_CLOSE']),
  evaluatorVersion: z.int(),
  bootstrapSeed: z.int().meta({
    description: 'Seed of the bootstrap resampling indices shared by every entry of the test set.',
  }),
  caseCount: z.int(),
});

export const benchmarkSchema = component(
  'Benchmark',
  benchmarkSummarySchema.extend({
    id: z.string(),
    description: z.string(),
    citation: z.string().nullable(),
    paperUrl: z.string().nullable(),
    dataUrl: z.string().nullable(),
    status: z.enum(['DRAFT', 'PUBLISHED']),
    tracks: z.array(
      z.object({
        id: z.string(),
        slug: z.string(),
        name: z.string(),
        taskType: z.string(),
        taskConfig: z.record(z.string(), z.unknown()),
        metrics: z.array(z.string()),
        primaryMetric: z.string(),
        testSets: z.array(testSetSchema),
      }),
    ),
    openPhase: z
      .object({
        id: z.string(),
        name: z.string(),
        dailyQuota: z.int(),
        totalQuota: z.int().nullable(),
        scoreDecimals: z
          .int()
          .meta({ description: 'The stated precision (decimals) scores are stored at.' }),
        ladderMargin: z.number().nullable().meta({ description: 'Null: no Ladder.' }),
        requiresApproval: z.boolean().meta({
          description:
            "Submitting needs a curator's approval of the person (`POST /api/v1/benchmarks/{slug}/participation`).",
        }),
      })
      .nullable()
      .meta({ description: 'The phase open for submissions now, if any.' }),
  }),
);

export const listBenchmarks = defineOperation({
  operationId: 'listBenchmarks',
  method: 'get',
  path: '/api/v1/benchmarks',
  summary: 'The catalog of published benchmarks',
  tags: ['Catalog'],
  responses: {
    '200': {
      description: 'Published benchmarks.',
      content: json(z.object({ benchmarks: z.array(benchmarkSummarySchema) })),
    },
  },
});

export const getBenchmark = defineOperation({
  operationId: 'getBenchmark',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}',
  summary: 'One benchmark with its tracks, metrics and test sets',
  description:
    'Drafts answer only their curators and site admins; everyone else gets the same 404 as for a slug that does not exist.',
  tags: ['Catalog'],
  params: slugParams,
  responses: {
    '200': {
      description: 'The benchmark (public fields).',
      content: json(z.object({ benchmark: benchmarkSchema })),
    },
    '400': errorResponse('The path holds a control character.'),
    '404': errorResponse('No published benchmark with that slug.'),
  },
});

export const getOpenApiDocument = defineOperation({
  operationId: 'getOpenApiDocument',
  method: 'get',
  path: '/api/v1/openapi.json',
  summary: 'This document',
  description: 'Generated from the zod contracts the routes parse and answer with.',
  tags: ['Catalog'],
  responses: {
    '200': {
      description: 'OpenAPI 3.1 document.',
      content: json(
        z.object({
          openapi: z.literal('3.1.0'),
          info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
          servers: z.array(z.object({ url: z.string() })),
          tags: z.array(z.object({ name: z.string(), description: z.string() })),
          paths: z.record(z.string(), z.record(z.string(), z.unknown())),
          components: z.object({
            schemas: z.record(z.string(), z.record(z.string(), z.unknown())),
            securitySchemes: z.record(z.string(), z.record(z.string(), z.unknown())),
          }),
        }),
      ),
    },
  },
});
