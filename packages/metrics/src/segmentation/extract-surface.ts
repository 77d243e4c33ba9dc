import { type Grid3, type MaskShape, toGrid3 } from './mask-shape.js';

/** A binary mask (non-zero = foreground) or a label volume (voxels equal to a label). */
export type Volume = Uint8Array | Uint16Array;

/**
 * Surface (boundary) voxels of a binary mask: S = M xor erode(M), where the erosion uses the
 * 6-connected cross (face neighbours; 4-connected in 2-D) and everything outside the array
 * counts as background. A foreground voxel is therefore on the surface when one of its face
 * neighbours is background or lies outside the array. This equals
 * `mask ^ scipy.ndimage.binary_erosion(mask)` (border_value=0), the voxel surface of MONAI's
 * `get_mask_edges` and medpy's `__surface_distances`.
 * Returns a new 0/1 mask of the same length. An empty mask has an empty surface.
 * @throws {RangeError} when the mask length does not match the shape.
 * @example extractSurface(Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1), [3, 3]) // every voxel but the centre
 */
export function extractSurface(mask: Uint8Array, shape: MaskShape): Uint8Array {
  const grid = toGrid3('extractSurface', shape, undefined, [mask]);
  const surface = new Uint8Array(mask.length);
  for (const idx of surfaceIndicesInBox(mask, -1, grid, [0, 0, 0], grid.dims)) surface[idx] = 1;
  return surface;
}

/**
 * Surface voxels of the structure `label` (or of all non-zero voxels when label < 0) inside the
 * box starting at `lo` with extent `boxDims`, as ascending linear indices in the box's own C
 * order. Neighbours are read from the full volume, so the box may be any region that contains
 * the structure: the result is exactly the full-array surface restricted to it. Internal.
 */
export function surfaceIndicesInBox(
  volume: Volume,
  label: number,
  grid: Grid3,
  lo: readonly [number, number, number],
  boxDims: readonly [number, number, number],
): Int32Array {
  const [n0, n1, n2] = grid.dims;
  const [lo0, lo1, lo2] = lo;
  const [c0, c1, c2] = boxDims;
  const plane = n1 * n2;
  // In 2-D the leading axis is virtual (length 1): it has no neighbours and no border.
  const checkAxis0 = !grid.isPlanar;
  // background(v) ⇔ (v === ref) === isBinary: v === 0 for a binary mask, v !== label otherwise.
  // Written inline below (no closure) so that the cold first call is fast too.
  const isBinary = label < 0;
  const ref = isBinary ? 0 : label;
  let indices = new Int32Array(1024);
  let count = 0;
  for (let a = 0; a < c0; a++) {
    const i = lo0 + a;
    const onBorder0 = checkAxis0 && (i === 0 || i === n0 - 1);
    for (let b = 0; b < c1; b++) {
      const j = lo1 + b;
      const onBorder01 = onBorder0 || j === 0 || j === n1 - 1;
      const src = (i * n1 + j) * n2 + lo2;
      const dst = (a * c1 + b) * c2;
      for (let c = 0; c < c2; c++) {
        const idx = src + c;
        if ((volume[idx] === ref) === isBinary) continue;
        const k = lo2 + c;
        const isSurface =
          onBorder01 ||
          k === 0 ||
          k === n2 - 1 ||
          (volume[idx - 1] === ref) === isBinary ||
          (volume[idx + 1] === ref) === isBinary ||
          (volume[idx - n2] === ref) === isBinary ||
          (volume[idx + n2] === ref) === isBinary ||
          (checkAxis0 &&
            ((volume[idx - plane] === ref) === isBinary ||
              (volume[idx + plane] === ref) === isBinary));
        if (!isSurface) continue;
        if (count === indices.length) {
          const grown = new Int32Array(indices.length * 2);
          grown.set(indices);
          indices = grown;
        }
        indices[count++] = dst + c;
      }
    }
  }
  return indices.slice(0, count);
}
