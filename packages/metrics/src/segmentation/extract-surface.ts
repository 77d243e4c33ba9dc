import { type MaskShape, toGrid3 } from './mask-shape.js';

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
  const { dims, isPlanar } = toGrid3('extractSurface', shape, undefined, [mask]);
  const surface = new Uint8Array(mask.length);
  markSurface(mask, dims, isPlanar, surface);
  return surface;
}

/**
 * Writes 1 into `surface` at every surface voxel of `mask` and returns the surface voxels'
 * linear indices in C order. Internal; `surface` must be zero-filled. When `isPlanar`, axis 0
 * is the virtual axis of a 2-D grid (length 1) and its two faces are not a border.
 */
export function markSurface(
  mask: Uint8Array,
  dims: readonly [number, number, number],
  isPlanar: boolean,
  surface: Uint8Array,
): Int32Array {
  const [n0, n1, n2] = dims;
  // In 2-D the virtual axis has no neighbours at all; index 0 .. n0-1 is never a border there.
  const lastI = isPlanar ? -1 : n0 - 1;
  const firstI = isPlanar ? -1 : 0;
  const plane = n1 * n2;
  let indices = new Int32Array(1024);
  let count = 0;
  for (let i = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) {
      const row = (i * n1 + j) * n2;
      for (let k = 0; k < n2; k++) {
        const idx = row + k;
        if (mask[idx] === 0) continue;
        const isSurface =
          i === firstI || i === lastI || j === 0 || j === n1 - 1 || k === 0 || k === n2 - 1 ||
          (!isPlanar && (mask[idx - plane] === 0 || mask[idx + plane] === 0)) ||
          mask[idx - n2] === 0 || mask[idx + n2] === 0 ||
          mask[idx - 1] === 0 || mask[idx + 1] === 0;
        if (!isSurface) continue;
        surface[idx] = 1;
        if (count === indices.length) {
          const grown = new Int32Array(indices.length * 2);
          grown.set(indices);
          indices = grown;
        }
        indices[count++] = idx;
      }
    }
  }
  return indices.slice(0, count);
}
