// A non-classification task type through the real worker handler: multiple-choice VQA with
// ground truth stored by the task type's own parser, per-category breakdowns and notes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { roundToDecimals } from '@medrank/core';
import { createDatabase, groundTruth, rankStats, submissions } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { getTaskType } from '@medrank/scoring';
import { FileBlobStore } from '@medrank/storage';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleScoreSubmission } from './score-submission.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

const N = 60; // 30 CT + 30 MRI questions: both categories reach the default minimum of 20 cases
const LETTERS = ['A', 'B', 'C', 'D'];
const question = (i: number) => ({
  id: `q${i}`,
  answer: LETTERS[i % 4]!,
  options: ['pneumonia', 'effusion', 'normal', 'nodule'],
  categories: { modality: i % 2 === 0 ? 'CT' : 'MRI' },
});

let dir: string;
let blobs: FileBlobStore;
let benchmarkId: string;
let trackId: string;
let phaseId: string;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'medrank-mc-'));
  blobs = new FileBlobStore(path.join(dir, 'blobs'));
  const truthFile = path.join(dir, 'truth.jsonl');
  await writeFile(
    truthFile,
    Array.from({ length: N }, (_, i) => JSON.stringify(question(i))).join('\n') + '\n',
  );
  const taskType = getTaskType('multiple-choice');
  const config = taskType.parseConfig({});
  const parsed = await taskType.parseGroundTruth(truthFile, config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));

  const benchmark = await owner.benchmark.create({
    data: {
      slug: `mc-${Date.now()}`,
      title: 'MC fixture',
      summary: 'fixture',
      taskType: 'multiple-choice',
      status: 'PUBLISHED',
    },
  });
  benchmarkId = benchmark.id;
  const track = await owner.track.create({
    data: {
      benchmarkId,
      slug: 'closed',
      name: 'Closed questions',
      taskType: 'multiple-choice',
      taskConfig: {},
      metrics: ['vqa_accuracy', 'extraction_failure_rate'],
      primaryMetric: 'vqa_accuracy',
    },
  });
  trackId = track.id;
  const testSet = await owner.testSet.create({
    data: { trackId, slug: 'test', name: 'Test', bootstrapSeed: 11 },
  });
  await groundTruth.replaceForTestSet(
    owner,
    testSet.id,
    taskType.groundTruthCases(parsed.value, config),
  );
  phaseId = (
    await owner.phase.create({ data: { benchmarkId, name: 'Open', opensAt: new Date(0) } })
  ).id;
  member = await createUserWithTeam(web);
});

afterAll(async () => {
  await owner.benchmark.delete({ where: { id: benchmarkId } });
  await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
  await rm(dir, { recursive: true, force: true });
});

describe('multiple-choice scoring in the worker', () => {
  it('scores answers given as letters, option text or sentences, with breakdowns per modality', async () => {
    // 45 right (letters, option text, "The answer is X"), 14 wrong, 1 that names no option.
    const answers = Array.from({ length: N }, (_, i) => {
      const q = question(i);
      if (i === 59) return { id: q.id, answer: 'I cannot tell from this image.' };
      if (i % 4 === 3 && i < 56) return { id: q.id, answer: LETTERS[(i + 1) % 4] }; // wrong
      if (i % 3 === 0) return { id: q.id, answer: q.options[LETTERS.indexOf(q.answer)] };
      if (i % 3 === 1) return { id: q.id, answer: `The answer is ${q.answer}.` };
      return { id: q.id, answer: q.answer };
    });
    const body = answers.map((a) => JSON.stringify(a)).join('\n') + '\n';
    const blob = await blobs.put(Readable.from([Buffer.from(body)]), {
      keyPrefix: 'submissions',
      extension: 'jsonl',
      maxBytes: 1 << 20,
    });
    const { id } = await submissions.createWithOutbox(web, {
      teamId: member.teamId,
      trackId,
      phaseId,
      submittedById: member.userId,
      methodName: 'VLM',
      blobKey: blob.key,
      fileName: 'answers.jsonl',
      fileBytes: blob.bytes,
      sha256: blob.sha256,
    });

    const outcome = await handleScoreSubmission(
      {
        db: worker,
        blobs,
        logger: pino({ level: 'silent' }),
        bootstrapReplicates: 200,
        jobMemoryBudgetBytes: 512 * 1024 * 1024,
      },
      { submissionId: id },
    );
    expect(outcome).toEqual({ outcome: 'scored', evaluationsWritten: 1 });

    const scored = await submissions.findById(web, id, { userId: member.userId, role: 'user' });
    const evaluation = scored!.evaluations[0]!;
    const correct = answers.filter((a, i) => i !== 59 && !(i % 4 === 3 && i < 56)).length;
    // Public numbers at the phase's stated precision (3 decimals by default) ...
    expect(evaluation.scores.find((s) => s.metric === 'vqa_accuracy')!.value).toBe(
      roundToDecimals(correct / N, 3),
    );
    expect(evaluation.scores.find((s) => s.metric === 'extraction_failure_rate')!.value).toBe(
      roundToDecimals(1 / N, 3),
    );
    // ... and the hidden per-case values exact, for rank statistics, subsets and comparisons.
    const stored = await worker.caseValues.findFirstOrThrow({
      where: { metric: 'vqa_accuracy', evaluation: { submissionId: id } },
    });
    const perCase = rankStats.decodeFloat64(stored.values);
    expect(perCase.reduce((sum, v) => sum + v, 0) / perCase.length).toBeCloseTo(correct / N, 12);
    const byModality = evaluation.breakdowns.filter(
      (b) => b.dimension === 'modality' && b.metric === 'vqa_accuracy',
    );
    expect(byModality.map((b) => [b.category, b.n])).toEqual([
      ['CT', 30],
      ['MRI', 30],
    ]);
    for (const b of byModality) expect(b.ciLow).not.toBeNull();
    // Breakdowns are stored at the stated precision (3 decimals) too.
    for (const b of evaluation.breakdowns)
      for (const x of [b.value, b.ciLow, b.ciHigh]) expect(x).toBe(roundToDecimals(x, 3));
    expect(evaluation.notes.join(' ')).toMatch(/1/);
  });
});
