import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parseModelContract } from '@medrank/task-contracts/config';
import { int16Nifti } from '../testing/segmentation-fixtures.js';
import {
  CaseInputError,
  decodeCaseImage,
  decodeCaseVolume,
  imageToTensor,
  parseNpy,
  resizeBilinear,
  resizeTrilinear,
  volumeToTensor,
} from './preprocess.mjs';

/** A version-1 .npy file as numpy.save writes it. */
function npy(descr: string, shape: number[], data: Buffer): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]);
}

function greyPng(width: number, height: number, values: number[]): Buffer {
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8 });
  png.data = Buffer.from(values);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

const input = (overrides: Record<string, unknown> = {}) =>
  parseModelContract('classification', {
    input: { name: 'x', shape: ['N', 1, 2, 2], ...overrides },
    output: { name: 'y', values: 'probabilities' },
  }).input;

describe('parseNpy', () => {
  it('reads uint8 and little-endian float arrays in C order', () => {
    expect(parseNpy(npy('|u1', [2, 3], Buffer.from([0, 1, 2, 3, 4, 255])))).toEqual({
      shape: [2, 3],
      descr: '|u1',
      values: Float64Array.of(0, 1, 2, 3, 4, 255),
    });
    const floats = Buffer.from(Float32Array.of(0.5, -2).buffer);
    expect(parseNpy(npy('<f4', [2], floats)).values).toEqual(Float64Array.of(0.5, -2));
  });

  it.each<[string, Buffer, RegExp]>([
    ['no magic', Buffer.from('PK\u0003\u0004 not numpy'), /not an NPY file/],
    ['big-endian data', npy('>f4', [1], Buffer.alloc(4)), /NPY dtype >f4 is not read/],
    [
      'a short body',
      npy('<f8', [4], Buffer.alloc(8)),
      /holds 8 data bytes; its shape \(4\) needs 32/,
    ],
  ])('refuses %s', (_, bytes, message) => {
    expect(() => parseNpy(bytes)).toThrow(message);
    expect(() => parseNpy(bytes)).toThrow(CaseInputError);
  });
});

describe('decodeCaseImage', () => {
  it('reads an 8-bit grey PNG as one channel of raw values', () => {
    expect(decodeCaseImage(greyPng(2, 1, [7, 250]), 'a.png')).toEqual({
      height: 1,
      width: 2,
      channels: 1,
      data: Float64Array.of(7, 250),
    });
  });

  it('reads an (H, W) NPY array and refuses other files by name', () => {
    expect(decodeCaseImage(npy('|u1', [1, 2], Buffer.from([3, 4])), 'a.npy').channels).toBe(1);
    expect(() =>
      decodeCaseImage(Buffer.from('\xff\xd8\xff\xe0jpeg', 'latin1'), 'images/a.jpg'),
    ).toThrow(
      /^images\/a\.jpg: neither a PNG nor an NPY file \(starts with ffd8ffe0\); model runs read PNG and NPY$/,
    );
  });
});

describe('imageToTensor', () => {
  const image = { height: 2, width: 2, channels: 1, data: Float64Array.of(0, 51, 102, 255) };

  it('scales by 1/255 into float32 NCHW by default', () => {
    const { data, dims } = imageToTensor(image, input());
    expect(dims).toEqual([1, 1, 2, 2]);
    expect(data).toEqual(Float32Array.of(0, 0.2, 0.4, 1));
  });

  it('applies z-score per channel and NHWC, repeating a grey image for an RGB model', () => {
    const tensor = imageToTensor(
      image,
      input({
        shape: ['N', 2, 2, 3],
        layout: 'NHWC',
        scaling: { zscore: { mean: [0, 51, 102], std: 51 } },
      }),
    );
    expect(tensor.dims).toEqual([1, 2, 2, 3]);
    expect(Array.from(tensor.data.subarray(0, 6))).toEqual([0, -1, -2, 1, 0, -1]);
  });

  it('refuses another size unless the contract resizes, and then resizes bilinearly', () => {
    const big = { height: 4, width: 4, channels: 1, data: new Float64Array(16).fill(10) };
    expect(() => imageToTensor(big, input())).toThrow(
      "the image is 4×4; the track's model takes 2×2 and resizes nothing (resize: none)",
    );
    expect(
      Array.from(imageToTensor(big, input({ resize: 'bilinear', scaling: 'none' })).data),
    ).toEqual([10, 10, 10, 10]);
  });

  it('refuses an RGB image for a grey model', () => {
    const rgb = { height: 2, width: 2, channels: 3, data: new Float64Array(12) };
    expect(() => imageToTensor(rgb, input())).toThrow(
      "the image has 3 channels; the track's model takes 1",
    );
  });
});

describe('resizeBilinear', () => {
  it('uses half-pixel centres as PyTorch does with align_corners=False', () => {
    // torch.nn.functional.interpolate(torch.tensor([[[[0., 10.]]]]), size=(1, 4), mode='bilinear') → 0, 2.5, 7.5, 10
    const row = { height: 1, width: 2, channels: 1, data: Float64Array.of(0, 10) };
    expect(Array.from(resizeBilinear(row, 1, 4).data)).toEqual([0, 2.5, 7.5, 10]);
  });
});

