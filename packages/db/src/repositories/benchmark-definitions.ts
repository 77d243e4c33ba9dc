import { randomInt } from 'node:crypto';
import { AppError, type DisclosurePartition } from '@medrank/core';
import type { Database } from '../client.js';
import { Prisma } from '../client.js';
import { recomputeInTransaction } from './disclosure.js';
import { bumpEvaluatorVersionInTransaction } from './rescore-runs.js';

// A benchmark's definition (metadata, tracks, test sets, phases) in database terms. The curation
// package validates definitions and maps them to and from this shape; this module only stores.

type Tx = Prisma.TransactionClient;

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

async function createTrack(tx: Tx, benchmarkId: string, track: TrackRecord, position: number) {
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

function createTestSet(tx: Tx, trackId: string, set: TestSetRecord, position: number) {
  return tx.testSet.create({
    data: {
      trackId,
      slug: set.slug,
      name: set.name,
      description: set.description,
      visibility: set.visibility,
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

const benchmarkData = (r: BenchmarkRecord) => ({
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

/** "organ: 3 groups, question_type: 2 groups; 6 cells of at least 20 cases". */
function describeGroups(partition: DisclosurePartition): string {
  const groups = partition.dimensions
    .map((d) => `${d.dimension}: ${d.groups.length} group${d.groups.length === 1 ? '' : 's'}`)
    .join(', ');
  const atoms = partition.atomSizes.length;
  return `${groups}${groups ? '; ' : ''}${atoms} cell${atoms === 1 ? '' : 's'} of at least ${partition.minCellSize} cases`;
}

/** A test set moved to a new evaluator version by a definition change. */
export interface VersionBump {
  track: string;
  testSet: string;
  version: number;
  /**
   * Scored submissions of the track wait for a rescore at the new version (the board keeps its
   * ranking until then). False when nothing was scored: an empty, finished rescore run was
   * recorded and the board moved to the new version at once.
   */
  needsRescore: boolean;
}

export interface DefinitionUpdateResult {
  bumped: VersionBump[];
  changes: string[];
}

const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Brings a benchmark in line with `record` in one transaction: metadata, tracks and test sets
 * matched by slug, phases by name. A change of a track's metrics (as a set), primary metric or
 * task configuration bumps the evaluator version of each of its test sets; so does a change of
 * the minimum cell size or of a test set's category dimensions that changes the test set's
 * disclosure groups (recomputed here); a change of a phase's score decimals bumps every test
 * set of the benchmark. Removing a track,
 * test set or phase that has submissions, evaluations or reported results, or changing the task
 * type of a track with submissions or ground truth, is refused (CONFLICT) and nothing changes.
 */
export async function applyUpdate(
  db: Database,
  benchmarkId: string,
  record: BenchmarkRecord,
  { actorId }: { actorId: string },
): Promise<DefinitionUpdateResult> {
  return db.$transaction(
    async (tx) => {
      const current = await tx.benchmark.findUniqueOrThrow({
        where: { id: benchmarkId },
        include: {
          tracks: {
            include: {
              testSets: true,
              _count: { select: { submissions: true, reportedEntries: true } },
            },
          },
          phases: { include: { _count: { select: { submissions: true } } } },
        },
      });
      if (current.slug !== record.slug)
        throw new AppError(
          'BAD_REQUEST',
          `the definition's slug "${record.slug}" differs from the benchmark's "${current.slug}"; slugs cannot be changed`,
        );
      const changes: string[] = [];
      const bumped: DefinitionUpdateResult['bumped'] = [];
      const minimumChanged = current.minCategorySize !== record.minCategorySize;
      const bumpedTestSetIds = new Set<string>();

      const metadata = benchmarkData(record);
      const changedFields = (Object.keys(metadata) as (keyof typeof metadata)[]).filter(
        (k) => current[k] !== metadata[k],
      );
      if (changedFields.length) {
        await tx.benchmark.update({ where: { id: benchmarkId }, data: metadata });
        changes.push(`benchmark: ${changedFields.join(', ')} changed`);
      }

      // Removed tracks first, so their slugs' test sets are out of the way.
      for (const track of current.tracks) {
        if (record.tracks.some((t) => t.slug === track.slug)) continue;
        if (track._count.submissions > 0 || track._count.reportedEntries > 0)
          throw new AppError(
            'CONFLICT',
            `track "${track.slug}" cannot be removed: it has ${track._count.submissions} submission(s) and ${track._count.reportedEntries} reported result(s); hide or disqualify entries instead`,
          );
        await tx.track.delete({ where: { id: track.id } });
        changes.push(`track ${track.slug}: removed`);
      }

      for (const [position, next] of record.tracks.entries()) {
        const existing = current.tracks.find((t) => t.slug === next.slug);
        if (!existing) {
          await createTrack(tx, benchmarkId, next, position);
          changes.push(`track ${next.slug}: added (${next.testSets.length} test set(s))`);
          continue;
        }
        if (existing.taskType !== next.taskType) {
          const hasTruth = existing.testSets.some((s) => s.caseCount > 0);
          if (existing._count.submissions > 0 || hasTruth)
            throw new AppError(
              'CONFLICT',
              `track "${next.slug}" cannot change its task type from ${existing.taskType} to ${next.taskType}: it has ${existing._count.submissions > 0 ? 'submissions' : 'ground truth'}; add a new track instead`,
            );
        }
        const scoringChanged: string[] = [];
        if (!sameSet(existing.metrics, next.metrics)) scoringChanged.push('metrics');
        if (existing.primaryMetric !== next.primaryMetric) scoringChanged.push('primary metric');
        if (!sameJson(existing.taskConfig, next.taskConfig))
          scoringChanged.push('task configuration');
        if (existing.taskType !== next.taskType) scoringChanged.push('task type');
        const displayChanged =
          existing.name !== next.name ||
          existing.description !== next.description ||
          existing.position !== position ||
          existing.metrics.join('\u0000') !== next.metrics.join('\u0000') ||
          !sameJson(existing.reportedMetrics, next.reportedMetrics);
        if (scoringChanged.length || displayChanged) {
          await tx.track.update({
            where: { id: existing.id },
            data: {
              name: next.name,
              description: next.description,
              taskType: next.taskType,
              taskConfig: json(next.taskConfig),
              metrics: next.metrics,
              primaryMetric: next.primaryMetric,
              reportedMetrics: json(next.reportedMetrics),
              position,
            },
          });
          changes.push(
            `track ${next.slug}: ${[...scoringChanged, ...(displayChanged ? ['display'] : [])].join(', ')} changed`,
          );
        }

        // Test sets of this track.
        for (const set of existing.testSets) {
          if (next.testSets.some((s) => s.slug === set.slug)) continue;
          const [evaluations, reported] = await Promise.all([
            tx.evaluation.count({ where: { testSetId: set.id } }),
            tx.reportedEntry.count({ where: { testSetId: set.id } }),
          ]);
          if (evaluations > 0 || reported > 0)
            throw new AppError(
              'CONFLICT',
              `test set "${next.slug}/${set.slug}" cannot be removed: it has ${evaluations} evaluation(s) and ${reported} reported result(s)`,
            );
          await tx.testSet.delete({ where: { id: set.id } });
          changes.push(`test set ${next.slug}/${set.slug}: removed`);
        }
        for (const [setPosition, nextSet] of next.testSets.entries()) {
          const set = existing.testSets.find((s) => s.slug === nextSet.slug);
          if (!set) {
            await createTestSet(tx, existing.id, nextSet, setPosition);
            changes.push(`test set ${next.slug}/${nextSet.slug}: added`);
            continue;
          }
          const dimensionsChanged =
            nextSet.categoryDimensions !== null &&
            set.categoryDimensions.join('\u0000') !== nextSet.categoryDimensions.join('\u0000');
          if (
            set.name !== nextSet.name ||
            set.description !== nextSet.description ||
            set.visibility !== nextSet.visibility ||
            set.position !== setPosition ||
            dimensionsChanged
          ) {
            await tx.testSet.update({
              where: { id: set.id },
              data: {
                name: nextSet.name,
                description: nextSet.description,
                visibility: nextSet.visibility,
                categoryDimensions: nextSet.categoryDimensions ?? set.categoryDimensions,
                position: setPosition,
              },
            });
            changes.push(
              dimensionsChanged
                ? `test set ${next.slug}/${nextSet.slug}: category dimensions ${set.categoryDimensions.join(', ') || 'none'} → ${nextSet.categoryDimensions!.join(', ') || 'none'}`
                : `test set ${next.slug}/${nextSet.slug}: display changed`,
            );
          }
          const reasons = [...scoringChanged.map((what) => `${what} changed`)];
          // The disclosure partition follows the minimum and the dimensions. Stored breakdowns
          // and per-case answers were computed over the old groups, so new groups mean a new
          // evaluator version: the board keeps the old one (showing only cells that are still
          // groups) until the rescore to the new one has finished.
          if (set.caseCount > 0 && (minimumChanged || dimensionsChanged)) {
            const { partition, cellsChanged } = await recomputeInTransaction(tx, set.id);
            if (cellsChanged && partition) {
              const cause = [
                ...(minimumChanged
                  ? [`minimum cell size ${current.minCategorySize} → ${record.minCategorySize}`]
                  : []),
                ...(dimensionsChanged
                  ? [`category dimensions ${nextSet.categoryDimensions!.join(', ') || 'none'}`]
                  : []),
              ].join('; ');
              reasons.push(`breakdown groups recomputed (${cause})`);
              changes.push(
                `test set ${next.slug}/${nextSet.slug}: breakdown groups recomputed: ${describeGroups(partition)}`,
              );
            }
          }
          if (reasons.length) {
            const { version, emptyRunCreated } = await bumpEvaluatorVersionInTransaction(
              tx,
              set.id,
              { reason: reasons.join('; '), actorId },
            );
            bumped.push({
              track: next.slug,
              testSet: nextSet.slug,
              version,
              needsRescore: !emptyRunCreated,
            });
            bumpedTestSetIds.add(set.id);
          }
        }
      }

      for (const phase of current.phases) {
        if (record.phases.some((p) => p.name === phase.name)) continue;
        if (phase._count.submissions > 0)
          throw new AppError(
            'CONFLICT',
            `phase "${phase.name}" cannot be removed: it has ${phase._count.submissions} submission(s); close it instead (set closesAt)`,
          );
        await tx.phase.delete({ where: { id: phase.id } });
        changes.push(`phase ${phase.name}: removed`);
      }
      const precisionChanges: string[] = [];
      for (const next of record.phases) {
        const phase = current.phases.find((p) => p.name === next.name);
        if (!phase) {
          await tx.phase.create({ data: { benchmarkId, ...phaseData(next) } });
          changes.push(`phase ${next.name}: added`);
        } else if (!sameJson(phaseData(phase), phaseData(next))) {
          await tx.phase.update({ where: { id: phase.id }, data: phaseData(next) });
          changes.push(`phase ${next.name}: changed`);
          if (phase.scoreDecimals !== next.scoreDecimals)
            precisionChanges.push(
              `phase "${next.name}" score decimals ${phase.scoreDecimals} → ${next.scoreDecimals}`,
            );
        }
      }
      // Stored scores are rounded to their phase's precision when written, so a new precision
      // changes stored numbers, like a metric change: every existing test set of the benchmark
      // moves to a new evaluator version, whose rescore writes them at the new precision.
      if (precisionChanges.length) {
        const reason = precisionChanges.join('; ');
        for (const track of current.tracks)
          for (const set of track.testSets) {
            if (bumpedTestSetIds.has(set.id)) continue;
            const stillThere = await tx.testSet.findUnique({
              where: { id: set.id },
              select: { slug: true },
            });
            if (!stillThere) continue;
            const { version, emptyRunCreated } = await bumpEvaluatorVersionInTransaction(
              tx,
              set.id,
              { reason, actorId },
            );
            bumped.push({
              track: track.slug,
              testSet: set.slug,
              version,
              needsRescore: !emptyRunCreated,
            });
            bumpedTestSetIds.add(set.id);
          }
      }

      if (changes.length)
        await tx.auditLog.create({
          data: {
            actorId,
            action: 'benchmark.update',
            targetType: 'benchmark',
            targetId: benchmarkId,
            details: json({ target: `benchmark ${record.slug}`, changes, bumped }),
          },
        });
      return { bumped, changes };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
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
