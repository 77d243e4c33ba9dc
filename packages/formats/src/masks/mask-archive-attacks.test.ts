// Hostile mask archives (issue 9: a 510 KB zip took a worker from 278 MB to 1.24 GB because an
// entry was inflated whole before its header was looked at). Every archive here is built in the
// test; each must fail precisely, or succeed, without inflating what its header does not justify.
import { deflateSync, gzipSync } from 'node:zlib';
import { MemoryBudget } from '@medrank/core';
import { describe, expect, it } from 'vitest';
import { crc32, encodeZip } from '../zip/encode-zip.js';
import type { LabelImage } from './label-image.js';
import { parseMaskArchive } from './parse-mask-archive.js';
import {
  encodeNifti1,
  readNiftiHeaderFromChunks,
  readNiftiLabels,
  readNiftiLabelsFromChunks,
} from './read-nifti-labels.js';

const MiB = 1024 * 1024;

/** A NIfTI-1 header (352 bytes with the extension flag) declaring `dims` (x, y, z) of `datatype`. */
function niftiHeader(dims: number[], { datatype = 2, bitpix = 8 } = {}): Buffer {
  const header = encodeNifti1({
    shape: [1, 1, 1],
    spacingMm: [1, 1, 1],
    data: new Uint8Array(1),
  }).subarray(0, 352);
  header.writeInt16LE(dims.length, 40);
  dims.forEach((d, i) => header.writeInt16LE(d, 42 + 2 * i));
  header.writeInt16LE(datatype, 70);
  header.writeInt16LE(bitpix, 72);
  return Buffer.from(header);
}

/** Chunks of `bytes`, counting how many bytes the reader actually pulled. */
function counted(bytes: Buffer, chunkBytes = 4096) {
  const stats = { pulledBytes: 0 };
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      const chunk = bytes.subarray(at, at + chunkBytes);
      stats.pulledBytes += chunk.length;
      yield chunk;
    }
  }
  return { chunks: chunks(), stats };
}

/** A PNG whose IHDR declares width × height grayscale pixels, followed by a token IDAT. */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const cube = (n: number, label = 1): LabelImage => ({
  shape: [n, n, n],
  spacingMm: [1, 1, 1],
  data: new Uint8Array(n * n * n).fill(label),
});

