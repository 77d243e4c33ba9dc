import { randomInt } from 'node:crypto';
import { AppError } from '@medrank/core';
import type { Database } from '../client.js';
import { Prisma } from '../client.js';
import { withTransaction, type DbClient } from '../transaction.js';

// A benchmark's definition (metadata, tracks, test sets, phases) in database terms. The curation
// package validates definitions and maps them to and from this shape; this module only stores.

export interface ReportedMetricRecord {
  key: string;
  label: string;
  higherIsBetter: boolean;
  decimals?: number;
  description?: string;
}

export interface TestSetRecord {
  slug: string;
  name: string;
  description: string;
  visibility: 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';
  /** Whether the test set's inputs are downloadable (PUBLIC) or read by the worker only. */
  inputs: 'PUBLIC' | 'HIDDEN';
  /** null: not given (create: none yet; update: keep the stored ones, e.g. set by a ground-truth upload). */
  categoryDimensions: string[] | null;
}

export interface TrackRecord {
  slug: string;
  name: string;
  description: string;
  taskType: string;
  taskConfig: Record<string, unknown>;
  metrics: string[];
  primaryMetric: string;
  reportedMetrics: ReportedMetricRecord[];
  testSets: TestSetRecord[];
}

export interface PhaseRecord {
  name: string;
  opensAt: Date;
  closesAt: Date | null;
  dailyQuota: number;
  totalQuota: number | null;
  finalSelection: 'LATEST' | 'BEST' | 'CHOSEN';
  /** Probing defences (docs/curation.md): stated precision, near duplicates, Ladder, approval. */
  scoreDecimals: number;
  nearDuplicateMinCases: number;
  nearDuplicateMinFraction: number;
  ladderMargin: number | null;
  requiresApproval: boolean;
}

export interface BenchmarkRecord {
  slug: string;
  title: string;
  summary: string;
  description: string;
  taskType: string;
  modality: string | null;
  bodyRegion: string | null;
  citation: string | null;
  paperUrl: string | null;
  dataUrl: string | null;
  license: string | null;
  minCategorySize: number;
  tracks: TrackRecord[];
  phases: PhaseRecord[];
}

export interface StoredBenchmarkRecord extends BenchmarkRecord {
  id: string;
  status: 'DRAFT' | 'PUBLISHED';
}

const definitionInclude = {
  tracks: { orderBy: { position: 'asc' }, include: { testSets: { orderBy: { position: 'asc' } } } },
  phases: { orderBy: [{ opensAt: 'asc' }, { name: 'asc' }] },
} satisfies Prisma.BenchmarkInclude;

