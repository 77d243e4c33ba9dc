import {
  AppError,
  APPLY_GROUND_TRUTH_JOB,
  CURATION_QUEUE,
  VALIDATE_GROUND_TRUTH_JOB,
  applyGroundTruthJobId,
  validateGroundTruthJobId,
  type FileIssue,
} from '@medrank/core';
import type { Database } from '../client.js';
import { Prisma } from '../client.js';
import { withTransaction, type DbClient } from '../transaction.js';

export type GroundTruthUploadStatus =
  'VALIDATING' | 'READY' | 'INVALID' | 'APPLYING' | 'APPLIED' | 'SUPERSEDED';

export interface GroundTruthPreview {
  caseCount: number;
  /** Cases per class / answer, where the task type has labels; empty otherwise. */
  labelBalance: { label: string; count: number }[];
  categories: { dimension: string; counts: { category: string; count: number }[] }[];
  /**
   * The task type's own summary of the truth (aggregates only), computed by the worker when it
   * validates the upload. Absent on uploads validated before summaries existed.
   */
  summary?: GroundTruthSummary;
}

/** Median and spread of a per-case quantity. */
export interface SpreadSummary {
  min: number;
  p10: number;
  median: number;
  p90: number;
  max: number;
  mean: number;
}

export interface CountRow {
  label: string;
  count: number;
}

/** What the truth of a test set looks like, per task type: counts and spreads, never a case. */
export type GroundTruthSummary =
  | { kind: 'classes'; classes: CountRow[] }
  | {
      kind: 'answers';
      /** The most frequent answers (the first accepted answer of an open question), most first. */
      topAnswers: CountRow[];
      distinctAnswers: number;
      /** Questions per number of options (multiple choice / closed VQA); empty for open VQA. */
      optionCounts: CountRow[];
    }
  | {
      kind: 'masks';
      dimensions: 2 | 3;
      labels: {
        label: string;
        value: number;
        /** Masks in which the label has at least one voxel (pixel). */
        masksContaining: number;
        /** Voxels (pixels) of the label over the masks containing it. */
        voxels: SpreadSummary | null;
        /** Volume in mL (3-D) or area in mm² (2-D) from the masks' spacing. */
        physical: (SpreadSummary & { unit: 'mL' | 'mm²' }) | null;
      }[];
    }
  | {
      kind: 'boxes';
      images: number;
      imagesWithoutBoxes: number;
      boxesPerImage: { mean: number; max: number };
      categories: CountRow[];
      /** Boxes per COCO area range (small < 32², medium < 96², large). */
      boxSizes: CountRow[];
      /** √(width × height) of the boxes, in pixels. */
      boxSidePx: SpreadSummary | null;
    }
  | { kind: 'reports'; sections: { section: string; empty: number; words: SpreadSummary }[] }
  | { kind: 'values'; values: SpreadSummary; histogram: CountRow[] }
  | {
      kind: 'relevance';
      /** Judged documents at or above the track's relevance level, per query. */
      relevantPerQuery: SpreadSummary;
      judgedPerQuery: SpreadSummary;
      queriesWithoutRelevant: number;
      histogram: CountRow[];
    };

export interface GroundTruthUploadError {
  message: string;
  issues: FileIssue[];
  issueCount: number;
}

export interface GroundTruthUploadDto {
  id: string;
  benchmarkId: string;
  benchmarkSlug: string;
  trackSlug: string;
  testSetSlug: string;
  testSetId: string;
  status: GroundTruthUploadStatus;
  fileName: string;
  fileBytes: number;
  sha256: string;
  metadataFileName: string | null;
  preview: GroundTruthPreview | null;
  error: GroundTruthUploadError | null;
  appliedVersion: number | null;
  createdAt: string;
  appliedAt: string | null;
}

const include = {
  testSet: {
    select: {
      slug: true,
      track: { select: { slug: true, benchmark: { select: { id: true, slug: true } } } },
    },
  },
} satisfies Prisma.GroundTruthUploadInclude;
type Row = Prisma.GroundTruthUploadGetPayload<{ include: typeof include }>;

const toDto = (u: Row): GroundTruthUploadDto => ({
  id: u.id,
  benchmarkId: u.testSet.track.benchmark.id,
  benchmarkSlug: u.testSet.track.benchmark.slug,
  trackSlug: u.testSet.track.slug,
  testSetSlug: u.testSet.slug,
  testSetId: u.testSetId,
  status: u.status,
  fileName: u.fileName,
  fileBytes: Number(u.fileBytes),
  sha256: u.sha256,
  metadataFileName: u.metadataFileName,
  preview: (u.preview as GroundTruthPreview | null) ?? null,
  error: (u.error as GroundTruthUploadError | null) ?? null,
  appliedVersion: u.appliedVersion,
  createdAt: u.createdAt.toISOString(),
  appliedAt: u.appliedAt?.toISOString() ?? null,
});

export interface NewGroundTruthUpload {
  testSetId: string;
  uploadedById: string;
  blobKey: string;
  fileName: string;
  fileBytes: number;
  sha256: string;
  metadataBlobKey?: string | null;
  metadataFileName?: string | null;
  /** For the audit row: the benchmark and a readable target ("track x / test set y"). */
  benchmarkId: string;
  target: string;
}

