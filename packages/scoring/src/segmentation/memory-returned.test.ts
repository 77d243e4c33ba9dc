// "Make sure memory is actually returned": a job's decoded masks must become garbage when the job
// ends (no module-level cache may keep them). A child node with --expose-gc scores the same
// segmentation submission several times and reports the ArrayBuffer memory after each run and a
// full collection.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

const CHILD = `
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MemoryBudget } from '@medrank/core';
import { encodeNifti1, encodeZip } from '@medrank/formats';
import { getTaskType, scoreSubmissionFile } from '@medrank/scoring';

const MiB = 1024 * 1024;
const dir = mkdtempSync(path.join(os.tmpdir(), 'medrank-memory-'));
const shape = [64, 128, 128];
const mask = (offset) => {
  const data = new Uint8Array(64 * 128 * 128);
  for (let z = 8; z < 40; z++) for (let y = 32 + offset; y < 96; y++) data.fill(1, (z * 128 + y) * 128 + 32, (z * 128 + y) * 128 + 96);
  return { shape, spacingMm: [1, 1, 1], data };
};
const ids = Array.from({ length: 8 }, (_, i) => 'case' + i);
const zipOf = (m) => {
  const file = path.join(dir, Math.random().toString(36).slice(2) + '.zip');
  writeFileSync(file, encodeZip(ids.map((id) => ({ name: id + '.nii.gz', data: gzipSync(encodeNifti1(m)), method: 'store' }))));
  return file;
};
const task = getTaskType('segmentation');
const taskConfig = { labels: { 1: 'organ' } };
const truth = await task.parseGroundTruth(zipOf(mask(0)), task.parseConfig(taskConfig));
const cases = task.groundTruthCases(truth.value, task.parseConfig(taskConfig));
const testSet = { id: 't', evaluatorVersion: 1, seed: 1, caseIds: ids, truth: new Map(cases.map((c) => [c.caseId, c.truth])) };
const predictions = zipOf(mask(4));
const score = async () => {
  const memoryBudget = new MemoryBudget(64 * MiB);
  const result = await scoreSubmissionFile({ taskType: 'segmentation', taskConfig, metrics: ['dice'], file: { path: predictions, name: 'p.zip' }, testSets: [testSet], bootstrapReplicates: 20, memoryBudget });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return memoryBudget.peakBytes;
};
const settled = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().arrayBuffers; };
await score(); // warm-up: modules, JIT, zlib
const baseline = settled();
const runs = [];
for (let i = 0; i < 4; i++) runs.push({ peakReservedBytes: await score(), arrayBuffersAfter: settled() });
console.log(JSON.stringify({ baseline, runs }));
`;

describe('memory of a scoring job', () => {
  it('is returned after the job: decoded masks are not kept anywhere', () => {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', CHILD],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
    const { baseline, runs } = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      baseline: number;
      runs: { peakReservedBytes: number; arrayBuffersAfter: number }[];
    };
    const MiB = 1024 * 1024;
    for (const run of runs) {
      // Each job held 8 MiB of truth and 8 MiB of predicted masks…
      expect(run.peakReservedBytes).toBeGreaterThanOrEqual(16 * MiB);
      // …and none of it is left once the job is over.
      expect(run.arrayBuffersAfter - baseline).toBeLessThan(MiB);
    }
  }, 90_000);
});