/** The stored definition of a benchmark (any status), or null for an unknown slug. */
export async function findBySlug(
  db: Database,
  slug: string,
): Promise<StoredBenchmarkRecord | null> {
  const b = await db.benchmark.findUnique({ where: { slug }, include: definitionInclude });
  if (!b) return null;
  return {
    id: b.id,
    status: b.status,
    slug: b.slug,
    title: b.title,
    summary: b.summary,
    description: b.description,
    taskType: b.taskType,
    modality: b.modality,
    bodyRegion: b.bodyRegion,
    citation: b.citation,
    paperUrl: b.paperUrl,
    dataUrl: b.dataUrl,
    license: b.license,
    minCategorySize: b.minCategorySize,
    tracks: b.tracks.map((t) => ({
      slug: t.slug,
      name: t.name,
      description: t.description,
      taskType: t.taskType,
      taskConfig: (t.taskConfig ?? {}) as Record<string, unknown>,
      metrics: t.metrics,
      primaryMetric: t.primaryMetric,
      reportedMetrics: (Array.isArray(t.reportedMetrics)
        ? t.reportedMetrics
        : []) as unknown as ReportedMetricRecord[],
      testSets: t.testSets.map((s) => ({
        slug: s.slug,
        name: s.name,
        description: s.description,
        visibility: s.visibility,
        inputs: s.inputs,
        categoryDimensions: s.categoryDimensions,
      })),
    })),
    phases: b.phases.map((p) => ({
      name: p.name,
      opensAt: p.opensAt,
      closesAt: p.closesAt,
      dailyQuota: p.dailyQuota,
      totalQuota: p.totalQuota,
      finalSelection: p.finalSelection,
      scoreDecimals: p.scoreDecimals,
      nearDuplicateMinCases: p.nearDuplicateMinCases,
      nearDuplicateMinFraction: p.nearDuplicateMinFraction,
      ladderMargin: p.ladderMargin,
      requiresApproval: p.requiresApproval,
    })),
  };
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** A fresh 31-bit bootstrap seed (Postgres `integer` is signed 32-bit). */
const newBootstrapSeed = () => randomInt(1, 2 ** 31 - 1);

async function createTrack(
  tx: DbClient,
  benchmarkId: string,
  track: TrackRecord,
  position: number,
) {
  const created = await tx.track.create({
    data: {
      benchmarkId,
      slug: track.slug,
      name: track.name,
      description: track.description,
      taskType: track.taskType,
      taskConfig: json(track.taskConfig),
      metrics: track.metrics,
      primaryMetric: track.primaryMetric,
      reportedMetrics: json(track.reportedMetrics),
      position,
    },
  });
  for (const [i, set] of track.testSets.entries()) await createTestSet(tx, created.id, set, i);
  return created;
}

function createTestSet(tx: DbClient, trackId: string, set: TestSetRecord, position: number) {
  return tx.testSet.create({
    data: {
      trackId,
      slug: set.slug,
      name: set.name,
      description: set.description,
      visibility: set.visibility,
      inputs: set.inputs,
      categoryDimensions: set.categoryDimensions ?? [],
      bootstrapSeed: newBootstrapSeed(),
      position,
    },
  });
}

const phaseData = (p: PhaseRecord) => ({
  name: p.name,
  opensAt: p.opensAt,
  closesAt: p.closesAt,
  dailyQuota: p.dailyQuota,
  totalQuota: p.totalQuota,
  finalSelection: p.finalSelection,
  scoreDecimals: p.scoreDecimals,
  nearDuplicateMinCases: p.nearDuplicateMinCases,
  nearDuplicateMinFraction: p.nearDuplicateMinFraction,
  ladderMargin: p.ladderMargin,
  requiresApproval: p.requiresApproval,
});

const benchmarkData = (r: Omit<BenchmarkRecord, 'slug' | 'tracks' | 'phases'>) => ({
  title: r.title,
  summary: r.summary,
  description: r.description,
  taskType: r.taskType,
  modality: r.modality,
  bodyRegion: r.bodyRegion,
  citation: r.citation,
  paperUrl: r.paperUrl,
  dataUrl: r.dataUrl,
  license: r.license,
  minCategorySize: r.minCategorySize,
});

/**
 * Creates a benchmark with its tracks, test sets (each with a random bootstrap seed) and phases,
 * makes the creator a curator and writes the audit row, in one transaction.
 * @throws {AppError} CONFLICT when the slug is taken.
 */
export async function create(
  db: Database,
  record: BenchmarkRecord,
  { createdById, status }: { createdById: string | null; status: 'DRAFT' | 'PUBLISHED' },
): Promise<{ id: string; slug: string }> {
  try {
    return await db.$transaction(
      async (tx) => {
        const benchmark = await tx.benchmark.create({
          data: {
            slug: record.slug,
            ...benchmarkData(record),
            status,
            publishedAt: status === 'PUBLISHED' ? new Date() : null,
            createdById,
          },
        });
        for (const [i, track] of record.tracks.entries())
          await createTrack(tx, benchmark.id, track, i);
        if (record.phases.length)
          await tx.phase.createMany({
            data: record.phases.map((p) => ({ benchmarkId: benchmark.id, ...phaseData(p) })),
          });
        if (createdById)
          await tx.benchmarkCurator.create({
            data: { benchmarkId: benchmark.id, userId: createdById, grantedById: createdById },
          });
        await tx.auditLog.create({
          data: {
            actorId: createdById,
            action: 'benchmark.create',
            targetType: 'benchmark',
            targetId: benchmark.id,
            details: json({
              target: `benchmark ${record.slug}`,
              status,
              tracks: record.tracks.map((t) => ({
                slug: t.slug,
                taskType: t.taskType,
                metrics: t.metrics,
                testSets: t.testSets.map((s) => s.slug),
              })),
              phases: record.phases.map((p) => p.name),
            }),
          },
        });
        return { id: benchmark.id, slug: benchmark.slug };
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw new AppError('CONFLICT', `a benchmark with the slug "${record.slug}" already exists`);
    throw error;
  }
}

// ─────────────── a definition update: the use case decides, these load and save ───────────────
// `updateBenchmark` (@medrank/curation) opens the transaction, loads the stored state with
// loadForUpdate, decides what may change and what bumps an evaluator version (its pure rules),
// and saves each change with the functions below. Each of them is one save; the ones that write
// several rows run in a savepoint of the caller's transaction (or a transaction of their own).

export interface StoredTestSetState {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';
  inputs: 'PUBLIC' | 'HIDDEN';
  categoryDimensions: string[];
  position: number;
  /** Cases of the applied ground truth (0: none yet). */
  caseCount: number;
  evaluationCount: number;
  reportedEntryCount: number;
}

export interface StoredTrackState {
  id: string;
  slug: string;
  name: string;
  description: string;
  taskType: string;
  taskConfig: unknown;
  metrics: string[];
  primaryMetric: string;
  reportedMetrics: unknown;
  position: number;
  submissionCount: number;
  reportedEntryCount: number;
  testSets: StoredTestSetState[];
}

export interface StoredPhaseState extends PhaseRecord {
  id: string;
  submissionCount: number;
}

/** A benchmark as a definition update finds it: metadata, tracks, test sets, phases, with counts. */
export interface StoredDefinitionState {
  id: string;
  slug: string;
  metadata: BenchmarkMetadata;
  tracks: StoredTrackState[];
  phases: StoredPhaseState[];
}

/** The benchmark's own fields a definition sets (all but slug, tracks and phases). */
export type BenchmarkMetadata = ReturnType<typeof benchmarkData>;

/**
 * The stored state of a benchmark with what its removal rules need: submissions and reported
 * results per track, evaluations and reported results per test set, submissions per phase.
 */
export async function loadForUpdate(
  db: DbClient,
  benchmarkId: string,
): Promise<StoredDefinitionState> {
  const b = await db.benchmark.findUniqueOrThrow({
    where: { id: benchmarkId },
    include: {
      tracks: {
        include: {
          testSets: {
            include: { _count: { select: { evaluations: true, reportedEntries: true } } },
          },
          _count: { select: { submissions: true, reportedEntries: true } },
        },
      },
      phases: { include: { _count: { select: { submissions: true } } } },
    },
  });
  return {
    id: b.id,
    slug: b.slug,
    metadata: benchmarkData(b),
    tracks: b.tracks.map((t) => ({
      id: t.id,
      slug: t.slug,
      name: t.name,
      description: t.description,
      taskType: t.taskType,
      taskConfig: t.taskConfig,
      metrics: t.metrics,
      primaryMetric: t.primaryMetric,
      reportedMetrics: t.reportedMetrics,
      position: t.position,
      submissionCount: t._count.submissions,
      reportedEntryCount: t._count.reportedEntries,
      testSets: t.testSets.map((s) => ({
        id: s.id,
        slug: s.slug,
        name: s.name,
        description: s.description,
        visibility: s.visibility,
        inputs: s.inputs,
        categoryDimensions: s.categoryDimensions,
        position: s.position,
        caseCount: s.caseCount,
        evaluationCount: s._count.evaluations,
        reportedEntryCount: s._count.reportedEntries,
      })),
    })),
    phases: b.phases.map((p) => ({
      id: p.id,
      ...phaseData(p),
      submissionCount: p._count.submissions,
    })),
  };
}

export async function updateMetadata(
  db: DbClient,
  benchmarkId: string,
  metadata: BenchmarkMetadata,
): Promise<void> {
  await db.benchmark.update({ where: { id: benchmarkId }, data: metadata });
}

/** Adds a track with its test sets (each with a random bootstrap seed). */
export async function addTrack(
  db: DbClient,
  benchmarkId: string,
  track: TrackRecord,
  position: number,
): Promise<void> {
  await withTransaction(db, (tx) => createTrack(tx, benchmarkId, track, position));
}

export async function updateTrack(
  db: DbClient,
  trackId: string,
  track: Omit<TrackRecord, 'testSets'>,
  position: number,
): Promise<void> {
  await db.track.update({
    where: { id: trackId },
    data: {
      name: track.name,
      description: track.description,
      taskType: track.taskType,
      taskConfig: json(track.taskConfig),
      metrics: track.metrics,
      primaryMetric: track.primaryMetric,
      reportedMetrics: json(track.reportedMetrics),
      position,
    },
  });
}

/** Deletes a track and, by cascade, its test sets. */
export async function removeTrack(db: DbClient, trackId: string): Promise<void> {
  await db.track.delete({ where: { id: trackId } });
}

export async function addTestSet(
  db: DbClient,
  trackId: string,
  set: TestSetRecord,
  position: number,
): Promise<void> {
  await createTestSet(db, trackId, set, position);
}

/** Saves a test set's display fields, visibility, position and category dimensions. */
export async function updateTestSet(
  db: DbClient,
  testSetId: string,
  set: Omit<TestSetRecord, 'categoryDimensions'> & { categoryDimensions: string[] },
  position: number,
): Promise<void> {
  await db.testSet.update({
    where: { id: testSetId },
    data: {
      name: set.name,
      description: set.description,
      visibility: set.visibility,
      inputs: set.inputs,
      categoryDimensions: set.categoryDimensions,
      position,
    },
  });
}

export async function removeTestSet(db: DbClient, testSetId: string): Promise<void> {
  await db.testSet.delete({ where: { id: testSetId } });
}

export async function addPhase(
  db: DbClient,
  benchmarkId: string,
  phase: PhaseRecord,
): Promise<void> {
  await db.phase.create({ data: { benchmarkId, ...phaseData(phase) } });
}

export async function updatePhase(db: DbClient, phaseId: string, phase: PhaseRecord) {
  await db.phase.update({ where: { id: phaseId }, data: phaseData(phase) });
}

export async function removePhase(db: DbClient, phaseId: string): Promise<void> {
  await db.phase.delete({ where: { id: phaseId } });
}

/** What publishing needs to know about each test set: truth, reported results, phases. */
export async function readinessFacts(db: Database, benchmarkId: string) {
  const b = await db.benchmark.findUniqueOrThrow({
    where: { id: benchmarkId },
    include: {
      tracks: {
        orderBy: { position: 'asc' },
        include: {
          testSets: {
            orderBy: { position: 'asc' },
            include: { _count: { select: { reportedEntries: true } } },
          },
        },
      },
      _count: { select: { phases: true } },
    },
  });
  return {
    status: b.status,
    phaseCount: b._count.phases,
    testSets: b.tracks.flatMap((t) =>
      t.testSets.map((s) => ({
        track: t.slug,
        testSet: s.slug,
        // caseCount is set when ground truth is applied (public: the web role may read it).
        hasGroundTruth: s.caseCount > 0,
        reportedEntryCount: s._count.reportedEntries,
      })),
    ),
  };
}

export async function publish(
  db: Database,
  benchmarkId: string,
  { actorId }: { actorId: string },
): Promise<{ publishedAt: string; changed: boolean }> {
  return db.$transaction(async (tx) => {
    const b = await tx.benchmark.findUniqueOrThrow({ where: { id: benchmarkId } });
    if (b.status === 'PUBLISHED')
      return { publishedAt: (b.publishedAt ?? b.updatedAt).toISOString(), changed: false };
    const updated = await tx.benchmark.update({
      where: { id: benchmarkId },
      data: { status: 'PUBLISHED', publishedAt: new Date() },
    });
    await tx.auditLog.create({
      data: {
        actorId,
        action: 'benchmark.publish',
        targetType: 'benchmark',
        targetId: benchmarkId,
        details: json({ target: `benchmark ${b.slug}` }),
      },
    });
    return { publishedAt: (updated.publishedAt ?? updated.updatedAt).toISOString(), changed: true };
  });
}

/** What deleting a draft removed, and the stored files its rows referred to. */
export interface DeletedDraft {
  slug: string;
  tracks: number;
  testSets: number;
  /** Test sets that had ground truth (hidden rows removed with them). */
  testSetsWithGroundTruth: number;
  groundTruthUploads: number;
  reportedEntries: number;
  phases: number;
  /** Blob-store keys of the draft's ground-truth and case-metadata files, to remove after commit. */
  blobKeys: string[];
}

/**
 * Deletes a DRAFT benchmark and everything it owns in one transaction, with an audit row:
 * tracks, test sets, public cases, hidden ground truth (the foreign keys cascade, as the table
 * owner, so the web role needs no access to `hidden`), ground-truth uploads, rescore runs,
 * phases, participation requests, curator grants, reported results and the board-query log.
 * The benchmark row is locked first, so a publish that commits before this finds it published
 * (CONFLICT) and one that comes after finds nothing. A draft cannot take submissions; one that
 * has some anyway is refused, since their files and hidden fingerprints are not the web's to
 * remove. The audit log is kept.
 * @throws {AppError} NOT_FOUND (gone), CONFLICT (published, or has submissions).
 */
export async function deleteDraft(
  db: Database,
  benchmarkId: string,
  { actorId }: { actorId: string },
): Promise<DeletedDraft> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ slug: string; status: string }[]>`
        SELECT slug, status::text AS status FROM public.benchmarks WHERE id = ${benchmarkId} FOR UPDATE`;
      const row = locked[0];
      if (!row) throw new AppError('NOT_FOUND', 'no such benchmark');
      if (row.status !== 'DRAFT')
        throw new AppError(
          'CONFLICT',
          `"${row.slug}" is published and cannot be deleted; hide or disqualify its entries instead`,
        );
      const b = await tx.benchmark.findUniqueOrThrow({
        where: { id: benchmarkId },
        include: {
          tracks: {
            include: {
              testSets: {
                select: {
                  caseCount: true,
                  groundTruthUploads: { select: { blobKey: true, metadataBlobKey: true } },
                },
              },
              _count: { select: { submissions: true } },
            },
          },
          _count: { select: { phases: true, reportedEntries: true } },
        },
      });
      const submissionCount = b.tracks.reduce((n, t) => n + t._count.submissions, 0);
      if (submissionCount > 0)
        throw new AppError(
          'CONFLICT',
          `"${b.slug}" has ${submissionCount} submission(s) and cannot be deleted`,
        );
      const testSets = b.tracks.flatMap((t) => t.testSets);
      const uploads = testSets.flatMap((s) => s.groundTruthUploads);
      const deleted: DeletedDraft = {
        slug: b.slug,
        tracks: b.tracks.length,
        testSets: testSets.length,
        testSetsWithGroundTruth: testSets.filter((s) => s.caseCount > 0).length,
        groundTruthUploads: uploads.length,
        reportedEntries: b._count.reportedEntries,
        phases: b._count.phases,
        blobKeys: [
          ...new Set(
            uploads.flatMap((u) =>
              u.metadataBlobKey ? [u.blobKey, u.metadataBlobKey] : [u.blobKey],
            ),
          ),
        ],
      };
      // No foreign key: the log names the benchmark by id only.
      await tx.boardQueryLog.deleteMany({ where: { benchmarkId } });
      await tx.benchmark.delete({ where: { id: benchmarkId } });
      await tx.auditLog.create({
        data: {
          actorId,
          action: 'benchmark.delete',
          targetType: 'benchmark',
          targetId: benchmarkId,
          details: json({
            target: `benchmark ${b.slug}`,
            title: b.title,
            tracks: b.tracks.map((t) => t.slug),
            testSets: deleted.testSets,
            testSetsWithGroundTruth: deleted.testSetsWithGroundTruth,
            groundTruthUploads: deleted.groundTruthUploads,
            reportedEntries: deleted.reportedEntries,
            phases: deleted.phases,
            files: deleted.blobKeys.length,
          }),
        },
      });
      return deleted;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** Ids of a benchmark's track and test set by slugs, or null. */
export async function findTestSet(
  db: Database,
  benchmarkId: string,
  trackSlug: string,
  testSetSlug: string,
) {
  const set = await db.testSet.findFirst({
    where: { slug: testSetSlug, track: { slug: trackSlug, benchmarkId } },
    select: {
      id: true,
      slug: true,
      name: true,
      evaluatorVersion: true,
      caseCount: true,
      categoryDimensions: true,
      track: { select: { id: true, slug: true, taskType: true, taskConfig: true } },
    },
  });
  if (!set) return null;
  return {
    testSetId: set.id,
    testSetSlug: set.slug,
    testSetName: set.name,
    evaluatorVersion: set.evaluatorVersion,
    caseCount: set.caseCount,
    categoryDimensions: set.categoryDimensions,
    trackId: set.track.id,
    trackSlug: set.track.slug,
    taskType: set.track.taskType,
    taskConfig: (set.track.taskConfig ?? {}) as Record<string, unknown>,
  };
}

/** A benchmark's tracks and test sets with their ids (for imports that name them by slug). */
export async function listTracks(db: Database, benchmarkId: string) {
  const tracks = await db.track.findMany({
    where: { benchmarkId },
    orderBy: { position: 'asc' },
    include: {
      testSets: { orderBy: { position: 'asc' }, select: { id: true, slug: true, name: true } },
    },
  });
  return tracks.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    taskType: t.taskType,
    taskConfig: (t.taskConfig ?? {}) as Record<string, unknown>,
    metrics: t.metrics,
    reportedMetrics: (Array.isArray(t.reportedMetrics)
      ? t.reportedMetrics
      : []) as unknown as ReportedMetricRecord[],
    testSets: t.testSets,
  }));
}
