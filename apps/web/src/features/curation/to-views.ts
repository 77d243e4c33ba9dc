import type { groundTruthUploads, rescoreRuns } from '@medrank/db';
import type { GroundTruthUploadView, RescoreRunView } from './views';

type GroundTruthUploadDto = groundTruthUploads.GroundTruthUploadDto;
type RescoreRunDto = rescoreRuns.RescoreRunDto;

/** What the browser sees of an upload: never the blob key or the uploader. */
export const toGroundTruthUploadView = (u: GroundTruthUploadDto): GroundTruthUploadView => ({
  id: u.id,
  benchmarkSlug: u.benchmarkSlug,
  trackSlug: u.trackSlug,
  testSetSlug: u.testSetSlug,
  status: u.status,
  fileName: u.fileName,
  metadataFileName: u.metadataFileName,
  preview: u.preview,
  error: u.error,
  appliedVersion: u.appliedVersion,
  createdAt: u.createdAt,
});

export const toRescoreRunView = (r: RescoreRunDto): RescoreRunView => ({
  id: r.id,
  evaluatorVersion: r.evaluatorVersion,
  status: r.status,
  total: r.total,
  done: r.done,
  failed: r.failed,
});
