import { describe, expect, it } from 'vitest';
import { encodeZip } from '@medrank/formats';
import { encodeNpy, npzCaseFiles, readNpyHeader } from './npz-case-files.js';

/** A version 1.0 NPY as NumPy writes it, header text given literally. */
function npy(header: string, data: number[], bytesPerItem: number): Buffer {
  const padded = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 11, ' ') + '\n';
  const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length, 0]);
  const body = Buffer.alloc(data.length * bytesPerItem);
  data.forEach((v, i) =>
    bytesPerItem === 1 ? body.writeUInt8(v, i) : body.writeUInt16LE(v, i * 2),
  );
  return Buffer.concat([prefix, Buffer.from(padded, 'latin1'), body]);
}

// 3 images of 2×2 16-bit values: image r holds r*10 + 0..3.
const images = npy(
  "{'descr': '<u2', 'fortran_order': False, 'shape': (3, 2, 2), }",
  [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23],
  2,
);
const labels = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", [0, 1, 1], 1);
const npz = encodeZip([
  { name: 'images.npy', data: images },
  { name: 'labels.npy', data: labels },
]);

describe('npzCaseFiles', () => {
  it('cuts row <row> of an array into its own NPY, header as NumPy writes it', async () => {
    const files = await npzCaseFiles(npz, ['images/1.npy', 'images/2.npy'], 'test.npz');
    const one = files.get('images/1.npy')!;
    expect(one).toEqual(
      npy("{'descr': '<u2', 'fortran_order': False, 'shape': (2, 2), }", [10, 11, 12, 13], 2),
    );
    // np.save of a (2, 2) <u2 array is 136 bytes: the header padded to 128, then 4 × 2 bytes.
    expect(one.length).toBe(136);
    expect(readNpyHeader(files.get('images/2.npy')!, 'x')).toEqual({
      descr: '<u2',
      shape: [2, 2],
      dataOffset: 128,
    });
    expect([...files.get('images/2.npy')!.subarray(128)]).toEqual([20, 0, 21, 0, 22, 0, 23, 0]);
  });

  it('writes a one-dimensional row with NumPy’s trailing comma', () => {
    expect(encodeNpy('|u1', [4], Buffer.from([1, 2, 3, 4]))).toEqual(
      npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", [1, 2, 3, 4], 1),
    );
  });

  it('names the manifest file and what is wrong', async () => {
    await expect(npzCaseFiles(npz, ['images/3.npy'], 'test.npz')).rejects.toThrow(
      'test.npz: manifest file "images/3.npy": array "images" has 3 rows (0–2)',
    );
    await expect(npzCaseFiles(npz, ['scans/0.npy'], 'test.npz')).rejects.toThrow(
      'test.npz: manifest file "scans/0.npy": the npz has no array "scans"',
    );
    await expect(npzCaseFiles(npz, ['images/01.png'], 'test.npz')).rejects.toThrow(
      'test.npz: manifest file "images/01.png" is not <array>/<row>.npy',
    );
  });

  it('refuses Fortran-order arrays and bytes that are no NPY', () => {
    const fortran = npy(
      "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }",
      [1, 2, 3, 4],
      1,
    );
    expect(() => readNpyHeader(fortran, 'a.npy')).toThrow('a.npy: a Fortran-order array');
    expect(() => readNpyHeader(Buffer.from('PK\x03\x04 not an array'), 'b.npy')).toThrow(
      'b.npy: not an NPY array',
    );
  });
});
