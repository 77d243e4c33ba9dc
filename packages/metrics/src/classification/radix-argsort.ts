/**
 * Stable LSD radix argsort of float64 values by their IEEE-754 bit patterns (internal; used to
 * build the tie groups of the ranking metrics without a comparator sort or a binary search per
 * sample).
 *
 * Each value becomes a 64-bit unsigned key whose order is the numeric order: positive values
 * get their sign bit set, negative values have all bits inverted. Two values were made equal
 * on purpose:
 * - −0 gets the key of +0, since −0 === +0 (they must share a tie group);
 * - every NaN gets the all-ones key, so NaNs sort after +Infinity as in
 *   `Float64Array.prototype.sort`, in their input order (the sort is stable).
 * Equal values therefore have equal keys, distinct values distinct keys, and ties keep the input
 * order. Six passes of 11-bit digits; a pass whose digit is the same for every key is skipped.
 */
export interface SortedFloat64Keys {
  /** Sample indices in ascending value order (ties in index order), or the payload in that order. */
  order: Int32Array;
  /** High and low 32-bit words of the key of `order[i]`; equal values ⇔ equal (hi, lo). */
  hi: Int32Array;
  lo: Int32Array;
  /** Number of NaN values (they occupy the last `nanCount` positions of `order`). */
  nanCount: number;
}

const RADIX = 2048;
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Argsort of `values[i * stride + offset]` for i in [0, n) (a column of a row-major matrix, or the
 * whole array with the defaults). With `payload` (length n), `order` holds `payload[i]` instead of
 * i, permuted the same way: a caller that only needs, say, each sample's label in score order
 * then reads it sequentially instead of through the indices.
 * @throws {RangeError} when the column does not fit in `values` or the payload length is not n.
 */
export function radixArgsortFloat64(
  values: Float64Array,
  n = values.length,
  stride = 1,
  offset = 0,
  payload?: Int32Array,
): SortedFloat64Keys {
  if (n > 0 && (n - 1) * stride + offset >= values.length) {
    throw new RangeError(
      `radixArgsortFloat64: ${n} values at stride ${stride} + ${offset} exceed length ${values.length}`,
    );
  }
  if (payload && payload.length !== n) {
    throw new RangeError(`radixArgsortFloat64: payload length ${payload.length}, expected ${n}`);
  }
  const hi = new Int32Array(n),
    lo = new Int32Array(n);
  const order = payload ? Int32Array.from(payload) : identity(n);
  const histogram = new Int32Array(6 * RADIX);
  const nanCount = buildKeys(values, n, stride, offset, hi, lo, histogram);
  if (n < 2) return { order, hi, lo, nanCount };
  const sorted: SortedFloat64Keys = { order, hi, lo, nanCount };
  const spare: Omit<SortedFloat64Keys, 'nanCount'> = {
    order: new Int32Array(n),
    hi: new Int32Array(n),
    lo: new Int32Array(n),
  };
  const starts = new Int32Array(RADIX);
  for (let pass = 0; pass < 6; pass++) {
    if (!digitStarts(histogram, pass, n, starts)) continue; // every key has the same digit here
    const { order: o, hi: h, lo: l } = sorted;
    if (pass < 2) scatterLow(pass * 11, h, l, o, spare.hi, spare.lo, spare.order, starts, n);
    else if (pass === 2) scatterMiddle(h, l, o, spare.hi, spare.lo, spare.order, starts, n);
    else scatterHigh(1 + (pass - 3) * 11, h, l, o, spare.hi, spare.lo, spare.order, starts, n);
    sorted.order = spare.order;
    sorted.hi = spare.hi;
    sorted.lo = spare.lo;
    spare.order = o;
    spare.hi = h;
    spare.lo = l;
  }
  return sorted;
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** Keys of the column into hi/lo and the six digit histograms; returns the number of NaNs. */
function buildKeys(
  values: Float64Array,
  n: number,
  stride: number,
  offset: number,
  hi: Int32Array,
  lo: Int32Array,
  histogram: Int32Array,
): number {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const hiAt = LITTLE_ENDIAN ? 1 : 0,
    loAt = 1 - hiAt;
  let nanCount = 0;
  for (let i = 0; i < n; i++) {
    const w = 2 * (i * stride + offset);
    let h = words[w + hiAt]!,
      l = words[w + loAt]!;
    if ((h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) | l) !== 0) {
      h = -1; // NaN: all-ones key
      l = -1;
      nanCount++;
    } else if (h < 0) {
      if (h === -0x80000000 && l === 0)
        h = -0x80000000; // −0: the key of +0
      else {
        h = ~h;
        l = ~l;
      }
    } else h ^= -0x80000000;
    hi[i] = h;
    lo[i] = l;
    histogram[l & 0x7ff]!++;
    histogram[RADIX + ((l >>> 11) & 0x7ff)]!++;
    histogram[2 * RADIX + ((l >>> 22) | ((h & 1) << 10))]!++;
    histogram[3 * RADIX + ((h >>> 1) & 0x7ff)]!++;
    histogram[4 * RADIX + ((h >>> 12) & 0x7ff)]!++;
    histogram[5 * RADIX + (h >>> 23)]!++;
  }
  return nanCount;
}

/** Exclusive prefix sums of one pass's histogram into `starts`; false when one digit holds all n keys. */
function digitStarts(histogram: Int32Array, pass: number, n: number, starts: Int32Array): boolean {
  const base = pass * RADIX;
  let sum = 0,
    useful = true;
  for (let d = 0; d < RADIX; d++) {
    const c = histogram[base + d]!;
    if (c === n) useful = false;
    starts[d] = sum;
    sum += c;
  }
  return useful;
}

function scatterLow(
  shift: number,
  hi: Int32Array,
  lo: Int32Array,
  order: Int32Array,
  hiOut: Int32Array,
  loOut: Int32Array,
  orderOut: Int32Array,
  starts: Int32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const l = lo[i]!,
      d = (l >>> shift) & 0x7ff,
      at = starts[d]!;
    starts[d] = at + 1;
    hiOut[at] = hi[i]!;
    loOut[at] = l;
    orderOut[at] = order[i]!;
  }
}

function scatterMiddle(
  hi: Int32Array,
  lo: Int32Array,
  order: Int32Array,
  hiOut: Int32Array,
  loOut: Int32Array,
  orderOut: Int32Array,
  starts: Int32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const l = lo[i]!,
      h = hi[i]!,
      d = (l >>> 22) | ((h & 1) << 10),
      at = starts[d]!;
    starts[d] = at + 1;
    hiOut[at] = h;
    loOut[at] = l;
    orderOut[at] = order[i]!;
  }
}

function scatterHigh(
  shift: number,
  hi: Int32Array,
  lo: Int32Array,
  order: Int32Array,
  hiOut: Int32Array,
  loOut: Int32Array,
  orderOut: Int32Array,
  starts: Int32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const h = hi[i]!,
      d = (h >>> shift) & 0x7ff,
      at = starts[d]!;
    starts[d] = at + 1;
    hiOut[at] = h;
    loOut[at] = lo[i]!;
    orderOut[at] = order[i]!;
  }
}
