// The closed-question task type (closed-vqa) through the real worker handler: ground truth
// stored by its own parser (yes/no questions and either-or questions with their own choices),
// free-text responses, balanced accuracy (not a mean of per-case values) with its CI, and notes.
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

// 60 questions, organ Chest for even i and Head for odd i (30 each, above the default 20):
// i < 40 yes/no (truth yes for i < 30, no for 30 ≤ i < 40), i ≥ 40 left/right (own choices).
const N = 60;
const question = (i: number) => ({
  id: `q${i}`,
  ...(i < 40
    ? { answer: i < 30 ? 'Yes' : 'no' }
    : { answer: i % 3 === 0 ? 'left' : 'right', choices: ['left', 'right'] }),
  categories: { organ: i % 2 === 0 ? 'Chest' : 'Head' },
});
// A model that says "Yes, …" to every yes/no question, answers either-or questions correctly
// except i = 41 and 44 (wrong side; both are right), and gives no usable answer to i = 58 and 59.
const response = (i: number): string => {
  if (i === 58) return 'I cannot tell.';
  if (i === 59) return 'left or right';
  if (i < 40) return 'Yes, there is an abnormality.';
  const truth = question(i).answer;
  const said = i === 41 || i === 44 ? (truth === 'left' ? 'right' : 'left') : truth;
  return `The lesion is on the ${said} side.`;
};

let dir: string;
let blobs: FileBlobStore;
let benchmarkId: string;
let trackId: string;
let phaseId: string;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'medrank-closed-'));
  blobs = new FileBlobStore(path.join(dir, 'blobs'));
  const truthFile = path.join(dir, 'truth.jsonl');
  await writeFile(
    truthFile,
    Array.from({ length: N }, (_, i) => JSON.stringify(question(i))).join('\n') + '\n',
  );
  const taskType = getTaskType('closed-vqa');
  const config = taskType.parseConfig({});
  const parsed = await taskType.parseGroundTruth(truthFile, config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));

  const benchmark = await owner.benchmark.create({
    data: {
      slug: `closed-${Date.now()}`,
      title: 'Closed fixture',
      summary: 'fixture',
      taskType: 'closed-vqa',
      status: 'PUBLISHED',
    },
  });
  benchmarkId = benchmark.id;
  const track = await owner.track.create({
    data: {
      benchmarkId,
      slug: 'closed',
      name: 'Closed questions',
      taskType: 'closed-vqa',
      taskConfig: {},
      metrics: ['closed_accuracy', 'closed_balanced_accuracy', 'extraction_failure_rate'],
      primaryMetric: 'closed_accuracy',
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

describe('closed-question scoring in the worker', () => {
  it('scores free-text answers: accuracy, balanced accuracy with its CI, failures and breakdowns', async () => {
    const body =
      Array.from({ length: N }, (_, i) =>
        JSON.stringify({ id: `q${i}`, answer: response(i) }),
      ).join('\n') + '\n';
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
    const score = (metric: string) => evaluation.scores.find((s) => s.metric === metric)!;
    // Right: 30 yes, 0 of 10 no, 20 either-or less 2 wrong and 2 failures → 46 of 60.
    expect(score('closed_accuracy').value).toBe(roundToDecimals(46 / N, 3));
    // Per true answer: yes 30/30, no 0/10; left (i ≥ 40, i % 3 = 0: 42, 45, …, 57) 6/6; right
    // (14 questions: 41 and 44 wrong, 58 and 59 failures) 10/14.
    expect(score('closed_balanced_accuracy').value).toBe(
      roundToDecimals((1 + 0 + 1 + 10 / 14) / 4, 3),
    );
    expect(score('closed_balanced_accuracy').ciLow).not.toBeNull();
    expect(score('extraction_failure_rate').value).toBe(roundToDecimals(2 / N, 3));
    expect(evaluation.notes.join(' ')).toMatch(/^2 of 60 responses state none/);

    // Hidden per-case values exist for the per-case metrics (accuracy), exact.
    const stored = await worker.caseValues.findFirstOrThrow({
      where: { metric: 'closed_accuracy', evaluation: { submissionId: id } },
    });
    const perCase = rankStats.decodeFloat64(stored.values);
    expect(perCase.reduce((sum, v) => sum + v, 0)).toBe(46);

    const byOrgan = evaluation.breakdowns.filter((b) => b.dimension === 'organ');
    expect(byOrgan.map((b) => [b.category, b.metric, b.n])).toEqual([
      ['Chest', 'closed_accuracy', 30],
      ['Chest', 'closed_balanced_accuracy', 30],
      ['Chest', 'extraction_failure_rate', 30],
      ['Head', 'closed_accuracy', 30],
      ['Head', 'closed_balanced_accuracy', 30],
      ['Head', 'extraction_failure_rate', 30],
    ]);
  });
});
