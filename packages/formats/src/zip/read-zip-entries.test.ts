import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IssueCollector } from '../csv/issue-collector.js';
import { encodeZip } from './encode-zip.js';
import { readZipEntries, ZipFormatError, type ZipLimits } from './read-zip-entries.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(source: string | Uint8Array, limits: ZipLimits = {}) {
  const issues = new IssueCollector(100);
  const entries: { index: number; name: string; text: string }[] = [];
  let error: unknown = null;
  try {
    for await (const e of readZipEntries(source, { limits, issues }))
      entries.push({ index: e.index, name: e.name, text: e.bytes.toString('latin1') });
  } catch (caught) {
    error = caught;
  }
  return { entries, issues: issues.issues, error };
}

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('readZipEntries', () => {
  it('reads stored and deflated entries from a file, skipping directories and OS clutter', async () => {
    const path = join(dir, 'ok.zip');
    writeFileSync(
      path,
      encodeZip([
        { name: 'masks/', data: new Uint8Array(0), unixMode: 0o040755 },
        { name: 'masks/a.nii', data: Buffer.from('alpha'.repeat(100)) },
        { name: 'b.png', data: Buffer.from('beta'), method: 'store' },
        { name: '__MACOSX/._b.png', data: Buffer.from('x') },
        { name: '.DS_Store', data: Buffer.from('x') },
      ]),
    );
    const { entries, issues, error } = await collect(path);
    expect(error).toBeNull();
    expect(issues).toEqual([]);
    expect(entries).toEqual([
      { index: 2, name: 'masks/a.nii', text: 'alpha'.repeat(100) },
      { index: 3, name: 'b.png', text: 'beta' },
    ]);
  });

  it('reports traversal, absolute paths, backslashes, symlinks and repeated names per entry and keeps reading', async () => {
    const zip = encodeZip([
      { name: '../evil.nii', data: Buffer.from('x') },
      { name: '/etc/passwd', data: Buffer.from('x') },
      { name: 'C:/win.png', data: Buffer.from('x') },
      { name: 'a\\..\\b.png', data: Buffer.from('x') },
      { name: 'link.png', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 },
      { name: 'ok.png', data: Buffer.from('1') },
      { name: 'ok.png', data: Buffer.from('2') },
    ]);
    const { entries, issues, error } = await collect(zip);
    expect(error).toBeNull();
    expect(entries.map((e) => e.text)).toEqual(['1']);
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [1, expect.stringMatching(/^entry 1 "\.\.\/evil\.nii": path traversal/)],
      [2, expect.stringMatching(/^entry 2 "\/etc\/passwd": absolute path/)],
      [3, expect.stringMatching(/^entry 3 "C:\/win\.png": absolute path/)],
      [4, expect.stringMatching(/^entry 4 .*backslash/)],
      [5, expect.stringMatching(/^entry 5 "link\.png": is a symbolic link/)],
      [7, expect.stringMatching(/^entry 7 "ok\.png": the name repeats entry 6/)],
    ]);
  });

  it('stops a zip bomb by its declared size, before inflating', async () => {
    const zip = encodeZip([{ name: 'bomb.nii', data: new Uint8Array(8 * 1024 * 1024) }]);
    expect(zip.length).toBeLessThan(20_000);
    const { error } = await collect(zip, { maxEntryBytes: 1024 * 1024 });
    expect(error).toBeInstanceOf(ZipFormatError);
    expect((error as ZipFormatError).issue).toMatchObject({
      line: 1,
      column: 'bomb.nii',
      message: expect.stringContaining(
        'declares 8388608 uncompressed bytes; the limit per entry is 1048576',
      ),
    });
  });

  it('stops a zip bomb that lies about its size while inflating', async () => {
    const zip = encodeZip([
      { name: 'liar.nii', data: new Uint8Array(8 * 1024 * 1024), declaredSize: 100 },
    ]);
    const { entries, error } = await collect(zip, { maxEntryBytes: 1024 * 1024 });
    expect(entries).toEqual([]);
    expect(error).toBeInstanceOf(ZipFormatError);
    expect((error as ZipFormatError).message).toMatch(/^entry 1 "liar\.nii": /);
  });

  it('counts inflated bytes against the entry, total and ratio limits', async () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    const ratio = await collect(encodeZip([{ name: 'z.nii', data: big }]), {
      maxCompressionRatio: 100,
    });
    expect((ratio.error as ZipFormatError).message).toMatch(
      /compression ratio of \d+:1; the limit is 100:1/,
    );
    const total = await collect(
      encodeZip([
        { name: 'a.nii', data: big },
        { name: 'b.nii', data: big },
      ]),
      { maxTotalBytes: 4 * 1024 * 1024 },
    );
    expect(total.entries.map((e) => e.name)).toEqual(['a.nii']);
    expect((total.error as ZipFormatError).message).toMatch(
      /^entry 2 "b\.nii": brings the declared uncompressed total to 6291456 bytes/,
    );
  });

  it('refuses too many entries, oversized archives and non-zip bytes', async () => {
    const many = encodeZip(
      Array.from({ length: 5 }, (_, i) => ({ name: `${i}.png`, data: Buffer.from('x') })),
    );
    expect((await collect(many, { maxEntries: 4 })).error).toMatchObject({
      message: 'the archive has 5 entries; the limit is 4',
    });
    expect((await collect(many, { maxFileBytes: 100 })).error).toMatchObject({
      message: expect.stringMatching(/^the archive is \d+ bytes; the limit is 100 bytes/),
    });
    expect((await collect(Buffer.from('case_id,label\n1,0\n'))).error).toMatchObject({
      message: expect.stringMatching(/^not a readable zip archive/),
    });
  });

  it('survives 400 seeded mutations of a valid archive: entries, issues or one ZipFormatError, never a crash', async () => {
    const random = mulberry32(20240611);
    const base = encodeZip([
      { name: 'a.nii', data: Buffer.from('hello world '.repeat(50)) },
      { name: 'dir/b.png', data: Buffer.from('png bytes'), method: 'store' },
    ]);
    for (let round = 0; round < 400; round++) {
      const bytes = Buffer.from(base);
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const cut = random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      const { error, entries, issues } = await collect(cut, { maxEntryBytes: 1024 * 1024 });
      if (error !== null) expect(error).toBeInstanceOf(ZipFormatError);
      for (const issue of issues) expect(issue.message).toMatch(/^entry \d+ /);
      expect(entries.length).toBeLessThanOrEqual(2);
    }
  });
});
