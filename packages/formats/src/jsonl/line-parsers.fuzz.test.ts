import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../csv/issue-collector.js';
import { parseAnswerPredictions } from '../answers/parse-answer-predictions.js';
import { parseMultipleChoiceGroundTruth } from '../multiple-choice/parse-multiple-choice-ground-truth.js';
import { parseOpenVqaGroundTruth } from '../open-vqa/parse-open-vqa-ground-truth.js';
import {
  parseReportGroundTruth,
  parseReportPredictions,
} from '../report-generation/parse-reports.js';
import { parseTrecQrels, parseTrecRun } from '../trec/parse-trec.js';

// Seeded fuzzing of the line-based parsers (JSONL, TREC): random bytes, truncations and mutations
// of valid files, fed in random chunks, must always resolve to ok or to issues with messages,
// quickly; never throw, never hang.

function lcg(seed: number) {
  let state = seed >>> 0;
  return (bound: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % bound;
  };
}

const caseIds = Array.from({ length: 20 }, (_, i) => `q${i}`);
const jsonl = (rows: unknown[]) =>
  Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const valid = {
  mcTruth: jsonl(
    caseIds.map((id, i) => ({
      id,
      answer: 'ABC'[i % 3],
      options: ['x', 'y', 'z'],
      categories: { m: `c${i % 2}` },
    })),
  ),
  answers: jsonl(caseIds.map((id) => ({ id, answer: 'The answer is (B)' }))),
  openTruth: jsonl(caseIds.map((id) => ({ id, answer: ['liver', 'hepatic'] }))),
  reports: jsonl(caseIds.map((id) => ({ id, findings: 'no effusion .', impression: 'normal .' }))),
  qrels: Buffer.from(
    caseIds.map((id, i) => `${id} 0 d${i} ${i % 3}\n${id} 0 e${i} 1`).join('\n') + '\n',
  ),
  run: Buffer.from(
    caseIds.map((id, i) => `${id} Q0 d${i} 1 0.${i} run\n${id} Q0 e${i} 2 0.0${i} run`).join('\n') +
      '\n',
  ),
};
const parsers: [keyof typeof valid, (source: Readable) => Promise<ParseResult<unknown>>][] = [
  ['mcTruth', (s) => parseMultipleChoiceGroundTruth(s)],
  ['answers', (s) => parseAnswerPredictions(s, { caseIds, format: 'jsonl' })],
  ['openTruth', (s) => parseOpenVqaGroundTruth(s)],
  ['reports', (s) => parseReportGroundTruth(s, { sections: ['findings'] })],
  ['reports', (s) => parseReportPredictions(s, { caseIds, sections: ['findings', 'impression'] })],
  ['qrels', (s) => parseTrecQrels(s)],
  ['run', (s) => parseTrecRun(s, { caseIds })],
];

const ALPHABET = Buffer.from('{}[]":, \n\r0.1e-abQ\uFEFF\0\xff\\');

function mutate(bytes: Buffer, random: (bound: number) => number): Buffer {
  const kind = random(4);
  if (kind === 0) return Buffer.from(Array.from({ length: random(300) }, () => random(256)));
  if (kind === 1) return bytes.subarray(0, random(bytes.length + 1));
  const out = Buffer.from(bytes);
  for (let e = 0, edits = 1 + random(8); e < edits; e++)
    out[random(out.length)] = kind === 2 ? random(256) : ALPHABET[random(ALPHABET.length)]!;
  return out;
}

describe('line-based parsers under fuzzing', () => {
  it('return a clear result for 700 seeded random, truncated and mutated files', async () => {
    const random = lcg(20261128);
    let okCount = 0,
      failedCount = 0;
    for (let round = 0; round < 700; round++) {
      const [kind, parse] = parsers[round % parsers.length]!;
      const bytes = mutate(valid[kind], random);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + random(64);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const result = await parse(Readable.from(chunks));
      if (result.ok) okCount++;
      else {
        failedCount++;
        expect(result.issueCount).toBeGreaterThanOrEqual(result.issues.length);
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(5);
      }
    }
    expect(failedCount).toBeGreaterThan(300);
    expect(okCount).toBeGreaterThan(10);
  });

  it('accepts the unmutated files', async () => {
    for (const [kind, parse] of parsers)
      expect((await parse(Readable.from([valid[kind]]))).ok).toBe(true);
  });
});