/** Records an upload (VALIDATING) and its validation job in one transaction. */
export async function createWithOutbox(
  db: Database,
  input: NewGroundTruthUpload,
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const upload = await tx.groundTruthUpload.create({
      data: {
        testSetId: input.testSetId,
        uploadedById: input.uploadedById,
        blobKey: input.blobKey,
        fileName: input.fileName,
        fileBytes: BigInt(input.fileBytes),
        sha256: input.sha256,
        metadataBlobKey: input.metadataBlobKey ?? null,
        metadataFileName: input.metadataFileName ?? null,
      },
    });
    await tx.outbox.create({
      data: {
        queue: CURATION_QUEUE,
        jobName: VALIDATE_GROUND_TRUTH_JOB,
        jobId: validateGroundTruthJobId(upload.id),
        payload: { uploadId: upload.id },
      },
    });
    await tx.auditLog.create({
      data: {
        actorId: input.uploadedById,
        action: 'ground-truth.upload',
        targetType: 'benchmark',
        targetId: input.benchmarkId,
        details: {
          target: input.target,
          uploadId: upload.id,
          fileName: input.fileName,
          fileBytes: input.fileBytes,
          sha256: input.sha256,
          metadataFileName: input.metadataFileName ?? null,
        },
      },
    });
    return { id: upload.id };
  });
}

export async function findById(db: Database, id: string): Promise<GroundTruthUploadDto | null> {
  const row = await db.groundTruthUpload.findUnique({ where: { id }, include });
  return row ? toDto(row) : null;
}

/** Uploads of a test set, newest first. */
export async function listForTestSet(
  db: Database,
  testSetId: string,
  { limit = 20 } = {},
): Promise<GroundTruthUploadDto[]> {
  const rows = await db.groundTruthUpload.findMany({
    where: { testSetId },
    include,
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map(toDto);
}

/** What the worker needs to validate or apply an upload (public data only). */
export interface GroundTruthUploadForWorker {
  id: string;
  status: GroundTruthUploadStatus;
  blobKey: string;
  fileName: string;
  metadataBlobKey: string | null;
  metadataFileName: string | null;
  testSetId: string;
  categoryDimensions: string[];
  taskType: string;
  taskConfig: Record<string, unknown>;
}

export async function findForWorker(
  db: Database,
  id: string,
): Promise<GroundTruthUploadForWorker | null> {
  const u = await db.groundTruthUpload.findUnique({
    where: { id },
    include: {
      testSet: {
        select: {
          categoryDimensions: true,
          track: { select: { taskType: true, taskConfig: true } },
        },
      },
    },
  });
  if (!u) return null;
  return {
    id: u.id,
    status: u.status,
    blobKey: u.blobKey,
    fileName: u.fileName,
    metadataBlobKey: u.metadataBlobKey,
    metadataFileName: u.metadataFileName,
    testSetId: u.testSetId,
    categoryDimensions: u.testSet.categoryDimensions,
    taskType: u.testSet.track.taskType,
    taskConfig: (u.testSet.track.taskConfig ?? {}) as Record<string, unknown>,
  };
}

/** Stores the validation outcome; only an upload still VALIDATING changes (a retried job is harmless). */
export async function recordValidation(
  db: Database,
  id: string,
  outcome: { ok: true; preview: GroundTruthPreview } | { ok: false; error: GroundTruthUploadError },
): Promise<boolean> {
  const { count } = await db.groundTruthUpload.updateMany({
    where: { id, status: 'VALIDATING' },
    data: outcome.ok
      ? {
          status: 'READY',
          preview: outcome.preview as unknown as Prisma.InputJsonValue,
          error: Prisma.DbNull,
        }
      : { status: 'INVALID', error: outcome.error as unknown as Prisma.InputJsonValue },
  });
  return count === 1;
}

/**
 * Confirms a READY upload: APPLYING + the apply job (outbox) + audit, in one transaction.
 * Confirming again while it is APPLYING or APPLIED changes nothing.
 * @throws {AppError} CONFLICT when the upload is not READY (still validating, invalid, superseded).
 */
export async function confirm(
  db: Database,
  id: string,
  { actorId, benchmarkId, target }: { actorId: string; benchmarkId: string; target: string },
): Promise<{ status: GroundTruthUploadStatus; enqueued: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'gt-upload:' + id}))`;
    const upload = await tx.groundTruthUpload.findUniqueOrThrow({ where: { id } });
    if (upload.status === 'APPLYING' || upload.status === 'APPLIED')
      return { status: upload.status, enqueued: false };
    if (upload.status !== 'READY')
      throw new AppError(
        'CONFLICT',
        upload.status === 'VALIDATING'
          ? 'the file is still being validated; confirm once its preview is shown'
          : upload.status === 'INVALID'
            ? 'the file was rejected; fix the issues listed and upload it again'
            : 'a newer upload replaced this one',
      );
    await tx.groundTruthUpload.update({ where: { id }, data: { status: 'APPLYING' } });
    await tx.outbox.create({
      data: {
        queue: CURATION_QUEUE,
        jobName: APPLY_GROUND_TRUTH_JOB,
        jobId: applyGroundTruthJobId(id),
        payload: { uploadId: id },
      },
    });
    await tx.auditLog.create({
      data: {
        actorId,
        action: 'ground-truth.confirm',
        targetType: 'benchmark',
        targetId: benchmarkId,
        details: { target, uploadId: id, fileName: upload.fileName, sha256: upload.sha256 },
      },
    });
    return { status: 'APPLYING' as const, enqueued: true };
  });
}

/**
 * Serialises everything done to one upload (confirming, applying) until the caller's
 * transaction ends: a second apply job waits here, then finds the upload APPLIED.
 */
export async function lockUpload(db: DbClient, id: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'gt-upload:' + id}))`;
}

