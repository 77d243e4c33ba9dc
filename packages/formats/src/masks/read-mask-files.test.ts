import { gzipSync, deflateSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, encodeZip } from '../zip/encode-zip.js';
import type { LabelImage } from './label-image.js';
import { encodeNifti1, readNiftiLabels } from './read-nifti-labels.js';
import { readPngLabels } from './read-png-labels.js';
import { parseMaskArchive } from './parse-mask-archive.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-masks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A PNG of any colour type built chunk by chunk (pngjs cannot write palette images). */
function encodePng(
  width: number,
  height: number,
  colorType: number,
  bitDepth: number,
  samples: number[],
  extra: [string, Buffer][] = [],
): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType]!;
  const rowBytes = (width * channels * bitDepth + 7) >> 3;
  const raw = Buffer.alloc(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width * channels; x++) {
      const v = samples[y * width * channels + x]!;
      const base = y * (rowBytes + 1) + 1;
      if (bitDepth === 8) raw[base + x] = v;
      else if (bitDepth === 16) raw.writeUInt16BE(v, base + 2 * x);
      else raw[base + ((x * bitDepth) >> 3)]! |= v << (8 - bitDepth - ((x * bitDepth) & 7));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extra.map(([type, data]) => chunk(type, data)),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function grayPng(width: number, height: number, values: number[], bitDepth: 8 | 16 = 8): Buffer {
  const png = new PNG({
    width,
    height,
    colorType: 0,
    inputColorType: 0,
    bitDepth,
    inputHasAlpha: false,
  });
  png.data = bitDepth === 8 ? Buffer.from(values) : Buffer.from(new Uint16Array(values).buffer);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth, inputHasAlpha: false });
}

