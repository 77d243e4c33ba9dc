import {
  auditLog,
  disclosure,
  groundTruth,
  groundTruthUploads,
  withTransaction,
  type Database,
} from '@medrank/db';
import { bumpEvaluatorVersion } from '../rescore/bump-evaluator-version.js';
import { decideGroundTruthVersion } from './ground-truth-version-rule.js';

export interface ApplyGroundTruthUploadInput {
  /** The upload's cases as its task type parsed them again (the worker's apply job). */
  cases: groundTruthUploads.CaseToApply[];
  categoryDimensions: string[];
}

/**
 * Replaces a test set's hidden ground truth and public cases with an APPLYING upload's cases, in
 * one transaction (run with the worker's role: it writes the hidden schema): the upload's lock,
 * then the test set's, the evaluator-version rule (ground-truth-version-rule.ts: a first upload
 * keeps the version, a replacement bumps it, with its rescore bookkeeping), the new cases with
 * their count and category dimensions, the disclosure partition computed from the new metadata,
 * APPLIED (older READY and APPLIED uploads SUPERSEDED) and an audit row. An upload that is not
 * APPLYING is left alone, so a second apply job does nothing.
 */
export async function applyGroundTruthUpload(
  db: Database,
  uploadId: string,
  { cases, categoryDimensions }: ApplyGroundTruthUploadInput,
): Promise<{ applied: boolean; version: number | null }> {
  return withTransaction(
    db,
    async (tx) => {
      await groundTruthUploads.lockUpload(tx, uploadId);
      const upload = await groundTruthUploads.findToApply(tx, uploadId);
      if (upload.status !== 'APPLYING') return { applied: false, version: null };
      const { testSetId } = upload;
      await disclosure.lockTestSetInTransaction(tx, testSetId);
      const decision = decideGroundTruthVersion({
        caseCount: upload.caseCount,
        truthRows: await groundTruth.countForTestSet(tx, testSetId),
        evaluatorVersion: upload.evaluatorVersion,
      });

      await groundTruthUploads.replaceCases(tx, testSetId, { cases, categoryDimensions });
      const version = decision.bumpsVersion
        ? (
            await bumpEvaluatorVersion(tx, testSetId, {
              reason: decision.reason,
              actorId: upload.uploadedById,
            })
          ).version
        : decision.version;
      // After the bump: the partition records the version its cases belong to.
      const { partition } = await disclosure.recomputeInTransaction(tx, testSetId, {
        casesChanged: true,
      });
      await groundTruthUploads.markApplied(tx, upload, version);
      await auditLog.record(tx, {
        actorId: upload.uploadedById,
        action: 'ground-truth.apply',
        targetType: 'benchmark',
        targetId: upload.benchmarkId,
        details: {
          target: `track ${upload.trackSlug} / test set ${upload.testSetSlug}`,
          uploadId,
          caseCount: cases.length,
          categoryDimensions,
          evaluatorVersion: version,
          bumped: decision.bumpsVersion,
          atoms: partition?.atomSizes.length ?? 0,
        },
      });
      return { applied: true, version };
    },
    // A large test set takes minutes to write, and waits for the test set's lock.
    { timeoutMs: 10 * 60_000, maxWaitMs: 30_000 },
  );
}