describe('mask headers are checked before anything else is inflated', () => {
  it('reads a .nii.gz header through the gzip layer without inflating the volume behind it', async () => {
    const bomb = gzipSync(Buffer.concat([niftiHeader([512, 512, 256]), Buffer.alloc(32 * MiB)]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const { chunks, stats } = counted(bomb);
    const header = await readNiftiHeaderFromChunks(chunks);
    expect(header).toMatchObject({
      ok: true,
      value: { shape: [256, 512, 512], voxels: 64 * MiB },
    });
    // A little read-ahead in the stream buffers, never the megabytes behind the header.
    expect(stats.pulledBytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('cuts a lying .nii.gz off at the size its header declares', async () => {
    // A 4×4×4 mask followed by 32 MiB of zeros the header does not account for.
    const liar = gzipSync(Buffer.concat([encodeNifti1(cube(4)), Buffer.alloc(32 * MiB)]));
    const { chunks, stats } = counted(liar);
    const read = await readNiftiLabelsFromChunks(chunks);
    expect(read).toEqual({ ok: true, value: cube(4) });
    expect(stats.pulledBytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('decodes the same labels whatever the chunk boundaries (a voxel split between chunks)', async () => {
    const wide: LabelImage = {
      shape: [3, 5],
      spacingMm: [0.5, 2],
      data: Uint16Array.from({ length: 15 }, (_, i) => (i * 701) % 1000),
    };
    const nii = encodeNifti1(wide);
    for (const chunkBytes of [1, 3, 7, 352, 4096]) {
      expect(await readNiftiLabelsFromChunks(counted(nii, chunkBytes).chunks)).toEqual(
        readNiftiLabels(nii),
      );
      expect(await readNiftiLabelsFromChunks(counted(gzipSync(nii), chunkBytes).chunks)).toEqual({
        ok: true,
        value: wide,
      });
    }
  });
});

describe('parseMaskArchive against hostile archives', () => {
  it('refuses huge and mis-shaped volumes from their headers, naming entry, case, expected and found', async () => {
    // A gzip stream that is valid for its first kilobyte and garbage after: reading more than the
    // header through it would fail as "corrupt", so each message below proves only the header was
    // inflated.
    const headerThenGarbage = (header: Buffer) =>
      Buffer.concat([
        gzipSync(Buffer.concat([header, Buffer.alloc(MiB)])).subarray(0, 1024),
        Buffer.alloc(64 * 1024, 0xa5),
      ]);
    const zip = encodeZip([
      {
        name: 'c1.nii.gz',
        data: headerThenGarbage(niftiHeader([2048, 2048, 2048])),
        method: 'store',
      },
      {
        name: 'c2.nii.gz',
        data: headerThenGarbage(niftiHeader([512, 512, 200])),
        method: 'store',
      },
      // Deflated by the zip itself: 32 MiB of zeros behind a header that is too large.
      {
        name: 'c2b.nii',
        data: Buffer.concat([niftiHeader([512, 512, 200]), Buffer.alloc(32 * MiB)]),
      },
      { name: 'c3.png', data: pngDeclaring(60_000, 60_000) },
      // A PNG (plus trailing bytes) named as a NIfTI.
      {
        name: 'c4.nii.gz',
        data: Buffer.concat([pngDeclaring(16, 16), Buffer.alloc(400)]),
        method: 'store',
      },
      { name: 'c5.png', data: encodeNifti1(cube(2)) },
      {
        name: 'c6.nii.gz',
        data: headerThenGarbage(niftiHeader([8, 8, 8], { datatype: 128, bitpix: 24 })),
        method: 'store',
      },
    ]);
    expect(zip.length).toBeLessThan(256 * 1024);
    const budget = new MemoryBudget(512 * MiB);
    const parsed = await parseMaskArchive(zip, {
      caseIds: ['c1', 'c2', 'c2b', 'c3', 'c4', 'c5', 'c6'],
      expectedShapes: new Map([
        ['c2', [100, 256, 256]],
        ['c2b', [100, 256, 256]],
      ]),
      memoryBudget: budget,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const mustBe = "this case's mask must be 256×256×100 (x×y×z), the shape of its image";
    expect(parsed.issues).toEqual([
      expect.objectContaining({
        line: 1,
        caseId: 'c1',
        message:
          'entry 1 "c1.nii.gz" (case "c1"): 2048×2048×2048 = 8589934592 voxels exceeds the limit of 67108864',
      }),
      expect.objectContaining({
        line: 2,
        caseId: 'c2',
        message: `entry 2 "c2.nii.gz" (case "c2"): the header declares 512×512×200; ${mustBe}`,
      }),
      expect.objectContaining({
        line: 3,
        caseId: 'c2b',
        message: `entry 3 "c2b.nii" (case "c2b"): the header declares 512×512×200; ${mustBe}`,
      }),
      expect.objectContaining({
        line: 4,
        caseId: 'c3',
        message:
          'entry 4 "c3.png" (case "c3"): 60000×60000 = 3600000000 pixels exceeds the limit of 67108864',
      }),
      expect.objectContaining({
        line: 5,
        message: 'entry 5 "c4.nii.gz" (case "c4"): not a NIfTI-1 file (no "n+1" magic at byte 344)',
      }),
      expect.objectContaining({
        line: 6,
        message: 'entry 6 "c5.png" (case "c5"): not a PNG file (bad signature)',
      }),
      expect.objectContaining({
        line: 7,
        message: expect.stringMatching(
          /^entry 7 "c6\.nii\.gz" \(case "c6"\): datatype 128 is not a label type/,
        ),
      }),
    ]);
    // Nothing passed its header, so nothing was ever reserved, let alone decoded.
    expect(budget.peakBytes).toBe(0);
  });

  it('refuses an archive whose masks need more than the memory budget before decoding any', async () => {
    // Three 128×128×128 uint16 volumes of zeros: 4 MiB each decoded at most (2 bytes a voxel),
    // a few KB each in the zip.
    const volume = (): Buffer =>
      Buffer.concat([
        niftiHeader([128, 128, 128], { datatype: 512, bitpix: 16 }),
        Buffer.alloc(4 * MiB),
      ]);
    const zip = encodeZip(['a', 'b', 'c'].map((id) => ({ name: `${id}.nii`, data: volume() })));
    const budget = new MemoryBudget(10 * MiB);
    const parsed = await parseMaskArchive(zip, { memoryBudget: budget });
    expect(parsed).toEqual({
      ok: false,
      issueCount: 1,
      issues: [
        {
          message:
            "the archive's masks need 12 MB decoded; the limit per submission is 10 MB (send fewer or smaller masks)",
        },
      ],
    });
    expect(budget.peakBytes).toBe(0);
    expect(budget.reservedBytes).toBe(0);

    // With part of the budget taken (the ground truth), the message says what is left.
    const taken = new MemoryBudget(16 * MiB);
    taken.reserve(8 * MiB, 'the ground truth');
    const left = await parseMaskArchive(zip, { memoryBudget: taken });
    expect(left).toMatchObject({
      ok: false,
      issues: [
        {
          message:
            "the archive's masks need 12 MB decoded; 8.0 MB of the 16 MB memory limit per job is left for them (send fewer or smaller masks)",
        },
      ],
    });
  });

  it('keeps exactly the decoded masks reserved after a successful read, and nothing after a failed one', async () => {
    const wideButSmallLabels: LabelImage = {
      shape: [4, 4, 4],
      spacingMm: [1, 1, 1],
      data: new Uint16Array(64).fill(1),
    };
    const zip = encodeZip([
      { name: 'a.nii', data: encodeNifti1(cube(8)) },
      // uint16 on disk, labels ≤ 255: decoded into uint8, so the reservation shrinks to 64 bytes.
      { name: 'b.nii.gz', data: gzipSync(encodeNifti1(wideButSmallLabels)) },
    ]);
    const budget = new MemoryBudget(MiB);
    const parsed = await parseMaskArchive(zip, { memoryBudget: budget });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.masks[1]!.data).toBeInstanceOf(Uint8Array);
    expect(budget.reservedBytes).toBe(512 + 64);
    expect(budget.peakBytes).toBeGreaterThanOrEqual(512 + 128);

    const failing = new MemoryBudget(MiB);
    const invalid = await parseMaskArchive(zip, { memoryBudget: failing, allowedLabels: [2] });
    expect(invalid.ok).toBe(false);
    expect(failing.reservedBytes).toBe(0);
  });

  it('survives 300 seeded mutations of a mask archive: masks or issues, never a throw', async () => {
    let seed = 1234;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const base = encodeZip([
      { name: 'a.nii', data: encodeNifti1(cube(6, 1)) },
      { name: 'b.nii.gz', data: gzipSync(encodeNifti1(cube(5, 2))), method: 'store' },
      { name: 'c.nii.gz', data: gzipSync(encodeNifti1(cube(4, 1))) },
    ]);
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(base);
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const budget = new MemoryBudget(MiB);
      const parsed = await parseMaskArchive(bytes, {
        memoryBudget: budget,
        limits: { maxVoxels: 4096, maxEntryBytes: MiB },
      });
      if (parsed.ok) {
        for (const mask of parsed.value.masks)
          expect(mask.data.length).toBe(mask.shape.reduce((a, b) => a * b, 1));
        expect(budget.reservedBytes).toBe(
          parsed.value.masks.reduce((sum, m) => sum + m.data.byteLength, 0),
        );
      } else {
        expect(parsed.issues.length).toBeGreaterThan(0);
        expect(budget.reservedBytes).toBe(0);
      }
    }
  });
});