const volume: LabelImage = {
  shape: [2, 3, 4],
  spacingMm: [2.5, 0.75, 0.5],
  data: Uint8Array.from({ length: 24 }, (_, i) => i % 3),
};

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('readNiftiLabels', () => {
  it('reads .nii and .nii.gz label volumes in C order with the header spacing', () => {
    const nii = encodeNifti1(volume);
    expect(readNiftiLabels(nii)).toEqual({ ok: true, value: volume });
    expect(readNiftiLabels(gzipSync(nii))).toEqual({ ok: true, value: volume });
    // dims are x, y, z in the header: 4 × 3 × 2
    expect(nii.readInt16LE(42)).toBe(4);
    expect(nii.readInt16LE(46)).toBe(2);
  });

  it('reads 2-D and uint16 masks, and converts metres to mm', () => {
    const wide: LabelImage = {
      shape: [2, 2],
      spacingMm: [1, 2],
      data: Uint16Array.of(0, 300, 2, 0),
    };
    expect(readNiftiLabels(encodeNifti1(wide))).toEqual({ ok: true, value: wide });
    const metres = encodeNifti1({ ...wide, spacingMm: [0.001, 0.002] });
    metres.writeUInt8(1, 123); // NIFTI_UNITS_METER
    const read = readNiftiLabels(metres);
    expect(read.ok && read.value.spacingMm.map((s) => Math.round(s * 1e6) / 1e6)).toEqual([1, 2]);
  });

  it('accepts float masks of whole numbers and refuses fractional and NaN voxels', () => {
    const float = (values: number[]) => {
      const out = Buffer.alloc(352 + 4 * values.length);
      encodeNifti1({
        shape: [1, values.length],
        spacingMm: [1, 1],
        data: new Uint8Array(values.length),
      }).copy(out, 0, 0, 352);
      out.writeInt16LE(16, 70);
      out.writeInt16LE(32, 72);
      values.forEach((v, i) => out.writeFloatLE(v, 352 + 4 * i));
      return out;
    };
    expect(readNiftiLabels(float([0, 1, 2, 1]))).toEqual({
      ok: true,
      value: { shape: [1, 4], spacingMm: [1, 1], data: Uint8Array.of(0, 1, 2, 1) },
    });
    expect(readNiftiLabels(float([0, 0.5]))).toEqual({
      ok: false,
      message: expect.stringContaining(
        'voxel 1 (file order) is 0.5; labels must be whole numbers in 0..65535 (fractional',
      ),
    });
    expect(readNiftiLabels(float([Number.NaN]))).toEqual({
      ok: false,
      message: expect.stringContaining('voxel 0 (file order) is NaN'),
    });
    expect(readNiftiLabels(float([-1]))).toEqual({
      ok: false,
      message: expect.stringContaining('is -1'),
    });
  });

  it('refuses 4-D data, rescaling, truncation, bad spacing and non-NIfTI bytes with a message', () => {
    const nii = encodeNifti1(volume);
    const edit = (f: (b: Buffer) => void) => {
      const copy = Buffer.from(nii);
      f(copy);
      return readNiftiLabels(copy);
    };
    expect(edit((b) => (b.writeInt16LE(4, 40), b.writeInt16LE(2, 48)))).toMatchObject({
      ok: false,
      message: expect.stringContaining('extra dimensions must have size 1'),
    });
    expect(edit((b) => b.writeInt16LE(1, 40))).toMatchObject({
      ok: false,
      message: 'dim[0] is 1; expected 2 or 3 dimensions',
    });
    expect(edit((b) => b.writeFloatLE(2, 112))).toMatchObject({
      ok: false,
      message: expect.stringContaining('would rescale the labels'),
    });
    expect(edit((b) => b.writeFloatLE(0, 84))).toMatchObject({
      ok: false,
      message: expect.stringContaining('must be finite and > 0'),
    });
    expect(edit((b) => b.writeInt16LE(128, 70))).toMatchObject({
      ok: false,
      message: expect.stringContaining('datatype 128 is not a label type'),
    });
    expect(readNiftiLabels(nii.subarray(0, 360))).toMatchObject({
      ok: false,
      message: expect.stringContaining('truncated'),
    });
    expect(readNiftiLabels(Buffer.from('hello'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('too short'),
    });
    expect(readNiftiLabels(gzipSync(Buffer.alloc(4096)), { maxDecompressedBytes: 1000 })).toEqual({
      ok: false,
      message: 'the .nii.gz inflates past 1000 bytes, the limit',
    });
    expect(readNiftiLabels(nii, { maxVoxels: 10 })).toMatchObject({
      ok: false,
      message: '4×3×2 = 24 voxels exceeds the limit of 10',
    });
  });
});

describe('readPngLabels', () => {
  it('reads 8- and 16-bit grayscale values as labels, shape [height, width]', () => {
    expect(readPngLabels(grayPng(3, 2, [0, 1, 2, 0, 1, 255]))).toEqual({
      ok: true,
      value: { shape: [2, 3], spacingMm: [1, 1], data: Uint8Array.of(0, 1, 2, 0, 1, 255) },
    });
    expect(readPngLabels(grayPng(2, 1, [0, 300], 16), { spacingMm: [0.5, 0.7] })).toEqual({
      ok: true,
      value: { shape: [1, 2], spacingMm: [0.5, 0.7], data: Uint16Array.of(0, 300) },
    });
    expect(readPngLabels(encodePng(4, 1, 0, 2, [0, 1, 2, 3]))).toMatchObject({
      ok: true,
      value: { data: Uint8Array.of(0, 1, 2, 3) },
    });
  });

  it('reads palette indices as labels, whatever their colours', () => {
    const palette = Buffer.from([0, 0, 0, 255, 0, 0, 0, 255, 0]);
    expect(readPngLabels(encodePng(3, 1, 3, 8, [2, 0, 1], [['PLTE', palette]]))).toMatchObject({
      ok: true,
      value: { data: Uint8Array.of(2, 0, 1) },
    });
    expect(
      readPngLabels(encodePng(2, 1, 3, 8, [1, 0], [['PLTE', Buffer.from([9, 9, 9, 9, 9, 9])]])),
    ).toMatchObject({ ok: false, message: expect.stringContaining('repeats a colour') });
  });

  it('refuses RGB, RGBA and grayscale-with-alpha masks with a clear message', () => {
    expect(readPngLabels(encodePng(1, 1, 2, 8, [255, 0, 0]))).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^RGB PNG: colours are not labels; save the mask as 8\/16-bit grayscale/,
      ),
    });
    expect(readPngLabels(encodePng(1, 1, 6, 8, [255, 0, 0, 255]))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^RGBA PNG/),
    });
    expect(readPngLabels(encodePng(1, 1, 4, 8, [1, 255]))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^grayscale-with-alpha/),
    });
    expect(
      readPngLabels(grayPng(100, 100, new Array(10_000).fill(0)), { maxVoxels: 9_999 }),
    ).toMatchObject({ ok: false, message: '100×100 = 10000 pixels exceeds the limit of 9999' });
  });
});

