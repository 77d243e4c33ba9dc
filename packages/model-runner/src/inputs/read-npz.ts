import { IssueCollector, readZipEntries } from '@medrank/formats';
import { parseNpy } from '../child/preprocess.mjs';

export interface NpyArray {
  shape: number[];
  /** NumPy dtype descr, e.g. `|u1`, `<f4`. */
  descr: string;
  /** Values in C order, as float64. */
  values: Float64Array;
}

/**
 * Reads the arrays of a NumPy `.npz` (np.savez or np.savez_compressed: a zip of `.npy` files),
 * keyed by name without `.npy`, through @medrank/formats' zip reader and its limits.
 * @example (await readNpz('breastmnist.npz')).get('train_images')?.shape // [546, 28, 28]
 */
export async function readNpz(source: string | Uint8Array): Promise<Map<string, NpyArray>> {
  const issues = new IssueCollector(10);
  const arrays = new Map<string, NpyArray>();
  for await (const entry of readZipEntries(source, { issues })) {
    if (!entry.name.endsWith('.npy')) continue;
    arrays.set(entry.name.slice(0, -'.npy'.length), parseNpy(entry.bytes));
  }
  if (issues.hasIssues)
    throw new Error(`unreadable npz: ${issues.issues.map((i) => i.message).join('; ')}`);
  return arrays;
}
