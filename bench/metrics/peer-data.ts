// Readers for the peers' benchmark files (shared/peers/README.md §4). Parsing is never timed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BoxXyxy, DetectionDataset } from '@medrank/metrics';

export interface ArraySpec {
  file: string;
  dtype: 'int32' | 'float64' | 'uint8';
  shape: number[];
  byte_order: 'little';
  order: 'C';
}

export interface ArrayHeader {
  format: string;
  arrays: Record<string, ArraySpec>;
  [field: string]: unknown;
}

export function requireFile(path: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `peer data missing: ${path}. Generate it with \`bash tools/peers-data.sh\` and pass --peers-data DIR.`,
    );
  }
  return path;
}

export function readArrayHeader(path: string): ArrayHeader {
  const header = JSON.parse(readFileSync(requireFile(path), 'utf8')) as ArrayHeader;
  if (header.format !== 'perfpeers-array-v1')
    throw new Error(`${path}: format ${header.format}, expected perfpeers-array-v1`);
  return header;
}

/** One raw little-endian array, copied into an aligned buffer (readFileSync buffers may be unaligned). */
export function readArray(
  headerPath: string,
  spec: ArraySpec | undefined,
): Int32Array | Float64Array | Uint8Array {
  if (!spec) throw new Error(`${headerPath}: array missing from the header`);
  const b = readFileSync(requireFile(join(dirname(headerPath), spec.file)));
  const bytes = b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  const array =
    spec.dtype === 'int32'
      ? new Int32Array(bytes)
      : spec.dtype === 'float64'
        ? new Float64Array(bytes)
        : new Uint8Array(bytes);
  const expected = spec.shape.reduce((a, n) => a * n, 1);
  if (array.length !== expected)
    throw new Error(`${spec.file}: ${array.length} values, expected ${expected}`);
  return array;
}

export const asInt32 = (a: Int32Array | Float64Array | Uint8Array, what: string): Int32Array => {
  if (!(a instanceof Int32Array)) throw new Error(`${what}: expected int32`);
  return a;
};
export const asFloat64 = (
  a: Int32Array | Float64Array | Uint8Array,
  what: string,
): Float64Array => {
  if (!(a instanceof Float64Array)) throw new Error(`${what}: expected float64`);
  return a;
};
export const asUint8 = (a: Int32Array | Float64Array | Uint8Array, what: string): Uint8Array => {
  if (!(a instanceof Uint8Array)) throw new Error(`${what}: expected uint8`);
  return a;
};

export interface VqaRows {
  modality: string[];
  task: string[];
  department: string[];
  nOptions: number[];
  answer: string[];
  prediction: string[];
}

/** §4.2: no quoting, no field holds a comma; the prediction may be empty and is kept as is. */
export function readVqaCsv(path: string): VqaRows {
  const lines = readFileSync(requireFile(path), 'utf8').split('\n');
  const header = 'question_id,modality,task,department,n_options,answer,prediction';
  if (lines[0] !== header)
    throw new Error(`${path}: header ${JSON.stringify(lines[0])}, expected ${header}`);
  const rows: VqaRows = {
    modality: [],
    task: [],
    department: [],
    nOptions: [],
    answer: [],
    prediction: [],
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const fields = line.split(',');
    if (fields.length !== 7)
      throw new Error(`${path}:${i + 1}: ${fields.length} fields, expected 7`);
    const [
      ,
      modality = '',
      task = '',
      department = '',
      nOptions = '',
      answer = '',
      prediction = '',
    ] = fields;
    rows.modality.push(modality);
    rows.task.push(task);
    rows.department.push(department);
    rows.nOptions.push(Number(nOptions));
    rows.answer.push(answer);
    rows.prediction.push(prediction);
  }
  return rows;
}

export interface ReportPairs {
  references: string[];
  candidates: string[];
}

/** §4.3: one {id, reference, candidate} object per line. */
export function readReportJsonl(path: string): ReportPairs {
  const pairs: ReportPairs = { references: [], candidates: [] };
  for (const line of readFileSync(requireFile(path), 'utf8').split('\n')) {
    if (line === '') continue;
    const o = JSON.parse(line) as { reference: string; candidate: string };
    pairs.references.push(o.reference);
    pairs.candidates.push(o.candidate);
  }
  return pairs;
}

interface RawBox {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
}

/** §4.4: COCO-like JSON with xyxy boxes. */
export function readDetectionJson(path: string): DetectionDataset {
  const raw = JSON.parse(readFileSync(requireFile(path), 'utf8')) as {
    format: string;
    images: { id: number }[];
    categories: { id: number; name: string }[];
    ground_truth: RawBox[];
    predictions: (RawBox & { score: number })[];
  };
  if (raw.format !== 'perfpeers-det-v1')
    throw new Error(`${path}: format ${raw.format}, expected perfpeers-det-v1`);
  const box = (b: RawBox) => ({
    imageId: b.image_id,
    categoryId: b.category_id,
    bbox: b.bbox as BoxXyxy,
  });
  return {
    images: raw.images,
    categories: raw.categories,
    groundTruth: raw.ground_truth.map(box),
    predictions: raw.predictions.map((p) => ({ ...box(p), score: p.score })),
  };
}
