import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '@medrank/core';
import type { BlobStore, StoredBlob } from './blob-store.js';

const KEY_PATTERN = /^[a-z0-9][a-z0-9/_-]*\.[a-z0-9.]+$/;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1024;
    unit++;
  } while (value >= 1024 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
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
    { keyPrefix, extension, maxBytes }: { keyPrefix: string; extension: string; maxBytes: number },
  ): Promise<StoredBlob> {
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    const key = `${keyPrefix}/${day}/${randomUUID()}.${extension}`;
    const target = this.pathFor(key);
    const partial = `${target}.partial`;
    await mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    const out = createWriteStream(partial, { flags: 'wx' });
    let bytes = 0;
    try {
      for await (const chunk of source) {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            `file is larger than the limit of ${formatBytes(maxBytes)}`,
          );
        }
        hash.update(chunk);
        if (!out.write(chunk))
          await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      await rename(partial, target);
      return { key, bytes, sha256: hash.digest('hex') };
    } catch (error) {
      out.destroy();
      await rm(partial, { force: true });
      throw error;
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
}
