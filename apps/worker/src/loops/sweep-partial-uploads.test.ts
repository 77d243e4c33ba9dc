import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { FileBlobStore } from '@medrank/storage';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepPartialUploadsOnce } from './sweep-partial-uploads.js';

describe('sweepPartialUploadsOnce', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'medrank-sweep-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('removes stale partial files under the blob root and logs each one', async () => {
    const day = path.join(root, 'curation/ground-truth/u1/2026/12/02');
    await mkdir(day, { recursive: true });
    const stale = path.join(day, 'a1b2c3d4-0000-4000-8000-000000000001.zip.partial');
    const live = path.join(day, 'a1b2c3d4-0000-4000-8000-000000000002.zip.partial');
    const blob = path.join(day, 'a1b2c3d4-0000-4000-8000-000000000003.zip');
    await writeFile(stale, Buffer.alloc(4096));
    await writeFile(live, Buffer.alloc(10));
    await writeFile(blob, Buffer.alloc(10));
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    await utimes(blob, twoHoursAgo, twoHoursAgo);

    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          callback();
        },
      }),
    );
    const result = await sweepPartialUploadsOnce(new FileBlobStore(root), logger, {
      maxAgeMs: 3_600_000,
    });
    expect(result).toEqual({ removed: 1, bytes: 4096 });
    expect((await readdir(day)).sort()).toEqual([path.basename(blob), path.basename(live)].sort());
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'removed a stale partial upload',
        path: 'curation/ground-truth/u1/2026/12/02/a1b2c3d4-0000-4000-8000-000000000001.zip.partial',
        bytes: 4096,
        ageMs: expect.any(Number),
      }),
    ]);
    expect(lines[0]!.ageMs).toBeGreaterThan(2 * 3_600_000 - 60_000);
  });
});
