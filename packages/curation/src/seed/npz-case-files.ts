// Test inputs kept in a NumPy `.npz` (MedMNIST ships each split as one array of images): the
// seed cuts one `.npy` per case out of it. A manifest's file `<array>/<row>.npy` is row <row> of
// the npz's array <array>, written as its own NPY (shape = the array's shape without its first
// dimension, same dtype), which is what a model run reads (docs/model-submissions.md).
import { IssueCollector, readZipEntries } from '@medrank/formats';

/** `<array>/<row>.npy`: row <row> of the npz's array <array>. */
export const NPZ_CASE_FILE = /^([A-Za-z0-9_]+)\/(0|[1-9][0-9]*)\.npy$/;

interface NpyHeader {
  descr: string;
  shape: number[];
  /** Offset of the data in the file. */
  dataOffset: number;
}

/**
 * Reads an NPY header (versions 1–3): its dtype, C-order shape and where the data starts.
 * @throws {Error} naming `where` when the bytes are no NPY, or hold a Fortran-order or object array.
 */
export function readNpyHeader(bytes: Uint8Array, where: string): NpyHeader {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 10 || buffer.subarray(0, 6).toString('latin1') !== '\x93NUMPY')
    throw new Error(`${where}: not an NPY array (no \\x93NUMPY magic)`);
  const major = buffer[6]!;
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? buffer.readUInt16LE(8) : buffer.readUInt32LE(8);
  const dataOffset = 8 + lengthBytes + headerLength;
  const header = buffer.subarray(8 + lengthBytes, dataOffset).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined)
    throw new Error(`${where}: the NPY header has no descr or shape: ${header.trim()}`);
  if (/'fortran_order':\s*True/.test(header))
    throw new Error(`${where}: a Fortran-order array; save it in C order`);
  if (!/^[<>|=][uifb][1248]$/.test(descr))
    throw new Error(`${where}: dtype ${descr} is not a plain number type`);
  const shape = shapeText
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map(Number);
  return { descr, shape, dataOffset };
}

/** An NPY version 1.0 file of `data`, its header padded to 64 bytes as NumPy writes it. */
export function encodeNpy(descr: string, shape: readonly number[], data: Uint8Array): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]);
}

/**
 * The named case files cut out of an npz, keyed by name.
 * @param source the npz (a path or its bytes); `label` names it in errors.
 * @throws {Error} naming the file and what is wrong: a name not of the form `<array>/<row>.npy`,
 *   an array the npz does not hold, a row past its end.
 */
export async function npzCaseFiles(
  source: string | Uint8Array,
  names: readonly string[],
  label: string,
): Promise<Map<string, Buffer>> {
  const wanted = new Map<string, { array: string; row: number }>();
  for (const name of names) {
    const match = NPZ_CASE_FILE.exec(name);
    if (!match)
      throw new Error(
        `${label}: manifest file "${name}" is not <array>/<row>.npy (a row of one of the npz's arrays)`,
      );
    wanted.set(name, { array: match[1]!, row: Number(match[2]) });
  }
  const arrays = new Set([...wanted.values()].map((w) => w.array));
  const found = new Map<string, { header: NpyHeader; bytes: Uint8Array }>();
  const issues = new IssueCollector(10);
  for await (const entry of readZipEntries(source, { issues })) {
    const array = entry.name.replace(/\.npy$/, '');
    if (!arrays.has(array)) continue;
    found.set(array, {
      header: readNpyHeader(entry.bytes, `${label}: ${entry.name}`),
      bytes: entry.bytes,
    });
  }
  if (issues.hasIssues)
    throw new Error(`${label}: unreadable npz: ${issues.issues.map((i) => i.message).join('; ')}`);
  const files = new Map<string, Buffer>();
  for (const [name, { array, row }] of wanted) {
    const npy = found.get(array);
    if (!npy)
      throw new Error(
        `${label}: manifest file "${name}": the npz has no array "${array}" (it holds ${[...found.keys()].join(', ') || 'none of the named arrays'})`,
      );
    const [rows = 0, ...caseShape] = npy.header.shape;
    if (row >= rows)
      throw new Error(
        `${label}: manifest file "${name}": array "${array}" has ${rows} rows (0–${rows - 1})`,
      );
    const itemBytes = Number(npy.header.descr.slice(2));
    const rowBytes = caseShape.reduce((a, b) => a * b, itemBytes);
    const start = npy.header.dataOffset + row * rowBytes;
    files.set(
      name,
      encodeNpy(npy.header.descr, caseShape, npy.bytes.subarray(start, start + rowBytes)),
    );
  }
  return files;
}
