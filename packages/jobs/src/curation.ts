import {
  APPLY_GROUND_TRUTH_JOB,
  CURATION_QUEUE,
  VALIDATE_GROUND_TRUTH_JOB,
  VALIDATE_TEST_INPUTS_JOB,
} from '@medrank/core';
import { z } from 'zod';
import { defineJob } from './define-job.js';

export {
  CURATION_QUEUE,
  applyGroundTruthJobId,
  validateGroundTruthJobId,
  validateTestInputsJobId,
} from '@medrank/core';

const uploadPayload = z.object({ uploadId: z.string().min(1).max(64) });
const options = {
  attempts: 3,
  backoff: { type: 'exponential' as const, delay: 5_000 }, // retries after 5 s, 10 s
  removeOnComplete: { count: 1_000 },
  removeOnFail: false, // keep failures for inspection
};

/** Validates an uploaded ground-truth file (+ metadata) and stores its preview or issues. */
export const validateGroundTruth = defineJob({
  queue: CURATION_QUEUE,
  name: VALIDATE_GROUND_TRUTH_JOB,
  payload: uploadPayload,
  options,
});

/** Replaces a test set's hidden ground truth with a confirmed upload (worker role only). */
export const applyGroundTruth = defineJob({
  queue: CURATION_QUEUE,
  name: APPLY_GROUND_TRUTH_JOB,
  payload: uploadPayload,
  options,
});

/** Checks an uploaded test-inputs zip (files + manifest) against the test set's cases. */
export const validateTestInputs = defineJob({
  queue: CURATION_QUEUE,
  name: VALIDATE_TEST_INPUTS_JOB,
  payload: uploadPayload,
  options,
});

export const CURATION_JOBS = [validateGroundTruth, applyGroundTruth, validateTestInputs] as const;
