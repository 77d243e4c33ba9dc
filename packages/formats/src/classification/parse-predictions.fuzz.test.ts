import { Readable } from 'node:stream';
import type { ParseResult } from '../csv/issue-collector.js';
import { describe, expect, it } from 'vitest';
import { parseClassificationGroundTruth } from './parse-classification-ground-truth.js';
import { parseClassificationPredictions } from './parse-classification-predictions.js';

// Seeded fuzzing: random bytes, truncations and mutations of valid files must always resolve to
// a clear result (ok, or issues with messages) quickly; never throw, never hang.

function lcg(seed: number) {
  let state = seed >>> 0;
  return (bound: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % bound;
  };
}

const caseIds = Array.from({ length: 40 }, (_, i) => `case-${i}`);
const classes = ['a', 'b', 'c'];
const validPredictions = Buffer.from(
  'case_id,p_a,p_b,p_c\n' +
    caseIds.map((id, i) => `${id},0.${i % 10},0.${9 - (i % 10)},0.1`).join('\n') +
    '\n',
);
const validTruth = Buffer.from(
  'case_id,label\n' + caseIds.map((id, i) => `${id},${classes[i % 3]}`).join('\n') + '\n',
);

const ALPHABET = Buffer.from(',"\n\r0.1e-ab_\uFEFF\0\xff');

function mutate(valid: Buffer, random: (bound: number) => number): Buffer {
  const kind = random(4);
  if (kind === 0) return Buffer.from(Array.from({ length: random(300) }, () => random(256)));
  if (kind === 1) return valid.subarray(0, random(valid.length + 1));
  const bytes = Buffer.from(valid);
  const edits = 1 + random(8);
  for (let e = 0; e < edits; e++)
    bytes[random(bytes.length)] = kind === 2 ? random(256) : ALPHABET[random(ALPHABET.length)]!;
  return bytes;
}

async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('parsers under fuzzing', () => {
  it('return a clear result for 400 seeded random, truncated and mutated files', async () => {
    const random = lcg(20240611);
    let okCount = 0,
      failedCount = 0;
    for (let round = 0; round < 400; round++) {
      const isTruth = round % 4 === 3;
      const bytes = mutate(isTruth ? validTruth : validPredictions, random);
      // Split into random chunks so chunk boundaries are fuzzed as well.
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + random(64);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const result = await withinMs<ParseResult<unknown>>(
        isTruth
          ? parseClassificationGroundTruth(Readable.from(chunks), { classes })
          : parseClassificationPredictions(Readable.from(chunks), { caseIds, classes }),
        2000,
      );
      if (result.ok) {
        okCount++;
      } else {
        failedCount++;
        expect(result.issues.length).toBeGreaterThan(0);
        expect(result.issueCount).toBeGreaterThanOrEqual(result.issues.length);
        for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(5);
      }
    }
    expect(failedCount).toBeGreaterThan(200); // most mutations must be caught
    expect(okCount + failedCount).toBe(400);
  });

  it('accepts the unmutated files', async () => {
    expect(
      (
        await parseClassificationPredictions(Readable.from([validPredictions]), {
          caseIds,
          classes,
        })
      ).ok,
    ).toBe(true);
    expect(
      (await parseClassificationGroundTruth(Readable.from([validTruth]), { classes })).ok,
    ).toBe(true);
  });
});
