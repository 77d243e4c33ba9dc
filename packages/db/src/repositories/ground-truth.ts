import type { Database } from '../client.js';
import type { DbClient } from '../transaction.js';
import { lockTestSetInTransaction, recomputeInTransaction } from './disclosure.js';

// The `hidden` schema. Only the worker's role (and the owner, for seeding) can run these; the
// web role gets `permission denied for schema hidden`. Never import this from the web app.

export async function loadForTestSet(
  db: Database,
  testSetId: string,
): Promise<Map<string, unknown>> {
  const rows = await db.groundTruth.findMany({
    where: { testSetId },
    select: { caseId: true, payload: true },
  });
  return new Map(rows.map((r) => [r.caseId, r.payload]));
}

/** Ground-truth rows of a test set: whether it has truth, even where its case count says none. */
export function countForTestSet(db: DbClient, testSetId: string): Promise<number> {
  return db.groundTruth.count({ where: { testSetId } });
}

/**
 * Replaces a test set's cases (public ids + metadata) and ground truth (hidden) in one
 * transaction, with the case count, the category dimensions (the metadata's, when the test set
 * declares none) and the disclosure partition of the new metadata.
 */
export async function replaceForTestSet(
  db: Database,
  testSetId: string,
  cases: { caseId: string; metadata?: Record<string, unknown>; truth: Record<string, unknown> }[],
): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await lockTestSetInTransaction(tx, testSetId);
      await tx.groundTruth.deleteMany({ where: { testSetId } });
      await tx.case.deleteMany({ where: { testSetId } });
      await tx.case.createMany({
        data: cases.map((c) => ({
          testSetId,
          caseId: c.caseId,
          metadata: (c.metadata ?? {}) as object,
        })),
      });
      await tx.groundTruth.createMany({
        data: cases.map((c) => ({ testSetId, caseId: c.caseId, payload: c.truth as object })),
      });
      const { categoryDimensions } = await tx.testSet.findUniqueOrThrow({
        where: { id: testSetId },
        select: { categoryDimensions: true },
      });
      await tx.testSet.update({
        where: { id: testSetId },
        data: {
          caseCount: cases.length,
          // As a ground-truth upload does: no declared dimensions = the metadata's.
          categoryDimensions:
            categoryDimensions.length > 0
              ? categoryDimensions
              : [...new Set(cases.flatMap((c) => Object.keys(c.metadata ?? {})))],
        },
      });
      await recomputeInTransaction(tx, testSetId, { casesChanged: true });
    },
    { timeout: 5 * 60_000, maxWait: 30_000 },
  ); // a large test set takes longer than Prisma's 5 s default
}
