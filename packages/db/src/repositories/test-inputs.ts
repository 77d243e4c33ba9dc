// Test inputs of a test set (images, volumes, question texts; never truth): curators' uploads and
// the confirmed one per test set. The zip's blob key never leaves this module except to the
// worker (`findForWorker`) and to the public download (`findPublicDownload`), which returns it
// only while the test set's inputs are PUBLIC on a published benchmark.
import {
  AppError,
  CURATION_QUEUE,
  VALIDATE_TEST_INPUTS_JOB,
  validateTestInputsJobId,
  type FileIssue,
} from '@medrank/core';
import type { Database } from '../client.js';
import { Prisma } from '../client.js';

export type TestInputsUploadStatus = 'VALIDATING' | 'READY' | 'INVALID' | 'APPLIED' | 'SUPERSEDED';

/** What a validated upload holds: aggregates of the curator's own files, nothing hidden. */
export interface TestInputsPreview {
  caseCount: number;
  /** Distinct files the manifest names (cases may share one image). */
  fileCount: number;
  /** Uncompressed bytes of those files. */
  inputBytes: number;
  manifestName: string;
  manifestColumns: string[];
}

export interface TestInputsUploadError {
  message: string;
  issues: FileIssue[];
  issueCount: number;
}

export interface TestInputsUploadDto {
  id: string;
  benchmarkId: string;
  benchmarkSlug: string;
  trackSlug: string;
  testSetSlug: string;
  testSetId: string;
  /** The test set's inputs visibility now (the definition's `inputs`). */
  visibility: 'PUBLIC' | 'HIDDEN';
  status: TestInputsUploadStatus;
  fileName: string;
  fileBytes: number;
  sha256: string;
  preview: TestInputsPreview | null;
  error: TestInputsUploadError | null;
  createdAt: string;
  appliedAt: string | null;
}

const include = {
  testSet: {
    select: {
      slug: true,
      inputs: true,
      track: { select: { slug: true, benchmark: { select: { id: true, slug: true } } } },
    },
  },
} satisfies Prisma.TestInputsUploadInclude;
type Row = Prisma.TestInputsUploadGetPayload<{ include: typeof include }>;

const toDto = (u: Row): TestInputsUploadDto => ({
  id: u.id,
  benchmarkId: u.testSet.track.benchmark.id,
  benchmarkSlug: u.testSet.track.benchmark.slug,
  trackSlug: u.testSet.track.slug,
  testSetSlug: u.testSet.slug,
  testSetId: u.testSetId,
  visibility: u.testSet.inputs,
  // APPLYING is part of the shared status enum but never set for inputs.
  status: u.status === 'APPLYING' ? 'READY' : u.status,
  fileName: u.fileName,
  fileBytes: Number(u.fileBytes),
  sha256: u.sha256,
  preview: (u.preview as TestInputsPreview | null) ?? null,
  error: (u.error as TestInputsUploadError | null) ?? null,
  createdAt: u.createdAt.toISOString(),
  appliedAt: u.appliedAt?.toISOString() ?? null,
});

export interface NewTestInputsUpload {
  testSetId: string;
  uploadedById: string;
  blobKey: string;
  fileName: string;
  fileBytes: number;
  sha256: string;
  /** For the audit row: the benchmark and a readable target ("track x / test set y"). */
  benchmarkId: string;
  target: string;
}

/** Records an upload (VALIDATING), its validation job (outbox) and an audit row in one transaction. */
export async function createWithOutbox(
  db: Database,
  input: NewTestInputsUpload,
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const upload = await tx.testInputsUpload.create({
      data: {
        testSetId: input.testSetId,
        uploadedById: input.uploadedById,
        blobKey: input.blobKey,
        fileName: input.fileName,
        fileBytes: BigInt(input.fileBytes),
        sha256: input.sha256,
      },
    });
    await tx.outbox.create({
      data: {
        queue: CURATION_QUEUE,
        jobName: VALIDATE_TEST_INPUTS_JOB,
        jobId: validateTestInputsJobId(upload.id),
        payload: { uploadId: upload.id },
      },
    });
    await tx.auditLog.create({
      data: {
        actorId: input.uploadedById,
        action: 'test-inputs.upload',
        targetType: 'benchmark',
        targetId: input.benchmarkId,
        details: {
          target: input.target,
          uploadId: upload.id,
          fileName: input.fileName,
          fileBytes: input.fileBytes,
          sha256: input.sha256,
        },
      },
    });
    return { id: upload.id };
  });
}

