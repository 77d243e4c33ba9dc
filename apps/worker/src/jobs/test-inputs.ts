import { validateTestInputs } from '@medrank/curation';
import { testInputs } from '@medrank/db';
import type { GroundTruthUploadDeps } from './ground-truth-uploads.js';

export type TestInputsJobOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'ready'; caseCount: number; fileCount: number }
  | { outcome: 'invalid'; issueCount: number };

/**
 * Validates a test-inputs upload (a zip with its manifest) against the test set's cases and
 * stores the preview (READY) or the issues (INVALID). Only an upload still VALIDATING changes,
 * so a retried job is harmless. Reads public data only; the zip stays where the web put it.
 */
export async function handleValidateTestInputs(
  deps: Pick<GroundTruthUploadDeps, 'db' | 'blobs' | 'logger'>,
  { uploadId }: { uploadId: string },
): Promise<TestInputsJobOutcome> {
  const upload = await testInputs.findForWorker(deps.db, uploadId);
  if (!upload) return { outcome: 'skipped', reason: 'unknown upload' };
  if (upload.status !== 'VALIDATING')
    return { outcome: 'skipped', reason: `already ${upload.status}` };
  const path = deps.blobs.localPath(upload.blobKey);
  if (!path) throw new Error('only local blob stores are supported for test inputs for now');
  const result = await validateTestInputs({ source: path, caseIds: upload.caseIds });
  const log = deps.logger.child({ uploadId, testSetId: upload.testSetId });
  await testInputs.recordValidation(deps.db, uploadId, result);
  if (!result.ok) {
    log.info({ issueCount: result.error.issueCount }, 'test inputs rejected');
    return { outcome: 'invalid', issueCount: result.error.issueCount };
  }
  log.info({ caseCount: result.preview.caseCount }, 'test inputs ready');
  return {
    outcome: 'ready',
    caseCount: result.preview.caseCount,
    fileCount: result.preview.fileCount,
  };
}
