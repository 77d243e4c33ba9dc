import { Readable } from 'node:stream';
import {
  REPORTED_COLUMN_LIMITS,
  moderateEntryInputSchema,
  parseReportedCsv,
  validateBenchmarkDefinition,
} from '@medrank/curation';
import { AppError, TEXT_LIMITS } from '@medrank/core';
import { describe, expect, it } from 'vitest';
import { accountFieldsProblem } from '../features/accounts/account-fields';
import { createTokenInputSchema } from '../features/accounts/token-input';
import { parseBoardSearch, parseCategoryFilters } from '../features/leaderboard/board-search';
import { createSubmissionInputSchema } from '../features/submissions/submission-input';

/**
 * Every free-text field a user can send, with its limit and how it is checked. Each one must
 * accept a value of exactly its limit and refuse one character more with an error that names
 * the limit. Adding a free-text field means adding it here.
 */
interface FreeTextField {
  field: string;
  limit: number;
  /** A valid value of `length` characters for this field. */
  value?: (length: number) => string;
  /** The error for `value`, or null when it is accepted. */
  check: (value: string) => string | null | Promise<string | null>;
}

const zodProblem = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? null : (result.error?.issues.map((i) => i.message).join('; ') ?? 'invalid');

const thrown = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
};

const url = (length: number) => `https://example.org/${'a'.repeat(length - 20)}`;
const email = (length: number) => `${'a'.repeat(length - 12)}@example.org`;
const slugText = (length: number) => 'a'.repeat(length);

const submission = (fields: Record<string, string>) =>
  zodProblem(createSubmissionInputSchema.safeParse({ methodName: 'Net', ...fields }));

const minimalDefinition = () => ({
  slug: 'limits',
  title: 'Limits',
  summary: 'A benchmark to test limits.',
  tracks: [
    {
      slug: 'main',
      name: 'Main',
      taskType: 'multiple-choice',
      taskConfig: {},
      metrics: ['vqa_accuracy'],
      primaryMetric: 'vqa_accuracy',
      reportedMetrics: [{ key: 'human', label: 'Human', higherIsBetter: true }],
      testSets: [{ slug: 'test', name: 'Test' }],
    },
  ],
  phases: [{ name: 'Open', opensAt: '2026-01-01' }],
});
type Definition = ReturnType<typeof minimalDefinition>;
const definition = (edit: (d: Definition & Record<string, unknown>) => void) => {
  const d = minimalDefinition() as Definition & Record<string, unknown>;
  edit(d);
  const result = validateBenchmarkDefinition(d);
  return result.ok ? null : result.issues.map((i) => i.message).join('; ');
};

const reportedTrack = {
  id: 't1',
  slug: 'main',
  name: 'Main',
  taskType: 'multiple-choice',
  taskConfig: {},
  metrics: ['vqa_accuracy'],
  reportedMetrics: [],
  testSets: [{ id: 's1', slug: 'test', name: 'Test' }],
};
async function reportedCell(column: keyof typeof REPORTED_COLUMN_LIMITS, value: string) {
  const row: Record<string, string> = {
    model: 'Model',
    institution: 'Lab',
    date: '2025',
    test_set: 'test',
    section: 'main',
    metric: 'vqa_accuracy',
    value: '0.5',
    source_link: 'https://example.org/paper',
    [column]: value,
  };
  const header = Object.keys(row);
  const csv = `${header.join(',')}\n${header.map((k) => row[k]).join(',')}\n`;
  const result = await parseReportedCsv(Readable.from([csv]), [reportedTrack] as never);
  return result.ok ? null : result.issues.map((i) => i.message).join('; ');
}

