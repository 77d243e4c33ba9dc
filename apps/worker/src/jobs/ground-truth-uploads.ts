import { applyGroundTruthUpload } from '@medrank/curation';
import {
  validateGroundTruthFiles,
  type GroundTruthValidation,
} from '@medrank/curation/ground-truth-validation';
import type { Database } from '@medrank/db';
import { groundTruthUploads, testInputs } from '@medrank/db';
import {
  applyGroundTruth,
  CURATION_JOBS,
  validateGroundTruth,
  validateTestInputs,
} from '@medrank/jobs';
import type { BlobStore } from '@medrank/storage';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { isAppError, MemoryBudget } from '@medrank/core';
import type { RunJob } from '../isolation/protocol.js';
import { MAX_STALLED_COUNT, stalledTooOften } from '../job-failures.js';

export interface GroundTruthUploadDeps {
  db: Database;
  blobs: BlobStore;
  logger: Logger;
  /** Decoded inputs one job may hold (JOB_MEMORY_BUDGET_BYTES); a fresh budget per job. */
  jobMemoryBudgetBytes: number;
}

export type GroundTruthJobOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'ready'; caseCount: number }
  | { outcome: 'invalid'; issueCount: number }
  | { outcome: 'applied'; caseCount: number; version: number | null };

function localPathOf(blobs: BlobStore, key: string): string {
  const path = blobs.localPath(key);
  if (!path) throw new Error('only local blob stores are supported for ground truth for now');
  return path;
}

async function readUpload(
  deps: GroundTruthUploadDeps,
  upload: groundTruthUploads.GroundTruthUploadForWorker,
): Promise<GroundTruthValidation> {
  return validateGroundTruthFiles({
    taskType: upload.taskType,
    taskConfig: upload.taskConfig,
    truth: { source: localPathOf(deps.blobs, upload.blobKey), fileName: upload.fileName },
    metadata: upload.metadataBlobKey
      ? {
          source: localPathOf(deps.blobs, upload.metadataBlobKey),
          fileName: upload.metadataFileName ?? 'metadata.csv',
        }
      : null,
    declaredDimensions: upload.categoryDimensions,
    memoryBudget: new MemoryBudget(deps.jobMemoryBudgetBytes),
  });
}

/**
 * Validates an upload with the track's task type and stores the preview (READY) or the issues
 * (INVALID). Only an upload still VALIDATING is touched, so a retried job is harmless. The preview
 * holds aggregates only; issue messages name lines and case ids of the curator's own file.
 */
export async function handleValidateGroundTruth(
  deps: GroundTruthUploadDeps,
  { uploadId }: { uploadId: string },
): Promise<GroundTruthJobOutcome> {
  const upload = await groundTruthUploads.findForWorker(deps.db, uploadId);
  if (!upload) return { outcome: 'skipped', reason: 'unknown upload' };
  if (upload.status !== 'VALIDATING')
    return { outcome: 'skipped', reason: `already ${upload.status}` };
  const result = await readUpload(deps, upload);
  const log = deps.logger.child({ uploadId, testSetId: upload.testSetId });
  if (!result.ok) {
    await groundTruthUploads.recordValidation(deps.db, uploadId, {
      ok: false,
      error: result.error,
    });
    log.info({ issueCount: result.error.issueCount }, 'ground-truth upload rejected');
    return { outcome: 'invalid', issueCount: result.error.issueCount };
  }
  await groundTruthUploads.recordValidation(deps.db, uploadId, {
    ok: true,
    preview: result.preview,
  });
  log.info({ caseCount: result.cases.length }, 'ground-truth upload ready');
  return { outcome: 'ready', caseCount: result.cases.length };
}

/**
 * Applies a confirmed (APPLYING) upload: reads the file again with the same parser and replaces
 * the test set's hidden truth and public cases in one transaction. A second job finds the upload
 * APPLIED and does nothing.
 */
export async function handleApplyGroundTruth(
  deps: GroundTruthUploadDeps,
  { uploadId }: { uploadId: string },
): Promise<GroundTruthJobOutcome> {
  const upload = await groundTruthUploads.findForWorker(deps.db, uploadId);
  if (!upload) return { outcome: 'skipped', reason: 'unknown upload' };
  if (upload.status !== 'APPLYING')
    return { outcome: 'skipped', reason: `already ${upload.status}` };
  const result = await readUpload(deps, upload);
  if (!result.ok) {
    // The file validated before; failing now means the blob or the track changed since.
    await groundTruthUploads.recordApplyFailure(
      deps.db,
      uploadId,
      `the file no longer validates (${result.error.message}); upload it again`,
    );
    return { outcome: 'invalid', issueCount: result.error.issueCount };
  }
  const { applied, version } = await applyGroundTruthUpload(deps.db, uploadId, {
    cases: result.cases,
    categoryDimensions: result.categoryDimensions,
  });
  if (!applied) return { outcome: 'skipped', reason: 'applied by another job' };
  deps.logger.info({ uploadId, caseCount: result.cases.length, version }, 'ground truth applied');
  return { outcome: 'applied', caseCount: result.cases.length, version };
}

/**
 * BullMQ processor for the curation queue: re-parses the payload with the job's contract, hands
 * the job to `runJob` (a job process, see isolation/job-process-pool.ts) and turns errors
 * retrying cannot fix into UnrecoverableError.
 */
export function createCurationProcessor(runJob: RunJob) {
  return async (job: Job) => {
    const definition = CURATION_JOBS.find((d) => d.name === job.name);
    if (!definition) throw new UnrecoverableError(`unknown curation job "${job.name}"`);
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid job payload: ${parsed.error.message}`);
    try {
      return await runJob(job.name, parsed.data);
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
      if ((isAppError(error) && !error.retryable) || error instanceof ZodError)
        throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}

/** On a curation job's last failed attempt, the upload shows why instead of waiting forever. */
export async function onCurationJobFailed(
  deps: Pick<GroundTruthUploadDeps, 'db' | 'logger'>,
  job: Job | undefined,
  error: Error,
): Promise<void> {
  if (!job) return;
  const isFinal =
    error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
  deps.logger.error(
    { jobId: job.id, attemptsMade: job.attemptsMade, isFinal, err: error },
    'curation job failed',
  );
  if (!isFinal) return;
  const parsed = validateGroundTruth.payload.safeParse(job.data);
  if (!parsed.success) return;
  // An UnrecoverableError says what went wrong in words meant for the curator (a limit, a crash
  // of the reader); anything else is ours.
  const message = stalledTooOften(job, error)
    ? `Processing the file was interrupted ${MAX_STALLED_COUNT + 1} times (the worker processing it stopped each time), so it was not started again; try again, and tell the site admins if it persists.`
    : error instanceof UnrecoverableError || error.name === 'UnrecoverableError'
      ? error.message
      : 'Processing the file failed because of an internal error; try again, and tell the site admins if it persists.';
  const record =
    job.name === applyGroundTruth.name
      ? groundTruthUploads.recordApplyFailure(deps.db, parsed.data.uploadId, message)
      : job.name === validateTestInputs.name
        ? testInputs.recordValidationFailure(deps.db, parsed.data.uploadId, message)
        : groundTruthUploads.recordValidationFailure(deps.db, parsed.data.uploadId, message);
  await record.catch((e: unknown) =>
    deps.logger.error({ err: e }, 'could not record the curation job failure'),
  );
}
