import type { testInputs } from '@medrank/db';
import type { z } from 'zod';
import type { testInputsUploadSchema } from '@/api-contract/test-inputs';

export type TestInputsUploadView = z.output<typeof testInputsUploadSchema>;

/** What the API shows of an upload: never its blob key, its sha256 or the uploader. */
export const toTestInputsUploadView = (
  u: testInputs.TestInputsUploadDto,
): TestInputsUploadView => ({
  id: u.id,
  benchmarkSlug: u.benchmarkSlug,
  trackSlug: u.trackSlug,
  testSetSlug: u.testSetSlug,
  visibility: u.visibility,
  status: u.status,
  fileName: u.fileName,
  fileBytes: u.fileBytes,
  preview: u.preview,
  error: u.error,
  createdAt: u.createdAt,
  appliedAt: u.appliedAt,
});
