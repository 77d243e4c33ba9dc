import { TEXT_LIMITS } from '@medrank/core';
import { z } from 'zod';
import {
  RATE_LIMITED,
  UNAUTHORIZED,
  component,
  errorResponse,
  json,
  scoreWithCiSchema,
  slugParams,
  testSetQuery,
  trackQuery,
} from './common';
import { defineOperation } from './operation';

const ACCOUNT_LIMITS =
  'Needs a signed-in account or an API token; each account may ask a limited number of subset and compare questions per minute and per day (both kinds together), and every question is logged for the benchmark’s curators.';

const submissionId = (description: string) =>
  z
    .string({ error: 'a submission id is required' })
    .min(1, 'a submission id is required')
    .max(64)
    .meta({ description });

/**
 * The comparison question. Parsed inside the board-query guard (get-comparison.ts), after the
 * sign-in and allowance checks, so a malformed question is counted and logged like any other.
 */
export const compareQuerySchema = z
  .object({
    track: trackQuery,
    testSet: testSetQuery,
    a: submissionId('Submission id of entry a.'),
    b: submissionId('Submission id of entry b.'),
  })
  .refine((q) => q.a !== q.b, {
    path: ['b'],
    message: 'a and b are the same entry: pick two different entries',
  });

/** The subset question; parsed inside the board-query guard (get-subset-scores.ts). */
export const subsetQuerySchema = z.object({
  track: trackQuery,
  testSet: testSetQuery,
  cat: z
    .array(
      z
        .string()
        .max(
          TEXT_LIMITS.categoryFilter,
          `at most ${TEXT_LIMITS.categoryFilter} characters per filter`,
        ),
    )
    .min(1, 'choose at least one group: cat=<dimension>:<group>')
    .max(
      TEXT_LIMITS.categoryFilterCount,
      `at most ${TEXT_LIMITS.categoryFilterCount} category filters`,
    )
    .meta({
      description:
        '`dimension:group`, repeatable (e.g. `cat=organ:Chest&cat=question_type:Presence · Size`); a single category is accepted when the subset it gives is still a union of whole cells.',
    }),
});

const comparedEntry = z.object({
  id: z.string(),
  methodName: z.string(),
  team: z.string().nullable(),
});

export const comparisonSchema = component(
  'Comparison',
  z.object({
    track: z.string(),
    testSet: z.string(),
    rankedVersion: z.int(),
    method: z.string().meta({ description: 'How the CIs and p-values were computed.' }),
    a: comparedEntry,
    b: comparedEntry,
    metrics: z.array(
      z.object({
        metric: z.string(),
        a: z.number().nullable(),
        b: z.number().nullable(),
        diff: z.number().nullable().meta({ description: 'a − b.' }),
        ciLow: z.number().nullable(),
        ciHigh: z.number().nullable(),
        pValue: z.number().nullable(),
        note: z.string().nullable().meta({
          description:
            'Why there is no comparison (e.g. replicates missing for an entry scored before they were stored); null otherwise.',
        }),
      }),
    ),
    categories: z.array(
      z.object({
        dimension: z.string(),
        category: z.string(),
        metric: z.string(),
        a: z.number().nullable(),
        b: z.number().nullable(),
        delta: z.number().nullable(),
        n: z.int(),
      }),
    ),
  }),
);

export const subsetScoresSchema = component(
  'SubsetScores',
  z.object({
    track: z.string(),
    testSet: z.string(),
    n: z.int().meta({ description: 'Cases in the subset (0, or at least the minimum cell size).' }),
    evaluatorVersion: z.int(),
    method: z.string().meta({ description: 'How the CIs were computed.' }),
    metrics: z.array(z.string()).meta({ description: 'Metrics recomputed on the subset.' }),
    unavailable: z
      .array(z.object({ metric: z.string(), reason: z.string() }))
      .meta({ description: 'Metrics of the track that are not means of per-case values.' }),
    entries: z.array(
      z.object({
        submissionId: z.string(),
        methodName: z.string().nullable(),
        scores: z.record(z.string(), scoreWithCiSchema),
      }),
    ),
  }),
);

export const compareEntries = defineOperation({
  operationId: 'compareEntries',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}/compare',
  summary: 'Paired comparison of two verified entries',
  description:
    'Per metric the paired difference a − b with its 95% CI and p-value (paired bootstrap on stored replicates), per category group the deltas of public breakdown values. Values are rounded to each entry’s stated precision (its phase’s score decimals), the difference and its CI to the coarser of the two, p-values to 3 decimals. ' +
    ACCOUNT_LIMITS,
  tags: ['Analysis'],
  auth: 'account',
  params: slugParams,
  query: compareQuerySchema,
  responses: {
    '200': { description: 'The comparison.', content: json(comparisonSchema) },
    '400': errorResponse('Missing or identical a/b, or a malformed parameter.'),
    '401': UNAUTHORIZED,
    '404': errorResponse('Unknown board, or an entry that is not a verified entry of it.'),
    '409': errorResponse('Scores on this test set are hidden until the phase closes.'),
    '429': RATE_LIMITED,
    '503': errorResponse('No scoring worker answered in time.'),
  },
});

export const getSubsetScores = defineOperation({
  operationId: 'getSubsetScores',
  method: 'get',
  path: '/api/v1/benchmarks/{slug}/subset',
  summary: 'Metrics of every verified entry on a subset of category groups',
  description:
    'Cases are those in the chosen groups of the test set’s disclosure partition (the groups the breakdowns show; a category that is not merged is its own group): groups of one dimension combine with OR, dimensions with AND. Every choice of whole groups is a union of cells of at least the benchmark’s minimum cell size, so no combination of answers isolates fewer cases (see /docs/hidden-data). A subset that cuts through a merged group is refused with the groups to choose whole; refusals never state a subset’s size. Values and CIs are rounded to each entry’s stated precision. ' +
    ACCOUNT_LIMITS,
  tags: ['Analysis'],
  auth: 'account',
  params: slugParams,
  query: subsetQuerySchema,
  responses: {
    '200': { description: 'Recomputed metrics with 95% CIs.', content: json(subsetScoresSchema) },
    '400': errorResponse(
      'Malformed filter, an unknown dimension or group, or a subset that cuts through a merged group.',
    ),
    '401': UNAUTHORIZED,
    '404': errorResponse('Unknown board.'),
    '409': errorResponse('Scores on this test set are hidden until the phase closes.'),
    '429': RATE_LIMITED,
    '503': errorResponse('No scoring worker answered in time.'),
  },
});