const FIELDS: FreeTextField[] = [
  {
    field: 'sign-up name',
    limit: TEXT_LIMITS.personName,
    check: (v) => accountFieldsProblem({ name: v }, { isSignUp: true }),
  },
  {
    field: 'update-user name',
    limit: TEXT_LIMITS.personName,
    check: (v) => accountFieldsProblem({ name: v }, { isSignUp: false }),
  },
  {
    field: 'sign-up e-mail',
    limit: TEXT_LIMITS.email,
    value: email,
    check: (v) => accountFieldsProblem({ email: v }, { isSignUp: true }),
  },
  {
    field: 'profile image URL',
    limit: TEXT_LIMITS.url,
    value: url,
    check: (v) => accountFieldsProblem({ image: v }, { isSignUp: false }),
  },
  {
    field: 'API token name',
    limit: TEXT_LIMITS.tokenName,
    check: (v) => zodProblem(createTokenInputSchema.safeParse({ name: v })),
  },
  {
    field: 'method name',
    limit: TEXT_LIMITS.methodName,
    check: (v) => submission({ methodName: v }),
  },
  {
    field: 'method description',
    limit: TEXT_LIMITS.methodNotes,
    check: (v) => submission({ description: v }),
  },
  {
    field: 'training data',
    limit: TEXT_LIMITS.methodNotes,
    check: (v) => submission({ trainingData: v }),
  },
  ...(['codeUrl', 'paperUrl', 'modelUrl'] as const).map((key): FreeTextField => ({
    field: `method card ${key}`,
    limit: TEXT_LIMITS.url,
    value: url,
    check: (v) => submission({ [key]: v }),
  })),
  {
    field: 'board search q',
    limit: TEXT_LIMITS.searchQuery,
    check: (v) => parseBoardSearch({ q: v }).errors.join('; ') || null,
  },
  {
    field: 'subset category filter',
    limit: TEXT_LIMITS.categoryFilter,
    value: (n) => `organ:${'a'.repeat(n - 6)}`,
    check: (v) => thrown(() => parseCategoryFilters([v])),
  },
  {
    field: 'moderation reason',
    limit: TEXT_LIMITS.moderationReason,
    check: (v) =>
      zodProblem(
        moderateEntryInputSchema.safeParse({
          slug: 'b',
          kind: 'verified',
          id: 'x',
          action: 'hide',
          reason: v,
        }),
      ),
  },
  {
    field: 'baseline label',
    limit: TEXT_LIMITS.baselineKind,
    check: (v) =>
      zodProblem(
        moderateEntryInputSchema.safeParse({
          slug: 'b',
          kind: 'verified',
          id: 'x',
          action: 'mark-baseline',
          baselineKind: v,
        }),
      ),
  },
  ...(
    [
      ['title', 200],
      ['summary', 500],
      ['description', 100_000],
      ['modality', 120],
      ['bodyRegion', 120],
      ['citation', 5000],
      ['license', 200],
    ] as const
  ).map(([key, limit]): FreeTextField => ({
    field: `benchmark ${key}`,
    limit,
    check: (v) => definition((d) => (d[key] = v)),
  })),
  ...(['paperUrl', 'dataUrl'] as const).map((key): FreeTextField => ({
    field: `benchmark ${key}`,
    limit: 2000,
    value: url,
    check: (v) => definition((d) => (d[key] = v)),
  })),
  {
    field: 'track name',
    limit: 120,
    check: (v) => definition((d) => (d.tracks[0]!.name = v)),
  },
  {
    field: 'track description',
    limit: 5000,
    check: (v) => definition((d) => Object.assign(d.tracks[0]!, { description: v })),
  },
  {
    field: 'test set name',
    limit: 120,
    check: (v) => definition((d) => (d.tracks[0]!.testSets[0]!.name = v)),
  },
  {
    field: 'test set description',
    limit: 5000,
    check: (v) => definition((d) => Object.assign(d.tracks[0]!.testSets[0]!, { description: v })),
  },
  {
    field: 'category dimension',
    limit: 64,
    check: (v) =>
      definition((d) => Object.assign(d.tracks[0]!.testSets[0]!, { categoryDimensions: [v] })),
  },
  {
    field: 'reported metric label',
    limit: 80,
    check: (v) => definition((d) => (d.tracks[0]!.reportedMetrics[0]!.label = v)),
  },
  {
    field: 'phase name',
    limit: 120,
    check: (v) => definition((d) => (d.phases[0]!.name = v)),
  },
  ...(['model', 'institution', 'model_group', 'dimension', 'baseline'] as const).map(
    (column): FreeTextField => ({
      field: `reported results ${column}`,
      limit: REPORTED_COLUMN_LIMITS[column],
      check: async (v) => {
        // dimension and category go together: give the category too.
        if (column === 'dimension') {
          const problem = await reportedCell(column, v);
          return problem?.includes('dimension and category go together') ? null : problem;
        }
        return reportedCell(column, v);
      },
    }),
  ),
  ...(['source_link', 'model_url'] as const).map((column): FreeTextField => ({
    field: `reported results ${column}`,
    limit: REPORTED_COLUMN_LIMITS[column],
    value: url,
    check: (v) => reportedCell(column, v),
  })),
];

describe('every free-text field has a length limit with a clear error', () => {
  it.each(FIELDS.map((f) => [f.field, f] as const))('%s', async (_name, field) => {
    const make = field.value ?? slugText;
    expect(await field.check(make(field.limit))).toBeNull();
    const problem = await field.check(make(field.limit + 1));
    expect(problem).not.toBeNull();
    expect(problem).toMatch(new RegExp(`\\b${field.limit}\\b`));
  });

  it('refuses a 500,000-character name naming the limit and the length', () => {
    expect(accountFieldsProblem({ name: 'x'.repeat(500_000) }, { isSignUp: true })).toBe(
      'name: at most 100 characters (got 500000)',
    );
  });

  it('refuses more category filters than allowed', () => {
    const many = Array.from({ length: TEXT_LIMITS.categoryFilterCount + 1 }, (_, i) => `d:${i}`);
    expect(thrown(() => parseCategoryFilters(many))).toMatch(/at most 100 category filters/);
  });
});
