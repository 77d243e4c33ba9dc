import { AppError } from '@medrank/core';
import { benchmarkDefinitions, type Database } from '@medrank/db';
import { assertCanCurate, type Actor } from '../access/actor.js';

/** The part of the blob store deleting a draft needs (the web passes its store). */
export interface BlobRemover {
  remove(key: string): Promise<void>;
}

export interface DeletedDraftBenchmark {
  slug: string;
  tracks: number;
  testSets: number;
  testSetsWithGroundTruth: number;
  groundTruthUploads: number;
  reportedEntries: number;
  phases: number;
  /** Uploaded files removed from the blob store. */
  filesRemoved: number;
  /** Files whose removal failed: unreferenced now, so harmless, but still on disk. */
  filesLeft: string[];
}

/**
 * Deletes a draft benchmark and everything it owns (tracks, test sets, hidden ground truth,
 * uploads, phases, reported results, curator grants) in one audited transaction, then removes its
 * uploaded files. Its curators and site admins only: anyone else gets the answer
 * `assertCanCurate` gives (NOT_FOUND for a draft, so its existence does not leak). A published
 * benchmark is refused (CONFLICT): participants' entries and links depend on it.
 *
 * Files go after the rows have committed, so a failure leaves an unreferenced file (listed in
 * `filesLeft`), never a row that points at nothing.
 * @throws {AppError} NOT_FOUND, FORBIDDEN, CONFLICT.
 */
export async function deleteDraftBenchmark(
  db: Database,
  actor: Actor,
  slug: string,
  { blobs }: { blobs: BlobRemover | null },
): Promise<DeletedDraftBenchmark> {
  const benchmark = await assertCanCurate(db, actor, slug);
  if (benchmark.status !== 'DRAFT')
    throw new AppError(
      'CONFLICT',
      `"${slug}" is published and cannot be deleted; hide or disqualify its entries instead`,
    );
  const { blobKeys, ...deleted } = await benchmarkDefinitions.deleteDraft(
    db,
    benchmark.benchmarkId,
    { actorId: actor.userId },
  );
  const filesLeft: string[] = [];
  if (blobs)
    for (const key of blobKeys)
      await blobs.remove(key).catch(() => {
        filesLeft.push(key);
      });
  else filesLeft.push(...blobKeys);
  return { ...deleted, filesRemoved: blobKeys.length - filesLeft.length, filesLeft };
}
