import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parseModelContract } from '@medrank/task-contracts/config';
import {
  CaseInputError,
  decodeCaseImage,
  imageToTensor,
  parseNpy,
  resizeBilinear,
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
