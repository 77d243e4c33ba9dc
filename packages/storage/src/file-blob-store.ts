import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, formatBytes } from '@medrank/core';
import type { BlobStore, RemovedPartial, StoredBlob } from './blob-store.js';

export { formatBytes };

const KEY_PATTERN = /^[a-z0-9][a-z0-9/_-]*\.[a-z0-9.]+$/;
/** Suffix of a blob still being written; `put` renames it away when the blob is complete. */
export const PARTIAL_SUFFIX = '.partial';
/** What `put` names a partial file: `<uuid>.<extension>.partial`. The sweeper removes nothing else. */
const PARTIAL_NAME =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z0-9]{1,8}\.partial$/;

/** Resolves once the stream has closed its file descriptor (at once if it already has). */
function closed(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/** Blobs as files under one root directory. Keys are generated here, so no path comes from a user. */
export class FileBlobStore implements BlobStore {
  readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathFor(key: string): string {
    if (!KEY_PATTERN.test(key) || key.includes('..'))
      throw new AppError('BAD_REQUEST', `invalid blob key "${key}"`);
    return path.join(this.root, key);
  }

  async put(
    source: Readable | AsyncIterable<Uint8Array>,
    {
      keyPrefix,
      extension,
      maxBytes,
      signal,
    }: { keyPrefix: string; extension: string; maxBytes: number; signal?: AbortSignal },
  ): Promise<StoredBlob> {
    signal?.throwIfAborted();
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    const key = `${keyPrefix}/${day}/${randomUUID()}.${extension}`;
    const target = this.pathFor(key);
    const partial = `${target}${PARTIAL_SUFFIX}`;
    await mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          callback(
            new AppError(
              'PAYLOAD_TOO_LARGE',
              `file is larger than the limit of ${formatBytes(maxBytes)}`,
            ),
          );
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const out = createWriteStream(partial, { flags: 'wx' });
    try {
      // pipeline destroys every stream on an error or an abort, so a stalled source cannot keep
      // the descriptor open: the signal is how the caller ends an upload that went quiet.
      await pipeline(source, meter, out, signal ? { signal } : {});
      await rename(partial, target);
      return { key, bytes, sha256: hash.digest('hex') };
    } catch (error) {
      out.destroy();
      // Close before deleting and before reporting, so nothing is left open or on disk when the
      // caller hears about the failure.
      await closed(out);
      await rm(partial, { force: true });
      throw signal?.aborted && isAbortError(error) ? (signal.reason ?? error) : error;
    }
  }

  openRead(key: string): Readable {
    return createReadStream(this.pathFor(key));
  }

  localPath(key: string): string {
    return this.pathFor(key);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
  }

  /**
   * Deletes partial files (`<uuid>.<ext>.partial`, as `put` writes them) last modified more than
   * `olderThanMs` ago: leftovers of an upload whose process died mid-write. A partial still being
   * written is touched by every chunk and a quiet upload is aborted long before (the web's idle
   * timeout), so an age well above that never hits a live upload. Finished blobs, other files and
   * symbolic links are never touched.
   */
  async removeStalePartials({
    olderThanMs,
    now = Date.now(),
  }: {
    olderThanMs: number;
    now?: number;
  }): Promise<RemovedPartial[]> {
    const removed: RemovedPartial[] = [];
    const walk = async (dir: string): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const name of names) {
        const file = path.join(dir, name);
        const stats = await lstat(file).catch(() => null);
        if (!stats) continue;
        if (stats.isDirectory()) await walk(file);
        else if (stats.isFile() && PARTIAL_NAME.test(name)) {
          const ageMs = now - stats.mtimeMs;
          if (ageMs <= olderThanMs) continue;
          await rm(file, { force: true });
          removed.push({ path: path.relative(this.root, file), bytes: stats.size, ageMs });
        }
      }
    };
    await walk(this.root);
    return removed;
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