export async function findById(db: Database, id: string): Promise<TestInputsUploadDto | null> {
  const row = await db.testInputsUpload.findUnique({ where: { id }, include });
  return row ? toDto(row) : null;
}

/** What the worker needs to validate an upload: the zip and the test set's case ids. */
export interface TestInputsUploadForWorker {
  id: string;
  status: TestInputsUploadStatus | 'APPLYING';
  blobKey: string;
  testSetId: string;
  caseIds: string[];
}

export async function findForWorker(
  db: Database,
  id: string,
): Promise<TestInputsUploadForWorker | null> {
  const u = await db.testInputsUpload.findUnique({
    where: { id },
    select: { id: true, status: true, blobKey: true, testSetId: true },
  });
  if (!u) return null;
  return { ...u, caseIds: await caseIdsOf(db, u.testSetId) };
}

/** A test set's case ids (public), in id order. */
export async function caseIdsOf(db: Database, testSetId: string): Promise<string[]> {
  const cases = await db.case.findMany({
    where: { testSetId },
    select: { caseId: true },
    orderBy: { caseId: 'asc' },
  });
  return cases.map((c) => c.caseId);
}

/** Stores the validation outcome; only an upload still VALIDATING changes (a retried job is harmless). */
export async function recordValidation(
  db: Database,
  id: string,
  outcome: { ok: true; preview: TestInputsPreview } | { ok: false; error: TestInputsUploadError },
): Promise<boolean> {
  const { count } = await db.testInputsUpload.updateMany({
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

/** After the validation job failed for good (an internal error or a limit, not a bad manifest). */
export async function recordValidationFailure(
  db: Database,
  id: string,
  message: string,
): Promise<void> {
  await db.testInputsUpload.updateMany({
    where: { id, status: 'VALIDATING' },
    data: {
      status: 'INVALID',
      error: { message, issues: [], issueCount: 0 } as unknown as Prisma.InputJsonValue,
    },
  });
}

/**
 * Makes a READY upload the test set's inputs: APPLIED, the test set's other APPLIED or READY
 * uploads SUPERSEDED, and an audit row, in one transaction under the test set's row lock (two
 * confirmations of one test set end with one APPLIED upload). Confirming again changes nothing.
 * @throws {AppError} CONFLICT when the upload is still validating, invalid or superseded.
 */
export async function confirm(
  db: Database,
  id: string,
  { actorId, benchmarkId, target }: { actorId: string; benchmarkId: string; target: string },
): Promise<{ status: TestInputsUploadStatus; changed: boolean }> {
  return db.$transaction(async (tx) => {
    const { testSetId } = await tx.testInputsUpload.findUniqueOrThrow({
      where: { id },
      select: { testSetId: true },
    });
    await tx.$queryRaw`SELECT id FROM public.test_sets WHERE id = ${testSetId} FOR UPDATE`;
    const upload = await tx.testInputsUpload.findUniqueOrThrow({ where: { id } });
    if (upload.status === 'APPLIED') return { status: 'APPLIED' as const, changed: false };
    if (upload.status !== 'READY')
      throw new AppError(
        'CONFLICT',
        upload.status === 'VALIDATING'
          ? 'the inputs are still being validated; confirm once their preview is shown'
          : upload.status === 'INVALID'
            ? 'the inputs were rejected; fix the issues listed and upload them again'
            : 'a newer upload replaced this one',
      );
    await tx.testInputsUpload.updateMany({
      where: { testSetId, id: { not: id }, status: { in: ['READY', 'APPLIED'] } },
      data: { status: 'SUPERSEDED' },
    });
    await tx.testInputsUpload.update({
      where: { id },
      data: { status: 'APPLIED', appliedAt: new Date() },
    });
    await tx.auditLog.create({
      data: {
        actorId,
        action: 'test-inputs.confirm',
        targetType: 'benchmark',
        targetId: benchmarkId,
        details: { target, uploadId: id, fileName: upload.fileName, sha256: upload.sha256 },
      },
    });
    return { status: 'APPLIED' as const, changed: true };
  });
}

/** Uploads of a test set, newest first. */
export async function listForTestSet(
  db: Database,
  testSetId: string,
  { limit = 20 } = {},
): Promise<TestInputsUploadDto[]> {
  const rows = await db.testInputsUpload.findMany({
    where: { testSetId },
    include,
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map(toDto);
}

/** The downloadable inputs of a published benchmark's test set, as the public may know them. */
export interface PublicTestInputs {
  trackSlug: string;
  testSetSlug: string;
  testSetName: string;
  caseCount: number;
  fileCount: number;
  /** Size of the zip to download. */
  zipBytes: number;
  updatedAt: string;
}

const publicWhere = (benchmarkId: string) =>
  ({
    status: 'APPLIED',
    testSet: {
      inputs: 'PUBLIC',
      track: { benchmarkId, benchmark: { status: { not: 'DRAFT' } } },
    },
  }) satisfies Prisma.TestInputsUploadWhereInput;

/** Every test set of a published benchmark whose inputs are public and uploaded. */
export async function listPublicForBenchmark(
  db: Database,
  benchmarkId: string,
): Promise<PublicTestInputs[]> {
  const rows = await db.testInputsUpload.findMany({
    where: publicWhere(benchmarkId),
    select: {
      fileBytes: true,
      preview: true,
      appliedAt: true,
      testSet: {
        select: {
          slug: true,
          name: true,
          position: true,
          track: { select: { slug: true, position: true } },
        },
      },
    },
  });
  return rows
    .sort(
      (a, b) =>
        a.testSet.track.position - b.testSet.track.position ||
        a.testSet.position - b.testSet.position,
    )
    .map((r) => {
      const preview = r.preview as TestInputsPreview | null;
      return {
        trackSlug: r.testSet.track.slug,
        testSetSlug: r.testSet.slug,
        testSetName: r.testSet.name,
        caseCount: preview?.caseCount ?? 0,
        fileCount: preview?.fileCount ?? 0,
        zipBytes: Number(r.fileBytes),
        updatedAt: (r.appliedAt ?? new Date(0)).toISOString(),
      };
    });
}

/**
 * The blob to stream for a public download, or null — the same null whether the test set does
 * not exist, has no confirmed inputs, or keeps them hidden, so a refusal tells nothing about
 * hidden inputs. The visibility check is in the query itself: no caller can get a hidden key.
 */
export async function findPublicDownload(
  db: Database,
  {
    benchmarkId,
    trackSlug,
    testSetSlug,
  }: { benchmarkId: string; trackSlug: string; testSetSlug: string },
): Promise<{ blobKey: string; fileBytes: number; sha256: string } | null> {
  const where = publicWhere(benchmarkId);
  const row = await db.testInputsUpload.findFirst({
    where: {
      ...where,
      testSet: {
        ...where.testSet,
        slug: testSetSlug,
        track: { ...where.testSet.track, slug: trackSlug },
      },
    },
    select: { blobKey: true, fileBytes: true, sha256: true },
  });
  return row
    ? { blobKey: row.blobKey, fileBytes: Number(row.fileBytes), sha256: row.sha256 }
    : null;
}

/** Seed: records already validated inputs as the test set's applied ones (no job, no audit actor). */
export async function recordSeededInputs(
  db: Database,
  input: {
    testSetId: string;
    blobKey: string;
    fileName: string;
    fileBytes: number;
    sha256: string;
    preview: TestInputsPreview;
  },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.testInputsUpload.updateMany({
      where: { testSetId: input.testSetId, status: { in: ['READY', 'APPLIED'] } },
      data: { status: 'SUPERSEDED' },
    });
    await tx.testInputsUpload.create({
      data: {
        testSetId: input.testSetId,
        blobKey: input.blobKey,
        fileName: input.fileName,
        fileBytes: BigInt(input.fileBytes),
        sha256: input.sha256,
        status: 'APPLIED',
        preview: input.preview as unknown as Prisma.InputJsonValue,
        appliedAt: new Date(),
      },
    });
  });
}

/** The sha256 of the test set's applied inputs, or null (the seed skips identical inputs). */
export async function appliedSha256(db: Database, testSetId: string): Promise<string | null> {
  const row = await db.testInputsUpload.findFirst({
    where: { testSetId, status: 'APPLIED' },
    select: { sha256: true },
  });
  return row?.sha256 ?? null;
}

/**
 * For the worker's model runs only: the blob key of a test set's APPLIED inputs, public or
 * hidden, or null when the test set has none. No web code path calls it (the web's download
 * asks findPublicDownload, whose query keeps hidden keys out).
 */
export async function appliedInputsKeyForWorker(
  db: Database,
  testSetId: string,
): Promise<string | null> {
  const row = await db.testInputsUpload.findFirst({
    where: { testSetId, status: 'APPLIED' },
    select: { blobKey: true },
  });
  return row?.blobKey ?? null;
}
