// Helpers for integration and end-to-end tests against real Postgres (never a mock). Tests use
// their own database (`medrank_test`, `medrank_e2e`) on the server given by TEST_POSTGRES_URL.
import { randomUUID } from 'node:crypto';
import type { Database } from '../client.js';
import { replaceForTestSet } from '../repositories/ground-truth.js';
import { createPersonalTeam } from '../repositories/teams.js';
import { roleDatabaseUrls } from '../urls.js';

export function testPostgresServer(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Database of the integration tests: `medrank_test`, or MEDRANK_TEST_DATABASE (parallel checkouts). */
export function testDatabaseName(env: NodeJS.ProcessEnv = process.env): string {
  return env.MEDRANK_TEST_DATABASE ?? 'medrank_test';
}

export function testDatabaseUrls(
  database = testDatabaseName(),
  env: NodeJS.ProcessEnv = process.env,
) {
  return roleDatabaseUrls(testPostgresServer(env), database);
}

export function testRedisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A queue prefix of its own, so a test never sees another run's jobs. */
export const uniqueQueuePrefix = (label: string) => `test-${label}-${randomUUID().slice(0, 8)}`;

export interface FixtureBenchmark {
  benchmarkId: string;
  slug: string;
  trackId: string;
  testSetId: string;
  phaseId: string;
}

/** A published binary-classification benchmark with hidden labels. Needs an owner or worker client. */
export async function createClassificationBenchmark(
  db: Database,
  {
    cases,
    classes = ['negative', 'positive'],
    slug = `fixture-${randomUUID().slice(0, 8)}`,
    dailyQuota = 100,
    phase: phaseSettings = {},
  }: {
    cases: { caseId: string; label: string }[];
    classes?: string[];
    slug?: string;
    dailyQuota?: number;
    /** Other phase settings (defaults: the schema's, e.g. near-duplicate detection on at 10 / 1 %). */
    phase?: {
      totalQuota?: number | null;
      nearDuplicateMinCases?: number;
      nearDuplicateMinFraction?: number;
      requiresApproval?: boolean;
    };
  },
): Promise<FixtureBenchmark> {
  const benchmark = await db.benchmark.create({
    data: {
      slug,
      title: `Fixture ${slug}`,
      summary: 'Integration test fixture',
      taskType: 'classification',
      status: 'PUBLISHED',
    },
  });
  const track = await db.track.create({
    data: {
      benchmarkId: benchmark.id,
      slug: 'main',
      name: 'Main',
      taskType: 'classification',
      taskConfig: { classes, positiveClass: classes[1] ?? null },
      metrics: ['roc_auc', 'accuracy'],
      primaryMetric: 'roc_auc',
    },
  });
  const testSet = await db.testSet.create({
    data: { trackId: track.id, slug: 'test', name: 'Test', bootstrapSeed: 7 },
  });
  await replaceForTestSet(
    db,
    testSet.id,
    cases.map((c) => ({ caseId: c.caseId, truth: { label: c.label } })),
  );
  const phase = await db.phase.create({
    data: {
      benchmarkId: benchmark.id,
      name: 'Open',
      opensAt: new Date(0),
      dailyQuota,
      ...phaseSettings,
    },
  });
  return {
    benchmarkId: benchmark.id,
    slug,
    trackId: track.id,
    testSetId: testSet.id,
    phaseId: phase.id,
  };
}

/** Phase settings that turn near-duplicate detection off, for tests that resubmit one file on purpose. */
export const NEAR_DUPLICATE_CHECK_OFF = {
  nearDuplicateMinCases: 0,
  nearDuplicateMinFraction: 0,
} as const;

/** A user with a personal team (no password: tests that need sign-in use the HTTP API). */
export async function createUserWithTeam(
  db: Database,
  email = `user-${randomUUID().slice(0, 8)}@example.org`,
) {
  const id = randomUUID();
  await db.user.create({ data: { id, email, name: email.split('@')[0]!, emailVerified: false } });
  const team = await createPersonalTeam(db, { id, name: email.split('@')[0]!, email });
  return { userId: id, email, teamId: team.id, teamSlug: team.slug };
}
