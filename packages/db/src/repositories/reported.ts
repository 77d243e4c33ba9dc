import { randomUUID } from 'node:crypto';
import type { Database } from '../client.js';
import { type Prisma } from '../client.js';

export interface ReportedEntryInput {
  trackId: string;
  testSetId: string;
  modelName: string;
  modelSlug: string;
  /** Optional fields: a value overwrites, `undefined` keeps what a previous import stored. */
  institution?: string;
  reportedDate?: string;
  sourceUrl?: string;
  modelUrl?: string;
  modelGroup?: string;
  parameterCount?: string;
  openWeights?: boolean;
  baselineKind?: string;
  scores: { metric: string; dimension: string; category: string; value: number }[];
}

/**
 * Upserts published results in one transaction: entries by (test set, model name), scores by
 * (entry, metric, dimension, category), so importing the same file twice changes nothing.
 * Moderation of existing entries is kept. Writes one audit row.
 */
export async function upsertMany(
  db: Database,
  {
    benchmarkId,
    entries,
    actorId,
    target,
    fileName,
  }: {
    benchmarkId: string;
    entries: ReportedEntryInput[];
    actorId: string;
    target: string;
    fileName: string;
  },
): Promise<{ entriesCreated: number; entriesUpdated: number; scores: number }> {
  return db.$transaction(
    async (tx) => {
      let entriesCreated = 0;
      let entriesUpdated = 0;
      let scores = 0;
      for (const e of entries) {
        const optional = {
          institution: e.institution,
          reportedDate: e.reportedDate,
          sourceUrl: e.sourceUrl,
          modelUrl: e.modelUrl,
          modelGroup: e.modelGroup,
          parameterCount: e.parameterCount,
          openWeights: e.openWeights,
          baselineKind: e.baselineKind,
        };
        const existing = await tx.reportedEntry.findUnique({
          where: { testSetId_modelName: { testSetId: e.testSetId, modelName: e.modelName } },
          select: { id: true },
        });
        const entry = existing
          ? await tx.reportedEntry.update({
              where: { id: existing.id },
              data: { modelSlug: e.modelSlug, ...optional },
              select: { id: true },
            })
          : await tx.reportedEntry.create({
              data: {
                benchmarkId,
                trackId: e.trackId,
                testSetId: e.testSetId,
                modelName: e.modelName,
                modelSlug: e.modelSlug,
                ...optional,
              },
              select: { id: true },
            });
        if (existing) entriesUpdated++;
        else entriesCreated++;
        if (e.scores.length === 0) continue;
        // One statement per entry: a board of hundreds of categories stays a few round trips.
        scores += await tx.$executeRaw`
          INSERT INTO "reported_scores" ("id", "entryId", "metric", "dimension", "category", "value")
          SELECT u.id, ${entry.id}, u.metric, u.dimension, u.category, u.value
          FROM unnest(
            ${e.scores.map(() => randomUUID())}::text[],
            ${e.scores.map((s) => s.metric)}::text[],
            ${e.scores.map((s) => s.dimension)}::text[],
            ${e.scores.map((s) => s.category)}::text[],
            ${e.scores.map((s) => s.value)}::double precision[]
          ) AS u(id, metric, dimension, category, value)
          ON CONFLICT ("entryId", "metric", "dimension", "category")
          DO UPDATE SET "value" = EXCLUDED."value"`;
      }
      await tx.auditLog.create({
        data: {
          actorId,
          action: 'reported.import',
          targetType: 'benchmark',
          targetId: benchmarkId,
          details: {
            target,
            fileName,
            entriesCreated,
            entriesUpdated,
            scores,
          } as Prisma.InputJsonValue,
        },
      });
      return { entriesCreated, entriesUpdated, scores };
    },
    { timeout: 5 * 60_000, maxWait: 30_000 },
  );
}

export interface ReportedEntryDto {
  id: string;
  trackSlug: string;
  testSetSlug: string;
  modelName: string;
  modelSlug: string;
  institution: string | null;
  reportedDate: string | null;
  sourceUrl: string | null;
  modelUrl: string | null;
  modelGroup: string | null;
  parameterCount: string | null;
  openWeights: boolean | null;
  baselineKind: string | null;
  moderation: 'VISIBLE' | 'HIDDEN' | 'DISQUALIFIED';
  moderationReason: string | null;
  scores: { metric: string; dimension: string; category: string; value: number }[];
}

/** A benchmark's reported entries with their scores (for curation pages and tests). */
export async function listForBenchmark(
  db: Database,
  benchmarkId: string,
): Promise<ReportedEntryDto[]> {
  const rows = await db.reportedEntry.findMany({
    where: { benchmarkId },
    include: {
      scores: { orderBy: [{ metric: 'asc' }, { dimension: 'asc' }, { category: 'asc' }] },
      track: { select: { slug: true, position: true } },
      testSet: { select: { slug: true, position: true } },
    },
  });
  rows.sort(
    (a, b) =>
      a.track.position - b.track.position ||
      a.testSet.position - b.testSet.position ||
      a.modelName.localeCompare(b.modelName),
  );
  return rows.map((r) => ({
    id: r.id,
    trackSlug: r.track.slug,
    testSetSlug: r.testSet.slug,
    modelName: r.modelName,
    modelSlug: r.modelSlug,
    institution: r.institution,
    reportedDate: r.reportedDate,
    sourceUrl: r.sourceUrl,
    modelUrl: r.modelUrl,
    modelGroup: r.modelGroup,
    parameterCount: r.parameterCount,
    openWeights: r.openWeights,
    baselineKind: r.baselineKind,
    moderation: r.moderation,
    moderationReason: r.moderationReason,
    scores: r.scores.map((s) => ({
      metric: s.metric,
      dimension: s.dimension,
      category: s.category,
      value: s.value,
    })),
  }));
}
