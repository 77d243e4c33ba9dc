import type { Readable } from 'node:stream';

/** A partial file removed by a sweep: path under the store's root, size, age when removed. */
export interface RemovedPartial {
  path: string;
  bytes: number;
  ageMs: number;
}

export interface StoredBlob {
  key: string;
  bytes: number;
  sha256: string;
}

/**
 * Where uploaded files live. The filesystem store is the default; an S3-compatible store
 * implements the same interface for deployments with several machines.
 */
export interface BlobStore {
  /**
   * Streams `source` into a new blob under `keyPrefix`, hashing it on the way. Rejects with
   * AppError('PAYLOAD_TOO_LARGE') as soon as more than `maxBytes` arrive, and with the signal's
   * reason when `signal` aborts; either way nothing is left behind (no partial file, no open
   * descriptor) by the time the promise settles.
   */
  put(
    source: Readable | AsyncIterable<Uint8Array>,
    opts: { keyPrefix: string; extension: string; maxBytes: number; signal?: AbortSignal },
  ): Promise<StoredBlob>;
  openRead(key: string): Readable;
  /** Absolute path when the store is a local filesystem (parsers that need random access). */
  localPath(key: string): string | null;
  remove(key: string): Promise<void>;
}
