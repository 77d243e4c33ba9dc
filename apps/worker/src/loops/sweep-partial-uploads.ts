import type { FileBlobStore } from '@medrank/storage';
import type { Logger } from 'pino';

/**
 * Deletes `.partial` files under BLOB_ROOT that have not been written to for `maxAgeMs`: what an
 * upload leaves when the web process dies mid-write (a live upload keeps its file's mtime fresh,
 * and a stalled one is cancelled after the web's UPLOAD_IDLE_TIMEOUT_MS). Logs every file removed.
 */
export async function sweepPartialUploadsOnce(
  blobs: Pick<FileBlobStore, 'removeStalePartials'>,
  logger: Logger,
  { maxAgeMs }: { maxAgeMs: number },
): Promise<{ removed: number; bytes: number }> {
  const removed = await blobs.removeStalePartials({ olderThanMs: maxAgeMs });
  let bytes = 0;
  for (const file of removed) {
    bytes += file.bytes;
    logger.info(
      { path: file.path, bytes: file.bytes, ageMs: Math.round(file.ageMs) },
      'removed a stale partial upload',
    );
  }
  return { removed: removed.length, bytes };
}
