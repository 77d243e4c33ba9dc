import { AppError } from '@medrank/core';
import { benchmarkDefinitions, groundTruthUploads, type Database } from '@medrank/db';
import { z } from 'zod';
import { assertCanCurate, type Actor } from '../access/actor.js';

const fileSchema = z.object({
  blobKey: z.string().min(1).max(500),
  fileName: z.string().trim().min(1).max(255),
  fileBytes: z.number().int().min(1, 'the file is empty'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'),
});

export const startGroundTruthUploadInputSchema = z.object({
  slug: z.string().min(1),
  trackSlug: z.string().min(1),
  testSetSlug: z.string().min(1),
  /** The ground-truth file, already in the blob store. */
  file: fileSchema,
  /** Optional case metadata CSV: case_id + one column per category dimension. */
  metadataFile: fileSchema.partial({ fileBytes: true, sha256: true }).nullish(),
});
export type StartGroundTruthUploadInput = z.input<typeof startGroundTruthUploadInputSchema>;

async function testSetOrThrow(
  db: Database,
  benchmarkId: string,
  trackSlug: string,
  testSetSlug: string,
) {
  const set = await benchmarkDefinitions.findTestSet(db, benchmarkId, trackSlug, testSetSlug);
  if (!set) throw new AppError('NOT_FOUND', `no test set "${testSetSlug}" in track "${trackSlug}"`);
  return set;
}

/**
 * Records a ground-truth upload (and its validation job, through the outbox) for a test set the
 * actor curates. The worker validates it with the task type's parser and stores a preview.
 */
export async function startGroundTruthUpload(
  db: Database,
  actor: Actor,
  input: StartGroundTruthUploadInput,
): Promise<{ uploadId: string }> {
  const { slug, trackSlug, testSetSlug, file, metadataFile } =
    startGroundTruthUploadInputSchema.parse(input);
  const benchmark = await assertCanCurate(db, actor, slug);
  const set = await testSetOrThrow(db, benchmark.benchmarkId, trackSlug, testSetSlug);
  const { id } = await groundTruthUploads.createWithOutbox(db, {
    testSetId: set.testSetId,
    uploadedById: actor.userId,
    ...file,
    metadataBlobKey: metadataFile?.blobKey ?? null,
    metadataFileName: metadataFile?.fileName ?? null,
    benchmarkId: benchmark.benchmarkId,
    target: `track ${trackSlug} / test set ${testSetSlug}`,
  });
  return { uploadId: id };
}

async function uploadOrThrow(db: Database, actor: Actor, uploadId: string) {
  const upload = await groundTruthUploads.findById(db, uploadId);
  const notFound = new AppError('NOT_FOUND', `no ground-truth upload ${uploadId}`);
  if (!upload) throw notFound;
  try {
    await assertCanCurate(db, actor, upload.benchmarkSlug);
  } catch (error) {
    // Someone else's upload: as unknown as a missing one, whatever the benchmark's status.
    if (error instanceof AppError && error.code === 'FORBIDDEN') throw notFound;
    throw error;
  }
  return upload;
}

/**
 * Confirms a validated (READY) upload: the apply job replaces the test set's ground truth. Only
 * READY uploads can be confirmed (CONFLICT otherwise; a rejected file's issues come with it in
 * `details`); confirming twice enqueues once. The browser's button, the API and the CLI call this.
 */
export async function confirmGroundTruthUpload(
  db: Database,
  actor: Actor,
  uploadId: string,
): Promise<{
  uploadId: string;
  status: groundTruthUploads.GroundTruthUploadStatus;
  enqueued: boolean;
}> {
  const upload = await uploadOrThrow(db, actor, uploadId);
  if (upload.status === 'INVALID' && upload.error)
    throw new AppError(
      'CONFLICT',
      `the file was rejected (${upload.error.message}): fix the issues listed and upload it again`,
      {
        details: {
          fileName: upload.fileName,
          issues: upload.error.issues,
          issueCount: upload.error.issueCount,
        },
      },
    );
  const result = await groundTruthUploads.confirm(db, uploadId, {
    actorId: actor.userId,
    benchmarkId: upload.benchmarkId,
    target: `track ${upload.trackSlug} / test set ${upload.testSetSlug}`,
  });
  return { uploadId, ...result };
}

/** Status, preview (aggregates only) and issues of an upload the actor may curate. */
export function getGroundTruthUpload(
  db: Database,
  actor: Actor,
  uploadId: string,
): Promise<groundTruthUploads.GroundTruthUploadDto> {
  return uploadOrThrow(db, actor, uploadId);
}

/** The latest uploads of a test set, newest first. */
export async function listGroundTruthUploads(
  db: Database,
  actor: Actor,
  { slug, trackSlug, testSetSlug }: { slug: string; trackSlug: string; testSetSlug: string },
) {
  const benchmark = await assertCanCurate(db, actor, slug);
  const set = await testSetOrThrow(db, benchmark.benchmarkId, trackSlug, testSetSlug);
  return groundTruthUploads.listForTestSet(db, set.testSetId);
}