describe('mask readers under fuzzing', () => {
  it('give a mask or a message, never a throw, for 300 seeded mutations of NIfTI, NIfTI.gz and PNG bytes', () => {
    const random = mulberry32(7);
    const seeds = [
      encodeNifti1(volume),
      gzipSync(encodeNifti1(volume)),
      grayPng(
        5,
        4,
        Array.from({ length: 20 }, (_, i) => i % 4),
      ),
    ];
    for (let round = 0; round < 300; round++) {
      const base = seeds[round % 3]!;
      const bytes = Buffer.from(base);
      const flips = 1 + Math.floor(random() * 6);
      for (let f = 0; f < flips; f++) {
        // Aim half of the flips at the header, where the interesting fields are.
        const at =
          random() < 0.5
            ? Math.floor(random() * Math.min(bytes.length, 352))
            : Math.floor(random() * bytes.length);
        bytes[at] = Math.floor(random() * 256);
      }
      const input =
        random() < 0.15 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      const result =
        round % 3 === 2
          ? readPngLabels(input)
          : readNiftiLabels(input, { maxVoxels: 1 << 20, maxDecompressedBytes: 1 << 22 });
      if (result.ok)
        expect(result.value.data.length).toBe(result.value.shape.reduce((a, b) => a * b, 1));
      else expect(result.message.length).toBeGreaterThan(5);
    }
  });
});

describe('parseMaskArchive', () => {
  const mask2d = (values: number[]) => grayPng(2, 2, values);

  it('reads a zip of NIfTI and PNG masks keyed by case id', async () => {
    const path = join(dir, 'truth.zip');
    writeFileSync(
      path,
      encodeZip([
        { name: 'masks/case1.nii.gz', data: gzipSync(encodeNifti1(volume)), method: 'store' },
        { name: 'masks/case2.png', data: mask2d([0, 1, 1, 0]) },
      ]),
    );
    const parsed = await parseMaskArchive(path, {
      pngSpacingMm: [0.5, 0.5],
      allowedLabels: [1, 2],
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        caseIds: ['case1', 'case2'],
        formats: ['nifti', 'png'],
        masks: [volume, { shape: [2, 2], spacingMm: [0.5, 0.5], data: Uint8Array.of(0, 1, 1, 0) }],
      },
    });
  });

  it('names the entry and case of every problem: stray files, repeats, unknown, missing, bad masks and labels', async () => {
    const zip = encodeZip([
      { name: 'readme.txt', data: Buffer.from('hi') },
      { name: 'a.png', data: mask2d([0, 1, 0, 0]) },
      { name: 'a.nii', data: encodeNifti1(volume) },
      { name: 'x.png', data: mask2d([0, 0, 0, 0]) },
      { name: 'b.png', data: encodeNifti1(volume) },
      { name: 'c.png', data: mask2d([0, 7, 0, 0]) },
      { name: '../d.png', data: mask2d([0, 0, 0, 0]) },
    ]);
    const parsed = await parseMaskArchive(zip, {
      caseIds: ['a', 'b', 'c', 'd'],
      allowedLabels: [1],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.message)).toEqual([
      'entry 1 "readme.txt": expected a mask named <case_id>.nii, <case_id>.nii.gz or <case_id>.png',
      'entry 3 "a.nii": case "a" already has a mask (entry 2); give each case one file',
      'unknown case "x" (not in this test set)',
      'entry 5 "b.png" (case "b"): not a PNG file (bad signature)',
      'entry 6 "c.png" (case "c"): contains label 7, which is not in the label map (1; 0 is background)',
      expect.stringMatching(/^entry 7 "\.\.\/d\.png": path traversal/),
      '1 of 4 cases have no mask: "d"',
    ]);
    expect(parsed.issues[3]).toMatchObject({ line: 5, caseId: 'b' });
  });

  it('turns an archive-level failure into one issue', async () => {
    const parsed = await parseMaskArchive(
      encodeZip([{ name: 'a.nii', data: new Uint8Array(4 << 20) }]),
      { limits: { maxEntryBytes: 1 << 20 } },
    );
    expect(parsed).toMatchObject({
      ok: false,
      issueCount: 1,
      issues: [
        { line: 1, message: expect.stringContaining('declares 4194304 uncompressed bytes') },
      ],
    });
  });
});
