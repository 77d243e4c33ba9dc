import { describe, expect, it } from 'vitest';
import {
  buildFingerprint,
  concatFingerprints,
  countChangedCases,
  hashKey,
  keyFromDigest,
  MAX_RANK_UNITS,
  normalisedRanks,
} from './prediction-fingerprint.js';

const keys = (...values: number[]) => Uint32Array.from(values);

describe('hashKey', () => {
  it('is the 32-bit FNV-1a hash of the UTF-8 bytes', () => {
    // Reference values of FNV-1a 32 (draft-eastlake-fnv): "" and "a".
    expect(hashKey('')).toBe(0x811c9dc5);
    expect(hashKey('a')).toBe(0xe40c292c);
    expect(hashKey('foobar')).toBe(0xbf9cf968);
  });

  it('hashes non-ASCII text through UTF-8', () => {
    expect(hashKey('é')).not.toBe(hashKey('e'));
    expect(hashKey('é')).toBe(hashKey('e\u0301'.normalize('NFC')));
  });
});

describe('keyFromDigest', () => {
  it('reads the first four bytes big-endian as an unsigned number', () => {
    expect(keyFromDigest(Uint8Array.of(0xff, 0, 0, 1, 9))).toBe(0xff000001);
    expect(() => keyFromDigest(Uint8Array.of(1, 2))).toThrow(RangeError);
  });
});

describe('normalisedRanks', () => {
  it('scales average ranks to 0…65535, ties sharing their mean rank', () => {
    expect([...normalisedRanks([0.1, 0.9, 0.5, 0.5])]).toEqual([0, 65535, 32768, 32768]);
    expect([...normalisedRanks([3, 1, 2])]).toEqual([65535, 0, 32768]);
    expect([...normalisedRanks([7, 7, 7])]).toEqual([32768, 32768, 32768]);
  });

  it('gives 0 to a single value and nothing to none', () => {
    expect([...normalisedRanks([4.2])]).toEqual([0]);
    expect(normalisedRanks([])).toHaveLength(0);
  });

  it('is unchanged by a strictly increasing transform', () => {
    const values = Array.from({ length: 500 }, (_, i) => Math.sin(i * 12.9898) * 0.5 + 0.5);
    const transformed = values.map((v) => Math.log(v * 0.999 + 1e-3) * 3 + 7);
    expect([...normalisedRanks(transformed)]).toEqual([...normalisedRanks(values)]);
  });

  it('refuses NaN', () => {
    expect(() => normalisedRanks([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('buildFingerprint and concatFingerprints', () => {
  it('stores ranks channel-major', () => {
    const fp = buildFingerprint(keys(1, 2, 3), [
      [0.1, 0.2, 0.3],
      [0.3, 0.2, 0.1],
    ]);
    expect(fp.channels).toBe(2);
    expect([...fp.ranks!]).toEqual([0, 32768, 65535, 65535, 32768, 0]);
  });

  it('refuses a channel of the wrong length', () => {
    expect(() => buildFingerprint(keys(1, 2), [[0.5]])).toThrow(RangeError);
  });

  it('concatenates parts keeping each part ranked within itself', () => {
    const a = buildFingerprint(keys(1, 2), [[0.2, 0.1]]);
    const b = buildFingerprint(keys(3, 4, 5), [[10, 30, 20]]);
    const both = concatFingerprints([a, b]);
    expect(both.caseCount).toBe(5);
    expect([...both.keys]).toEqual([1, 2, 3, 4, 5]);
    expect([...both.ranks!]).toEqual([65535, 0, 0, 65535, 32768]);
  });

  it('concatenates multi-channel parts channel-major', () => {
    const a = buildFingerprint(keys(1), [[1], [2]]);
    const b = buildFingerprint(keys(2, 3), [
      [1, 2],
      [2, 1],
    ]);
    expect([...concatFingerprints([a, b]).ranks!]).toEqual([0, 0, 65535, 0, 65535, 0]);
  });

  it('refuses parts with different channel counts', () => {
    expect(() =>
      concatFingerprints([buildFingerprint(keys(1)), buildFingerprint(keys(2), [[1]])]),
    ).toThrow(RangeError);
  });
});

describe('countChangedCases', () => {
  const base = buildFingerprint(keys(1, 2, 3, 4, 5), [[0.1, 0.2, 0.3, 0.4, 0.5]]);

  it('is 0 for the same fingerprint', () => {
    expect(countChangedCases(base, base, 0)).toBe(0);
  });

  it('counts a changed key once, whatever its channels do', () => {
    const other = buildFingerprint(keys(1, 2, 9, 4, 5), [[0.5, 0.2, 0.3, 0.4, 0.1]]);
    // Case 2's key changed; cases 0 and 4 swapped ranks (a move of the whole range).
    expect(countChangedCases(base, other, 100)).toBe(3);
  });

  it('counts a rank move only beyond the tolerance (exactly τ is not a change)', () => {
    const a = { ...base, ranks: Uint16Array.of(0, 1000, 2000, 3000, 4000) };
    const b = { ...base, ranks: Uint16Array.of(0, 1500, 2000, 3501, 4000) };
    expect(countChangedCases(a, b, 500)).toBe(1);
    expect(countChangedCases(a, b, 501)).toBe(0);
    expect(countChangedCases(a, b, 499)).toBe(2);
  });

  it('compares keys only when the channel counts differ (labels-only against probabilities)', () => {
    const labelsOnly = buildFingerprint(keys(1, 2, 3, 4, 5));
    const shuffled = buildFingerprint(keys(1, 2, 3, 4, 5), [[0.5, 0.4, 0.3, 0.2, 0.1]]);
    expect(countChangedCases(labelsOnly, shuffled, 0)).toBe(0);
    expect(countChangedCases(base, shuffled, 0)).toBe(4);
  });

  it('is 0 for two empty fingerprints', () => {
    expect(countChangedCases(buildFingerprint(keys()), buildFingerprint(keys()), 0)).toBe(0);
  });

  it('refuses fingerprints of different case counts and a tolerance outside 0…65535', () => {
    expect(() => countChangedCases(base, buildFingerprint(keys(1)), 0)).toThrow(
      /5 and 1 cases are not comparable/,
    );
    expect(() => countChangedCases(base, base, -1)).toThrow(RangeError);
    expect(() => countChangedCases(base, base, MAX_RANK_UNITS + 1)).toThrow(RangeError);
    expect(() => countChangedCases(base, base, 0.5)).toThrow(RangeError);
  });
});
