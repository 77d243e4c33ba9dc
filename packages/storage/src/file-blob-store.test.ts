import { createHash } from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileBlobStore, formatBytes } from './file-blob-store.js';

/** Descriptors of this process that point at files under `root` (Linux /proc). */
async function openFilesUnder(root: string): Promise<string[]> {
  const { readlink } = await import('node:fs/promises');
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(
    fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')),
  );
  return targets.filter((t) => t.startsWith(root));
}

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

  it('stops a stalled upload when its signal aborts: rejects with the reason, no partial file, no open descriptor', async () => {
    const store = new FileBlobStore(root);
    const source = new PassThrough();
    source.write(Buffer.alloc(1000, 97)); // some bytes arrive, then the sender goes quiet
    const controller = new AbortController();
    const put = store.put(source, {
      keyPrefix: 'submissions',
      extension: 'csv',
      maxBytes: 1 << 20,
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const files = await readdir(root, { recursive: true });
    expect(files.filter((f) => f.endsWith('.csv.partial'))).toHaveLength(1);
    expect(await openFilesUnder(root)).toHaveLength(1);
    const reason = new Error('client went away');
    controller.abort(reason);
    await expect(put).rejects.toBe(reason);
    const after = await readdir(root, { recursive: true });
    expect(after.filter((f) => f.endsWith('.partial') || f.endsWith('.csv'))).toEqual([]);
    expect(await openFilesUnder(root)).toEqual([]);
    expect(source.destroyed).toBe(true);
  });

  it('refuses to start when the signal has already aborted', async () => {
    const store = new FileBlobStore(root);
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(
      store.put(Readable.from([Buffer.from('x')]), {
        keyPrefix: 'submissions',
        extension: 'csv',
        maxBytes: 10,
        signal: controller.signal,
      }),
    ).rejects.toThrow('gone');
    expect(await readdir(root)).toEqual([]);
  });

  it('sweeps partial files older than the limit and nothing else', async () => {
    const store = new FileBlobStore(root);
    const day = path.join(root, 'submissions/2026/12/01');
    await mkdir(day, { recursive: true });
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000);
    const file = async (name: string, ageHours: number, content = 'x') => {
      await writeFile(path.join(day, name), content);
      await utimes(path.join(day, name), hoursAgo(ageHours), hoursAgo(ageHours));
    };
    const stale = '0b7d3f4e-1c2a-4b5d-8e9f-001122334455.csv.partial';
    const fresh = '1b7d3f4e-1c2a-4b5d-8e9f-001122334455.csv.partial';
    await file(stale, 3, 'abcdef');
    await file(fresh, 0.1); // being written right now
    await file('2b7d3f4e-1c2a-4b5d-8e9f-001122334455.csv', 30); // a finished blob, however old
    await file('notes.partial', 30); // not a name put() writes
    await symlink(
      path.join(day, stale),
      path.join(day, '3b7d3f4e-1c2a-4b5d-8e9f-001122334455.zip.partial'),
    );

    const removed = await store.removeStalePartials({ olderThanMs: 3_600_000, now });
    expect(removed).toEqual([
      {
        path: `submissions/2026/12/01/${stale}`,
        bytes: 6,
        ageMs: expect.closeTo(3 * 3_600_000, -3),
      },
    ]);
    expect((await readdir(day)).sort()).toEqual(
      [
        fresh,
        '2b7d3f4e-1c2a-4b5d-8e9f-001122334455.csv',
        '3b7d3f4e-1c2a-4b5d-8e9f-001122334455.zip.partial',
        'notes.partial',
      ].sort(),
    );
    expect(await store.removeStalePartials({ olderThanMs: 3_600_000, now })).toEqual([]);
  });

  it('sweeps an empty or missing root without complaint', async () => {
    expect(
      await new FileBlobStore(path.join(root, 'absent')).removeStalePartials({ olderThanMs: 1 }),
    ).toEqual([]);
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
