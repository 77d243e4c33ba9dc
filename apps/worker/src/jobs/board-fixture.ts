// Test helper (integration tests only): a board built row by row with known scores, replicates
// and per-case values, so rank statistics, read model and board queries can be checked against
// hand-computed values. Needs a client that may write the hidden schema (owner or worker).
import { randomUUID } from 'node:crypto';
import { rankStats, type Database, type Prisma } from '@medrank/db';

export interface FixtureEntry {
  method: string;
  /** Team slug; entries sharing one share the team. Default: a team per entry. */
  team?: string;
  scores: Record<string, number | null>;
  replicates?: Record<string, Float64Array>;
  caseValues?: Record<string, Float64Array>;
  moderation?: 'VISIBLE' | 'HIDDEN' | 'DISQUALIFIED';
  moderationReason?: string;
  baselineKind?: string;
  openWeights?: boolean;
  createdAt?: Date;
  evaluatorVersion?: number;
}

export interface FixtureReported {
  modelName: string;
  scores: Record<string, number>;
  reportedDate?: string;
  institution?: string;
  moderation?: 'VISIBLE' | 'HIDDEN' | 'DISQUALIFIED';
  baselineKind?: string;
  openWeights?: boolean;
}

export interface BoardFixture {
  slug: string;
  benchmarkId: string;
  trackId: string;
  testSetId: string;
  userId: string;
  teamIds: Map<string, string>;
  /** Submission id by method name. */
  ids: Map<string, string>;
  evaluationIds: Map<string, string>;
  reportedIds: Map<string, string>;
  cleanup(): Promise<void>;
}

export async function createBoardFixture(
  db: Database,
  {
    metrics = ['accuracy', 'roc_auc'],
    primaryMetric = metrics[0]!,
    reportedMetrics = [],
    entries,
    reported = [],
    cases = [],
    minCategorySize = 20,
    visibility = 'PUBLIC',
    status = 'PUBLISHED',
    evaluatorVersion = 1,
    taskType = 'classification',
    taskConfig = { classes: ['negative', 'positive'] },
  }: {
    metrics?: string[];
    primaryMetric?: string;
    reportedMetrics?: {
      key: string;
      label?: string;
      higherIsBetter?: boolean;
      decimals?: number;
    }[];
    entries: FixtureEntry[];
    reported?: FixtureReported[];
    cases?: { caseId: string; metadata: Record<string, string> }[];
    minCategorySize?: number;
    visibility?: 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';
    status?: 'DRAFT' | 'PUBLISHED';
    evaluatorVersion?: number;
    taskType?: string;
    taskConfig?: Record<string, unknown>;
  },
): Promise<BoardFixture> {
  const slug = `board-${randomUUID().slice(0, 8)}`;
  const benchmark = await db.benchmark.create({
    data: { slug, title: `Board ${slug}`, summary: 'fixture', taskType, status, minCategorySize },
  });
  const track = await db.track.create({
    data: {
      benchmarkId: benchmark.id,
      slug: 'main',
      name: 'Main',
      taskType,
      taskConfig: taskConfig as Prisma.InputJsonValue,
      metrics,
      primaryMetric,
      reportedMetrics,
    },
  });
  const testSet = await db.testSet.create({
    data: {
      trackId: track.id,
      slug: 'test',
      name: 'Test',
      bootstrapSeed: 11,
      visibility,
      evaluatorVersion,
      caseCount: cases.length,
      categoryDimensions: [...new Set(cases.flatMap((c) => Object.keys(c.metadata)))],
    },
  });
  if (cases.length > 0)
    await db.case.createMany({
      data: cases.map((c) => ({ testSetId: testSet.id, caseId: c.caseId, metadata: c.metadata })),
    });
  await db.phase.create({
    data: { benchmarkId: benchmark.id, name: 'Open', opensAt: new Date(0) },
  });
  const userId = randomUUID();
  await db.user.create({ data: { id: userId, email: `${userId}@example.org`, name: 'fixture' } });
  const teamIds = new Map<string, string>();
  const ids = new Map<string, string>();
  const evaluationIds = new Map<string, string>();
  const reportedIds = new Map<string, string>();
  let clock = Date.UTC(2025, 0, 1);
  for (const e of entries) {
    const teamSlug = e.team ?? `team-${randomUUID().slice(0, 8)}`;
    let teamId = teamIds.get(teamSlug);
    if (!teamId) {
      const team = await db.team.create({
        data: { slug: `${teamSlug}-${slug}`, name: teamSlug },
      });
      teamIds.set(teamSlug, (teamId = team.id));
    }
    clock += 86_400_000;
    const submission = await db.submission.create({
      data: {
        teamId,
        trackId: track.id,
        submittedById: userId,
        methodName: e.method,
        modelSlug: e.method.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        blobKey: `fixture/${randomUUID()}`,
        fileName: 'predictions.csv',
        fileBytes: 1n,
        sha256: 'x',
        status: 'SCORED',
        moderation: e.moderation ?? 'VISIBLE',
        moderationReason: e.moderationReason ?? null,
        baselineKind: e.baselineKind ?? null,
        openWeights: e.openWeights ?? false,
        createdAt: e.createdAt ?? new Date(clock),
      },
    });
    ids.set(e.method, submission.id);
    const evaluation = await db.evaluation.create({
      data: {
        submissionId: submission.id,
        testSetId: testSet.id,
        evaluatorVersion: e.evaluatorVersion ?? evaluatorVersion,
        caseCount: cases.length,
        durationMs: 1,
        scores: {
          create: Object.entries(e.scores).map(([metric, value]) => ({
            metric,
            value,
            ciLow: value === null ? null : value - 0.01,
            ciHigh: value === null ? null : value + 0.01,
            n: cases.length,
          })),
        },
      },
    });
    evaluationIds.set(e.method, evaluation.id);
    for (const [metric, values] of Object.entries(e.replicates ?? {}))
      await db.scoreReplicates.create({
        data: { evaluationId: evaluation.id, metric, values: rankStats.encodeFloat64(values) },
      });
    for (const [metric, values] of Object.entries(e.caseValues ?? {}))
      await db.caseValues.create({
        data: { evaluationId: evaluation.id, metric, values: rankStats.encodeFloat64(values) },
      });
  }
  for (const r of reported) {
    const entry = await db.reportedEntry.create({
      data: {
        benchmarkId: benchmark.id,
        trackId: track.id,
        testSetId: testSet.id,
        modelName: r.modelName,
        modelSlug: r.modelName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        institution: r.institution ?? null,
        reportedDate: r.reportedDate ?? null,
        moderation: r.moderation ?? 'VISIBLE',
        baselineKind: r.baselineKind ?? null,
        openWeights: r.openWeights ?? null,
        scores: {
          create: Object.entries(r.scores).map(([metric, value]) => ({ metric, value })),
        },
      },
    });
    reportedIds.set(r.modelName, entry.id);
  }
  return {
    slug,
    benchmarkId: benchmark.id,
    trackId: track.id,
    testSetId: testSet.id,
    userId,
    teamIds,
    ids,
    evaluationIds,
    reportedIds,
    async cleanup() {
      await db.benchmark.delete({ where: { id: benchmark.id } });
      await db.team.deleteMany({ where: { id: { in: [...teamIds.values()] } } });
      await db.user.delete({ where: { id: userId } });
    },
  };
}
