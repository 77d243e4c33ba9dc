/**
 * Dice similarity coefficient of two binary masks: DSC = 2·|P ∩ T| / (|P| + |T|).
 * Range [0, 1], higher is better, symmetric. Masks are flattened voxels; non-zero = foreground.
 * Both masks empty is 0/0: returns `emptyValue` (default NaN, so aggregation skips it).
 * Exactly one mask empty gives 0 (no overlap), as in MONAI and Metrics Reloaded.
 * @throws {RangeError} when the masks differ in length.
 * @see Dice (1945), Ecology 26(3):297–302.
 * @see Taha & Hanbury (2015), BMC Medical Imaging 15:29.
 * @example diceScore(Uint8Array.of(1, 0, 0, 1), Uint8Array.of(1, 0, 1, 1)) // 0.8
 */
export function diceScore(
  prediction: Uint8Array,
  truth: Uint8Array,
  { emptyValue = Number.NaN }: { emptyValue?: number } = {},
): number {
  if (prediction.length !== truth.length) {
    throw new RangeError(`diceScore: lengths differ (${prediction.length} vs ${truth.length})`);
  }
  const { overlap, predicted, actual } = countOverlap(prediction, truth);
  const total = predicted + actual;
  return total === 0 ? emptyValue : (2 * overlap) / total;
}

/**
 * Voxel counts behind Dice and IoU; internal, shared with iouScore. Non-zero bytes are
 * foreground. When both masks have the same byte alignment modulo 4 (always for whole arrays),
 * the bulk is read as 32-bit words: a word pair that is all zero (background, most of a
 * volume) is skipped at once, otherwise the non-zero bytes of each word are flagged in its
 * byte high bits and counted, which gives exactly the byte-by-byte counts.
 */
export function countOverlap(
  prediction: Uint8Array,
  truth: Uint8Array,
): { overlap: number; predicted: number; actual: number } {
  const length = Math.min(prediction.length, truth.length);
  const offset = prediction.byteOffset;
  if (length < 64 || ((offset - truth.byteOffset) & 3) !== 0)
    return countBytes(prediction, truth, 0, length);
  const head = (4 - (offset & 3)) & 3;
  const words = (length - head) >>> 2;
  const start = countBytes(prediction, truth, 0, head);
  const tail = countBytes(prediction, truth, head + 4 * words, length);
  const bulk = countWords(
    new Int32Array(prediction.buffer, offset + head, words),
    new Int32Array(truth.buffer, truth.byteOffset + head, words),
  );
  return {
    overlap: start.overlap + bulk.overlap + tail.overlap,
    predicted: start.predicted + bulk.predicted + tail.predicted,
    actual: start.actual + bulk.actual + tail.actual,
  };
}

/** Counts over 32-bit words (4 voxels each) of the two masks. */
function countWords(
  p: Int32Array,
  t: Int32Array,
): { overlap: number; predicted: number; actual: number } {
  let overlap = 0;
  let predicted = 0;
  let actual = 0;
  for (let w = 0, n = p.length; w < n; w++) {
    const a = p[w]!,
      b = t[w]!;
    if ((a | b) === 0) continue;
    // Bit 7 of each byte of fa (fb) is set iff that byte of a (b) is non-zero: adding 0x7f to
    // the low 7 bits carries into bit 7 unless they are zero, and OR-ing a keeps a set bit 7.
    const fa = (((a & 0x7f7f7f7f) + 0x7f7f7f7f) | a) & 0x80808080;
    const fb = (((b & 0x7f7f7f7f) + 0x7f7f7f7f) | b) & 0x80808080;
    // Four flags at bits 0, 8, 16, 24 summed into the top byte by one multiplication.
    predicted += Math.imul(fa >>> 7, 0x01010101) >>> 24;
    actual += Math.imul(fb >>> 7, 0x01010101) >>> 24;
    overlap += Math.imul((fa & fb) >>> 7, 0x01010101) >>> 24;
  }
  return { overlap, predicted, actual };
}

/** Byte-by-byte counts over [start, end). */
function countBytes(
  prediction: Uint8Array,
  truth: Uint8Array,
  start: number,
  end: number,
): { overlap: number; predicted: number; actual: number } {
  let overlap = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = start; i < end; i++) {
    const p = prediction[i] !== 0;
    const t = truth[i] !== 0;
    predicted += Number(p);
    actual += Number(t);
    overlap += Number(p && t);
  }
  return { overlap, predicted, actual };
}