/** What applying an upload needs to know about it and its test set (public data only). */
export interface GroundTruthUploadToApply {
  id: string;
  status: GroundTruthUploadStatus;
  /** Null once the uploader's account was deleted; the apply still happens, audited to nobody. */
  uploadedById: string | null;
  createdAt: Date;
  testSetId: string;
  testSetSlug: string;
  trackSlug: string;
  benchmarkId: string;
  /** The test set's cases and evaluator version as stored before this upload. */
  caseCount: number;
  evaluatorVersion: number;
}

export async function findToApply(db: DbClient, id: string): Promise<GroundTruthUploadToApply> {
  const upload = await db.groundTruthUpload.findUniqueOrThrow({
    where: { id },
    include: {
      testSet: {
        select: {
          slug: true,
          caseCount: true,
          evaluatorVersion: true,
          track: { select: { slug: true, benchmarkId: true } },
        },
      },
    },
  });
  return {
    id: upload.id,
    status: upload.status,
    uploadedById: upload.uploadedById,
    createdAt: upload.createdAt,
    testSetId: upload.testSetId,
    testSetSlug: upload.testSet.slug,
    trackSlug: upload.testSet.track.slug,
    benchmarkId: upload.testSet.track.benchmarkId,
    caseCount: upload.testSet.caseCount,
    evaluatorVersion: upload.testSet.evaluatorVersion,
  };
}

export interface CaseToApply {
  caseId: string;
  truth: Record<string, unknown>;
  metadata: Record<string, string>;
}

/**
 * Replaces a test set's public cases and hidden ground truth (worker role: writes the hidden
 * schema), its case count and category dimensions. The caller holds the test set's lock
 * (`disclosure.lockTestSetInTransaction`) and recomputes the disclosure partition afterwards.
 */
export async function replaceCases(
  db: DbClient,
  testSetId: string,
  { cases, categoryDimensions }: { cases: readonly CaseToApply[]; categoryDimensions: string[] },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.groundTruth.deleteMany({ where: { testSetId } });
    await tx.case.deleteMany({ where: { testSetId } });
    const CHUNK = 5_000;
    for (let i = 0; i < cases.length; i += CHUNK) {
      const chunk = cases.slice(i, i + CHUNK);
      await tx.case.createMany({
        data: chunk.map((c) => ({ testSetId, caseId: c.caseId, metadata: c.metadata })),
      });
      await tx.groundTruth.createMany({
        data: chunk.map((c) => ({
          testSetId,
          caseId: c.caseId,
          payload: c.truth as Prisma.InputJsonValue,
        })),
      });
    }
    await tx.testSet.update({
      where: { id: testSetId },
      data: { caseCount: cases.length, categoryDimensions },
    });
  });
}

/**
 * Marks an upload APPLIED at `version`, and the test set's older READY or APPLIED uploads
 * SUPERSEDED (a newer file replaced them).
 */
export async function markApplied(
  db: DbClient,
  upload: Pick<GroundTruthUploadToApply, 'id' | 'testSetId' | 'createdAt'>,
  version: number,
): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.groundTruthUpload.update({
      where: { id: upload.id },
      data: { status: 'APPLIED', appliedVersion: version, appliedAt: new Date() },
    });
    await tx.groundTruthUpload.updateMany({
      where: {
        testSetId: upload.testSetId,
        id: { not: upload.id },
        status: { in: ['READY', 'APPLIED'] },
        createdAt: { lte: upload.createdAt },
      },
      data: { status: 'SUPERSEDED' },
    });
  });
}

/** After the apply job failed for good: back to READY with the reason, so it can be confirmed again. */
export async function recordApplyFailure(db: Database, id: string, message: string): Promise<void> {
  await db.groundTruthUpload.updateMany({
    where: { id, status: 'APPLYING' },
    data: {
      status: 'READY',
      error: { message, issues: [], issueCount: 0 } as unknown as Prisma.InputJsonValue,
    },
  });
}

/** After the validation job failed for good (not a bad file: an internal error). */
export async function recordValidationFailure(
  db: Database,
  id: string,
  message: string,
): Promise<void> {
  await db.groundTruthUpload.updateMany({
    where: { id, status: 'VALIDATING' },
    data: {
      status: 'INVALID',
      error: { message, issues: [], issueCount: 0 } as unknown as Prisma.InputJsonValue,
    },
  });
}