describe('3D volumes (NIfTI-1)', () => {
  const size: [number, number, number] = [2, 3, 4]; // z, y, x
  const count = 2 * 3 * 4;
  const ramp = Array.from({ length: count }, (_, i) => i * 10 - 100);

  it('decodes int16 voxels with scl_inter into C order [z][y][x], plain or gzip-compressed', () => {
    const nii = int16Nifti({ size, spacingMm: [3, 0.7, 0.5], values: ramp });
    for (const bytes of [nii, gzipSync(nii)]) {
      const volume = decodeCaseVolume(bytes, 'ct.nii.gz');
      expect([volume.depth, volume.height, volume.width, volume.channels]).toEqual([2, 3, 4, 1]);
      expect(Array.from(volume.data)).toEqual(ramp);
      expect(volume.spacingMm.map((s) => Number(s.toFixed(5)))).toEqual([3, 0.7, 0.5]);
    }
  });

  it('reads a 4D file’s 4th dimension as channels, channel-major', () => {
    const values = [...ramp, ...ramp.map((v) => v + 1)];
    const volume = decodeCaseVolume(
      int16Nifti({ size, spacingMm: [1, 1, 1], values, channels: 2 }),
      'mr.nii',
    );
    expect(volume.channels).toBe(2);
    expect(Array.from(volume.data)).toEqual(values);
  });

  it.each<[string, Buffer, RegExp]>([
    [
      'a tiny PNG',
      greyPng(1, 1, [0]),
      /not a NIfTI-1 volume \(67 bytes, shorter than a NIfTI-1 header\)/,
    ],
    [
      'a PNG',
      greyPng(
        40,
        40,
        Array.from({ length: 1600 }, (_, i) => (i * i * 37) % 251),
      ),
      /not a NIfTI-1 volume \(no "n\+1" magic at byte 344\)/,
    ],
    [
      'a truncated file',
      int16Nifti({ size, spacingMm: [1, 1, 1], values: ramp }).subarray(0, 360),
      /holds 8 voxel bytes; its header \(4×3×2, int16\) needs 48/,
    ],
    [
      'a 2D image in NIfTI',
      (() => {
        const nii = int16Nifti({
          size: [1, 3, 4],
          spacingMm: [1, 1, 1],
          values: ramp.slice(0, 12),
        });
        nii.writeInt16LE(2, 40);
        return nii;
      })(),
      /dimensions 4×3; expected a 3D volume/,
    ],
    [
      'a NIfTI-2 file',
      (() => {
        const nii = Buffer.alloc(560);
        nii.writeInt32LE(540, 0);
        nii.write('n+2\0', 4, 'latin1');
        return nii;
      })(),
      /NIfTI-2 is not read; save the volume as NIfTI-1/,
    ],
  ])('refuses %s with a message naming the file', (_, bytes, message) => {
    expect(() => decodeCaseVolume(bytes, 'case.nii')).toThrow(CaseInputError);
    expect(() => decodeCaseVolume(bytes, 'case.nii')).toThrow(message);
  });

  it('stops inflating a .nii.gz at the byte limit', () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
    expect(() => decodeCaseVolume(bomb, 'bomb.nii.gz', 1024 * 1024)).toThrow(
      'bomb.nii.gz: the .nii.gz inflates past 1048576 bytes, the limit',
    );
  });

  it('resizes trilinearly: bilinear within each slice, then linear between slices', () => {
    const source = decodeCaseVolume(
      int16Nifti({
        size: [3, 4, 5],
        spacingMm: [1, 1, 1],
        values: Array.from({ length: 60 }, (_, i) => (i * 37) % 23),
      }),
      'v.nii',
    );
    const out = resizeTrilinear(source, 5, 3, 7);
    // The separable reference: each source slice resized by the (tested) 2D bilinear resize,
    // then each output voxel interpolated between two slices at half-pixel centres.
    const slices = Array.from({ length: 3 }, (_, z) =>
      resizeBilinear(
        {
          height: 4,
          width: 5,
          channels: 1,
          data: Float64Array.from(source.data.subarray(z * 20, (z + 1) * 20)),
        },
        3,
        7,
      ),
    );
    for (let z = 0; z < 5; z++) {
      const s = Math.min(Math.max((z + 0.5) * (3 / 5) - 0.5, 0), 2);
      const z0 = Math.floor(s);
      const z1 = Math.min(z0 + 1, 2);
      for (let i = 0; i < 21; i++) {
        const expected = slices[z0]!.data[i]! * (1 - (s - z0)) + slices[z1]!.data[i]! * (s - z0);
        expect(out.data[z * 21 + i]).toBeCloseTo(expected, 4);
      }
    }
  });

  it('makes an NCDHW tensor with per-channel z-scores, and names a size it may not resize', () => {
    const volume = decodeCaseVolume(
      int16Nifti({ size, spacingMm: [1, 1, 1], values: [...ramp, ...ramp], channels: 2 }),
      'mr.nii',
    );
    const contract = parseModelContract('segmentation', {
      input: {
        name: 'x',
        shape: ['N', 2, 2, 3, 4],
        scaling: { zscore: { mean: [0, 100], std: [10, 20] } },
      },
      output: { name: 'y', values: 'logits' },
    }).input;
    const { data, dims } = volumeToTensor(volume, contract);
    expect(dims).toEqual([1, 2, 2, 3, 4]);
    expect(data[0]).toBeCloseTo(-10);
    expect(data[count]).toBeCloseTo(-10); // channel 1: (−100 − 100) / 20
    expect(() => volumeToTensor(volume, { ...contract, shape: ['N', 2, 4, 3, 4] })).toThrow(
      "the volume is 4×3×2 (x×y×z); the track's model takes 4×3×4 and resizes nothing (resize: none)",
    );
  });
});
