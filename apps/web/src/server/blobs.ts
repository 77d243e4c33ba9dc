import 'server-only';
import { FileBlobStore } from '@medrank/storage';
import { env } from '@/env';

export const blobs = () => new FileBlobStore(env().BLOB_ROOT);

/** Limits of every multipart upload route (readMultipartUpload): size and idle timeout. */
export const uploadLimits = () => ({
  maxBytes: env().MAX_UPLOAD_BYTES,
  idleTimeoutMs: env().UPLOAD_IDLE_TIMEOUT_MS,
});
