import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { encodeZip } from '@medrank/formats';
import { readNpz } from '../inputs/read-npz.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The committed BreastMNIST model (tools/models/train-breastmnist.ts). */
export const BREASTMNIST_MODEL = path.join(REPO_ROOT, 'data/models/breastmnist-logreg.onnx');
/** The track contract the model was exported for (docs/model-submissions.md). */
export const BREASTMNIST_MODEL_CONTRACT = {
  input: {
    name: 'x',
    shape: ['N', 1, 28, 28],
    dtype: 'float32',
    layout: 'NCHW',
    scaling: 'divide255',
  },
  output: { name: 'probability', values: 'probabilities' },
} as const;
export const BREASTMNIST_CLASSES = ['malignant', 'normal_or_benign'] as const;

/** ../shared/data/breastmnist/breastmnist_test_only.npz, or SHARED_DATA_DIR's. */
export function breastMnistTestNpz(): string {
  const dir = process.env.SHARED_DATA_DIR ?? path.resolve(REPO_ROOT, '../shared/data');
  const file = path.join(dir, 'breastmnist/breastmnist_test_only.npz');
  if (!existsSync(file))
    throw new Error(`BreastMNIST test data not found at ${file} (set SHARED_DATA_DIR)`);
  return file;
}

export interface BreastMnistTestSet {
  /** '0'…'155', the row index, as the catalog's ground truth names the cases. */
  caseIds: string[];
  /** 0 = malignant, 1 = normal_or_benign. */
  labels: Int32Array;
  /** 156 × 784 uint8 pixels, row-major. */
  pixels: Uint8Array;
  /** A test-inputs zip: manifest.csv (case_id,file) and images/<id>.png (8-bit grey). */
  inputsZip: Buffer;
}

/**
 * The 156 BreastMNIST test images as a test-inputs zip of PNGs, built from the npz, with the
 * raw pixels beside it so a direct evaluation can feed the same values without the PNG path.
 */
export async function breastMnistTestSet(): Promise<BreastMnistTestSet> {
  const arrays = await readNpz(breastMnistTestNpz());
  const images = arrays.get('test_images')!;
  const labels = Int32Array.from(arrays.get('test_labels')!.values);
  const n = images.shape[0]!;
  const pixels = Uint8Array.from(images.values);
  const caseIds = Array.from({ length: n }, (_, i) => String(i));
  const entries = caseIds.map((id, i) => {
    const png = new PNG({ width: 28, height: 28, colorType: 0, inputColorType: 0, bitDepth: 8 });
    const grey = pixels.subarray(i * 784, (i + 1) * 784);
    const data = PNG.sync.write(Object.assign(png, { data: Buffer.from(grey) }), {
      colorType: 0,
      inputColorType: 0,
      inputHasAlpha: false,
    });
    return { name: `images/${id}.png`, data };
  });
  const manifest = `case_id,file\n${caseIds.map((id) => `${id},images/${id}.png`).join('\n')}\n`;
  return {
    caseIds,
    labels,
    pixels,
    inputsZip: encodeZip([{ name: 'manifest.csv', data: Buffer.from(manifest) }, ...entries]),
  };
}
