import { describe, expect, it } from 'vitest';
import {
  findNearDuplicate,
  minChangedCases,
  rankToleranceUnits,
  RANK_TOLERANCE_FRACTION,
} from './near-duplicate.js';
import { buildFingerprint, countChangedCases, hashKey } from './prediction-fingerprint.js';

/** A binary classifier's probability file as a fingerprint: argmax key + two rank channels. */
function probabilityFile(pPositive: readonly number[]) {
  return buildFingerprint(
    Uint32Array.from(pPositive, (p) => hashKey(`class:${p >= 0.5 ? 1 : 0}`)),
    [pPositive.map((p) => 1 - p), pPositive],
  );
}

describe('minChangedCases', () => {
  it.each([
    [{ minCases: 10, minFraction: 0.01 }, 156, 10],
    [{ minCases: 10, minFraction: 0.01 }, 5000, 50],
    [{ minCases: 10, minFraction: 0.01 }, 1001, 11],
    [{ minCases: 0, minFraction: 0.01 }, 300, 3], // 0.01 × 300 is 3.0000000000000004 in binary
    [{ minCases: 3, minFraction: 0 }, 300, 3],
    [{ minCases: 0, minFraction: 0 }, 300, 0],
    [{ minCases: 10, minFraction: 0.01 }, 5, 5], // a tiny test set: every case must change
  ])('%o over %d cases → %d', (settings, caseCount, expected) => {
    expect(minChangedCases(settings, caseCount)).toBe(expected);
  });

  it('refuses settings no curator could have meant', () => {
    expect(() => minChangedCases({ minCases: -1, minFraction: 0 }, 10)).toThrow(RangeError);
    expect(() => minChangedCases({ minCases: 1.5, minFraction: 0 }, 10)).toThrow(RangeError);
    expect(() => minChangedCases({ minCases: 0, minFraction: 1.2 }, 10)).toThrow(RangeError);
    expect(() => minChangedCases({ minCases: 0, minFraction: Number.NaN }, 10)).toThrow(RangeError);
  });
});

describe('rankToleranceUnits', () => {
  it('is 5 % of the rank range on large test sets', () => {
    expect(RANK_TOLERANCE_FRACTION).toBe(0.05);
    expect(rankToleranceUnits([10_000], 10)).toBe(3277);
  });

  it('rises to the bystander bound (m − 1)/(n − 1) of the range, plus rounding, on small ones', () => {
    // BreastMNIST: 156 cases, m = 10 → ceil(9 · 65535 / 155) + 1.
    expect(rankToleranceUnits([156], 10)).toBe(3807);
    // The smallest test set of a track sets it.
    expect(rankToleranceUnits([10_000, 156], 10)).toBe(3807);
    expect(rankToleranceUnits([12], 10)).toBe(Math.ceil((9 * 65535) / 11) + 1);
    expect(rankToleranceUnits([3], 10)).toBe(65535);
  });
});

describe('the near-duplicate check against probing', () => {
  const n = 156;
  const m = minChangedCases({ minCases: 10, minFraction: 0.01 }, n);
  const tolerance = rankToleranceUnits([n], m);
  /** Everything at 0.5 except the targets, at distinct scores (the AUROC probe of the issue). */
  const probe = (targets: readonly number[], scores: readonly number[]) => {
    const p = new Array<number>(n).fill(0.5);
    targets.forEach((t, i) => (p[t] = scores[i]!));
    return probabilityFile(p);
  };
  const PROBE_SCORES = [0.9, 0.8, 0.2, 0.1];

  it('counts 8 changed cases between two four-target probes (4 targets reset, 4 new)', () => {
    const first = probe([0, 1, 2, 3], PROBE_SCORES);
    const second = probe([4, 5, 6, 7], PROBE_SCORES);
    expect(countChangedCases(first, second, tolerance)).toBe(8);
    expect(
      findNearDuplicate(second, [{ ref: 'first', fingerprint: first }], {
        minChanged: m,
        toleranceRankUnits: tolerance,
      }),
    ).toEqual({ ref: 'first', changedCases: 8 });
  });

  it('is not fooled by shifting every other case: 8 targets from the bottom to the top count 8', () => {
    const low = probe([0, 1, 2, 3, 4, 5, 6, 7], [0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17]);
    const high = probe([0, 1, 2, 3, 4, 5, 6, 7], [0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97]);
    expect(countChangedCases(low, high, tolerance)).toBe(8);
    // A fixed 5 % tolerance alone would see all 156 cases "move" (8 places = 5.2 % of the range).
    expect(countChangedCases(low, high, Math.ceil(0.05 * 65535))).toBe(n);
  });

  it('never counts more changed cases than were edited, whatever the edits (random trials)', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let trial = 0; trial < 200; trial++) {
      const base = Array.from({ length: n }, () => Math.round(random() * 20) / 20);
      const edited = [...base];
      const edits = 1 + Math.floor(random() * (m - 1));
      for (let e = 0; e < edits; e++) edited[Math.floor(random() * n)] = random();
      expect(
        countChangedCases(probabilityFile(base), probabilityFile(edited), tolerance),
      ).toBeLessThanOrEqual(edits);
    }
  });

  it('lets a genuinely different model through', () => {
    const modelA = Array.from({ length: n }, (_, i) => (Math.sin(i) + 1) / 2);
    const modelB = Array.from({ length: n }, (_, i) => (Math.cos(i * 1.3) + 1) / 2);
    expect(
      findNearDuplicate(
        probabilityFile(modelB),
        [{ ref: 'a', fingerprint: probabilityFile(modelA) }],
        {
          minChanged: m,
          toleranceRankUnits: tolerance,
        },
      ),
    ).toBeNull();
  });
});

describe('findNearDuplicate', () => {
  const fp = (...labels: number[]) =>
    buildFingerprint(Uint32Array.from(labels, (l) => hashKey(String(l))));
  const options = { minChanged: 2, toleranceRankUnits: 0 };

  it('names the closest earlier fingerprint under m', () => {
    const candidate = fp(1, 1, 1, 1);
    const match = findNearDuplicate(
      candidate,
      [
        { ref: 'far', fingerprint: fp(2, 2, 2, 2) },
        { ref: 'one-off', fingerprint: fp(1, 1, 1, 2) },
        { ref: 'same', fingerprint: fp(1, 1, 1, 1) },
      ],
      options,
    );
    expect(match).toEqual({ ref: 'same', changedCases: 0 });
  });

  it('is null when every earlier file differs in at least m cases, when m is 0, and with no history', () => {
    expect(
      findNearDuplicate(fp(1, 1, 1), [{ ref: 'x', fingerprint: fp(2, 2, 1) }], options),
    ).toBeNull();
    expect(
      findNearDuplicate(fp(1, 1, 1), [{ ref: 'x', fingerprint: fp(1, 1, 1) }], {
        minChanged: 0,
        toleranceRankUnits: 0,
      }),
    ).toBeNull();
    expect(findNearDuplicate(fp(1), [], options)).toBeNull();
  });

  it('skips earlier fingerprints of another case count (the test set changed since)', () => {
    expect(
      findNearDuplicate(fp(1, 1), [{ ref: 'old', fingerprint: fp(1, 1, 1) }], options),
    ).toBeNull();
  });
});
