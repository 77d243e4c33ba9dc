// Prediction fingerprints: the canonical per-case form of a submission's predictions that
// near-duplicate detection compares (SECURITY.md, "crafted submissions"). A fingerprint keeps what
// the metrics can see and drops what they cannot: the discrete part of each case's prediction as a
// 32-bit key, and numeric scores only as their ranks, since rank metrics (AUROC, AP) are invariant
// to monotone transforms. Stored in the hidden schema (hidden.prediction_fingerprints).

/** Largest normalised rank: ranks are stored as uint16, 0…65535. */
export const MAX_RANK_UNITS = 65_535;

/** Per case, in the test sets' case order (test sets in track order). */
export interface PredictionFingerprint {
  caseCount: number;
  /** Per case, a 32-bit hash of the discrete part of its prediction. */
  keys: Uint32Array;
  /** Numeric channels (e.g. one per class column of probabilities); 0 when the task has none. */
  channels: number;
  /**
   * Channel-major normalised ranks: `ranks[c * caseCount + i]` is case i's rank in channel c,
   * scaled to 0…MAX_RANK_UNITS within its test set (ties share their average rank). Null when
   * `channels` is 0.
   */
  ranks: Uint16Array | null;
}

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/**
 * 32-bit FNV-1a hash of the UTF-8 bytes of `text`: the key of a case's discrete prediction. Not a
 * cryptographic hash; a collision only makes two different predictions count as equal, which makes
 * the near-duplicate check stricter, never weaker.
 * @example hashKey('B') // 0x3e0c60b5 (as an unsigned 32-bit number)
 */
export function hashKey(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(text)) hash = Math.imul(hash ^ byte, FNV_PRIME);
  return hash >>> 0;
}

/** The first 32 bits (big-endian) of a digest, as an unsigned key. */
export function keyFromDigest(digest: Uint8Array): number {
  if (digest.length < 4) throw new RangeError('keyFromDigest: a digest has at least 4 bytes');
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

/**
 * Average ranks of `values` (1-based; tied values share the mean of their ranks, as scipy's
 * `rankdata(method='average')`), scaled linearly to 0…MAX_RANK_UNITS: the smallest value gets 0,
 * the largest MAX_RANK_UNITS. One value gets 0. A strictly increasing transform of the values
 * leaves the result unchanged.
 * @throws {RangeError} on a NaN (predictions are validated to be finite before this).
 * @example normalisedRanks(Float64Array.of(0.1, 0.9, 0.5, 0.5)) // Uint16Array [0, 65535, 32768, 32768]
 */
export function normalisedRanks(values: ArrayLike<number>): Uint16Array {
  const n = values.length;
  const out = new Uint16Array(n);
  if (n < 2) return out;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++)
    if (Number.isNaN(values[i]!)) throw new RangeError('normalisedRanks: NaN is not rankable');
  order.sort((a, b) => values[a]! - values[b]!);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // 0-based average position of the tie group [start, end).
    const averagePosition = (start + end - 1) / 2;
    const scaled = Math.round((averagePosition / (n - 1)) * MAX_RANK_UNITS);
    for (let k = start; k < end; k++) out[order[k]!] = scaled;
    start = end;
  }
  return out;
}

/**
 * A fingerprint from per-case keys and numeric channels (each aligned to the cases, ranked here).
 * @throws {RangeError} when a channel's length differs from the number of keys.
 */
export function buildFingerprint(
  keys: Uint32Array,
  channels: readonly ArrayLike<number>[] = [],
): PredictionFingerprint {
  const caseCount = keys.length;
  if (channels.length === 0) return { caseCount, keys, channels: 0, ranks: null };
  const ranks = new Uint16Array(channels.length * caseCount);
  channels.forEach((values, c) => {
    if (values.length !== caseCount)
      throw new RangeError(
        `buildFingerprint: channel ${c} has ${values.length} values for ${caseCount} cases`,
      );
    ranks.set(normalisedRanks(values), c * caseCount);
  });
  return { caseCount, keys, channels: channels.length, ranks };
}

/**
 * One fingerprint of consecutive parts (one per test set, each ranked within itself), in order.
 * Ranks stay per part: a test set's metrics see only its own cases, so rescaling one test set's
 * scores must not look like a change of the other's.
 * @throws {RangeError} when the parts have different channel counts.
 */
export function concatFingerprints(parts: readonly PredictionFingerprint[]): PredictionFingerprint {
  const caseCount = parts.reduce((sum, p) => sum + p.caseCount, 0);
  const channels = parts[0]?.channels ?? 0;
  if (parts.some((p) => p.channels !== channels))
    throw new RangeError('concatFingerprints: every part needs the same number of channels');
  const keys = new Uint32Array(caseCount);
  const ranks = channels > 0 ? new Uint16Array(channels * caseCount) : null;
  let offset = 0;
  for (const part of parts) {
    keys.set(part.keys, offset);
    if (ranks && part.ranks)
      for (let c = 0; c < channels; c++)
        ranks.set(
          part.ranks.subarray(c * part.caseCount, (c + 1) * part.caseCount),
          c * caseCount + offset,
        );
    offset += part.caseCount;
  }
  return { caseCount, keys, channels, ranks };
}

/**
 * How many cases differ between two fingerprints of the same cases: a case differs when its key
 * differs or, where both have the same numeric channels, one of its ranks moved by more than
 * `toleranceRankUnits` (0…MAX_RANK_UNITS). When the channel counts differ (e.g. a label-only file
 * against a probability file) only keys are compared, so the count can only be lower.
 * @throws {RangeError} when the fingerprints cover a different number of cases, or the tolerance
 * is not an integer in 0…MAX_RANK_UNITS.
 * @example countChangedCases(fp, fp, 3277) // 0
 */
export function countChangedCases(
  a: PredictionFingerprint,
  b: PredictionFingerprint,
  toleranceRankUnits: number,
): number {
  if (a.caseCount !== b.caseCount)
    throw new RangeError(
      `countChangedCases: fingerprints of ${a.caseCount} and ${b.caseCount} cases are not comparable`,
    );
  if (
    !Number.isInteger(toleranceRankUnits) ||
    toleranceRankUnits < 0 ||
    toleranceRankUnits > MAX_RANK_UNITS
  )
    throw new RangeError(
      `countChangedCases: toleranceRankUnits must be an integer in 0…${MAX_RANK_UNITS}, got ${toleranceRankUnits}`,
    );
  const n = a.caseCount;
  const channels = a.channels === b.channels && a.ranks && b.ranks ? a.channels : 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    if (a.keys[i] !== b.keys[i]) {
      changed++;
      continue;
    }
    for (let c = 0; c < channels; c++) {
      const j = c * n + i;
      if (Math.abs(a.ranks![j]! - b.ranks![j]!) > toleranceRankUnits) {
        changed++;
        break;
      }
    }
  }
  return changed;
}
