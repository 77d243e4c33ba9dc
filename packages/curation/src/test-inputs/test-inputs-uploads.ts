import { AppError } from '@medrank/core';
import { benchmarkDefinitions, testInputs, type Database } from '@medrank/db';
import { z } from 'zod';
import { assertCanCurate, type Actor } from '../access/actor.js';

export const startTestInputsUploadInputSchema = z.object({
  slug: z.string().min(1),
  trackSlug: z.string().min(1),
  testSetSlug: z.string().min(1),
  /** The zip (files + manifest.csv or manifest.jsonl at its root), already in the blob store. */
  file: z.object({
    blobKey: z.string().min(1).max(500),
    fileName: z.string().trim().min(1).max(255),
    fileBytes: z.number().int().min(1, 'the file is empty'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256'),
  }),
});
export type StartTestInputsUploadInput = z.input<typeof startTestInputsUploadInputSchema>;

/**
 * Records a test-inputs upload for a test set the actor curates, and its validation job (through
 * the outbox). The worker checks the zip against the test set's cases and stores a preview.
 */
export async function startTestInputsUpload(
  db: Database,
  actor: Actor,
  input: StartTestInputsUploadInput,
): Promise<{ uploadId: string }> {
  const { slug, trackSlug, testSetSlug, file } = startTestInputsUploadInputSchema.parse(input);
  const benchmark = await assertCanCurate(db, actor, slug);
  const set = await benchmarkDefinitions.findTestSet(
    db,
    benchmark.benchmarkId,
    trackSlug,
    testSetSlug,
  );
  if (!set) throw new AppError('NOT_FOUND', `no test set "${testSetSlug}" in track "${trackSlug}"`);
  const { id } = await testInputs.createWithOutbox(db, {
    testSetId: set.testSetId,
    uploadedById: actor.userId,
    ...file,
    benchmarkId: benchmark.benchmarkId,
    target: `track ${trackSlug} / test set ${testSetSlug}`,
  });
  return { uploadId: id };
}

async function uploadOrThrow(db: Database, actor: Actor, uploadId: string) {
  const upload = await testInputs.findById(db, uploadId);
  const notFound = new AppError('NOT_FOUND', `no test-inputs upload ${uploadId}`);
  if (!upload) throw notFound;
  try {
    await assertCanCurate(db, actor, upload.benchmarkSlug);
  } catch (error) {
    // Someone else's upload: as unknown as a missing one.
    if (error instanceof AppError && error.code === 'FORBIDDEN') throw notFound;
    throw error;
  }
  return upload;
}

/** Status, preview (counts only) and issues of an upload the actor may curate. */
export function getTestInputsUpload(
  db: Database,
  actor: Actor,
  uploadId: string,
): Promise<testInputs.TestInputsUploadDto> {
  return uploadOrThrow(db, actor, uploadId);
}

/**
 * Confirms a validated (READY) upload: it becomes the test set's inputs, replacing the previous
 * ones. Public or hidden is the test set's `inputs` in the definition, read at download time, so
 * switching it later needs no new upload. A rejected upload's issues come with the CONFLICT.
 */
export async function confirmTestInputsUpload(
  db: Database,
  actor: Actor,
  uploadId: string,
): Promise<{ uploadId: string; status: testInputs.TestInputsUploadStatus; changed: boolean }> {
  const upload = await uploadOrThrow(db, actor, uploadId);
  if (upload.status === 'INVALID' && upload.error)
    throw new AppError(
      'CONFLICT',
      `the inputs were rejected (${upload.error.message}): fix the issues listed and upload them again`,
      {
        details: {
          fileName: upload.fileName,
          issues: upload.error.issues,
          issueCount: upload.error.issueCount,
        },
      },
    );
  const result = await testInputs.confirm(db, uploadId, {
    actorId: actor.userId,
    benchmarkId: upload.benchmarkId,
    target: `track ${upload.trackSlug} / test set ${upload.testSetSlug}`,
  });
  return { uploadId, ...result };
}
