import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileBlobStore, formatBytes } from './file-blob-store.js';

describe('FileBlobStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'blobs-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores a stream and returns its size and SHA-256', async () => {
    const store = new FileBlobStore(root);
    const content = Buffer.from('case_id,label\n1,malignant\n');
    const blob = await store.put(Readable.from([content.subarray(0, 5), content.subarray(5)]), {
      keyPrefix: 'submissions',
      extension: 'csv',
      maxBytes: 1000,
    });
    expect(blob.bytes).toBe(content.length);
    expect(blob.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(await readFile(store.localPath(blob.key))).toEqual(content);
  });

  it('rejects a file over the limit and leaves nothing behind', async () => {
    const store = new FileBlobStore(root);
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(100, 97));
    await expect(
      store.put(Readable.from(chunks), {
        keyPrefix: 'submissions',
        extension: 'csv',
        maxBytes: 1024,
      }),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'file is larger than the limit of 1.0 KB',
    });
    const leftovers = await readdir(root, { recursive: true });
    expect(leftovers.filter((f) => f.endsWith('.csv') || f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses keys that could escape the root', () => {
    const store = new FileBlobStore(root);
    expect(() => store.openRead('../etc/passwd')).toThrow(/invalid blob key/);
    expect(() => store.openRead('submissions/../../x.csv')).toThrow(/invalid blob key/);
  });

  it('formats sizes for error messages', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 MB');
    expect(formatBytes(2.5 * 1024 ** 3)).toBe('2.5 GB');
  });
});
