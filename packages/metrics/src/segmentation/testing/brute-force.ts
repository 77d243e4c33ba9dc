// Test support only: slow, obviously-correct restatements used as independent cross-checks.
// Nothing here is exported from the package.

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random blobby mask: a few random boxes plus salt noise. */
export function randomMask(
  shape: readonly number[],
  random: () => number,
  density = 0.3,
): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const m = new Uint8Array(size);
  const coords = (idx: number): number[] => {
    const c: number[] = [];
    for (let a = shape.length - 1; a >= 0; a--) {
      const d = shape[a] as number;
      c.unshift(idx % d);
      idx = Math.floor(idx / d);
    }
    return c;
  };
  const boxes = Array.from({ length: 3 }, () =>
    shape.map((d) => {
      const lo = Math.floor(random() * d);
      return [lo, lo + Math.floor(random() * d * 0.6)] as const;
    }),
  );
  for (let idx = 0; idx < size; idx++) {
    const c = coords(idx);
    const inBox = boxes.some((b) =>
      b.every(([lo, hi], a) => (c[a] as number) >= lo && (c[a] as number) <= hi),
    );
    if (inBox || random() < density * 0.1) m[idx] = 1;
  }
  return m;
}

function strides(shape: readonly number[]): number[] {
  const s = shape.map(() => 1);
  for (let a = shape.length - 2; a >= 0; a--)
    s[a] = (s[a + 1] as number) * (shape[a + 1] as number);
  return s;
}

function coordinates(shape: readonly number[]): number[][] {
  const size = shape.reduce((a, b) => a * b, 1);
  const st = strides(shape);
  return Array.from({ length: size }, (_, idx) =>
    shape.map((d, a) => Math.floor(idx / (st[a] as number)) % d),
  );
}

/** scipy binary_erosion with the cross structuring element and border_value=0, then xor. */
export function bruteSurface(mask: Uint8Array, shape: readonly number[]): Uint8Array {
  const st = strides(shape);
  const cs = coordinates(shape);
  return Uint8Array.from(mask, (v, idx) => {
    if (v === 0) return 0;
    const c = cs[idx] as number[];
    let eroded = true;
    for (let a = 0; a < shape.length; a++) {
      for (const step of [-1, 1]) {
        const x = (c[a] as number) + step;
        if (x < 0 || x >= (shape[a] as number) || mask[idx + step * (st[a] as number)] === 0)
          eroded = false;
      }
    }
    return eroded ? 0 : 1;
  });
}

/** Distance from every voxel to the nearest non-zero voxel of targets, by exhaustive search. */
export function bruteDistanceTransform(
  targets: Uint8Array,
  shape: readonly number[],
  spacing: readonly number[],
): Float64Array {
  const cs = coordinates(shape);
  const targetCoords = cs.filter((_, idx) => targets[idx] !== 0);
  return Float64Array.from(cs, (c) => {
    let best = Infinity;
    for (const t of targetCoords) {
      let d2 = 0;
      for (let a = 0; a < shape.length; a++) {
        const d = ((c[a] as number) - (t[a] as number)) * (spacing[a] as number);
        d2 += d * d;
      }
      if (d2 < best) best = d2;
    }
    return Math.sqrt(best);
  });
}

export function bruteDirected(
  from: Uint8Array,
  to: Uint8Array,
  shape: readonly number[],
  spacing: readonly number[],
): number[] {
  const sf = bruteSurface(from, shape);
  const dt = bruteDistanceTransform(bruteSurface(to, shape), shape, spacing);
  return Array.from(dt).filter((_, idx) => sf[idx] !== 0);
}

/** Hyndman & Fan type 7 percentile, textbook form. */
export function brutePercentile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * (q / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}
