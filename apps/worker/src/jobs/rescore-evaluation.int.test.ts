import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { bumpEvaluatorVersion } from '@medrank/curation';
import { createDatabase, rescoreRuns, submissions } from '@medrank/db';
import {
  createClassificationBenchmark,
  NEAR_DUPLICATE_CHECK_OFF,
  createUserWithTeam,
  testDatabaseUrls,
} from '@medrank/db/testing';
import { RESCORE_EVALUATION_JOB } from '@medrank/jobs';
import { FileBlobStore } from '@medrank/storage';
import type { Job } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl, uniqueQueuePrefix } from '@medrank/db/testing';
import { QueueClient, createRedisConnection, rescoreEvaluationJobId } from '@medrank/jobs';
import { reconcileRescores } from '../loops/reconcile.js';
import { onJobFailed } from '../runtime.js';
import { handleRescoreEvaluation } from './rescore-evaluation.js';
import { handleScoreSubmission } from './score-submission.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 4 });
const logger = pino({ level: 'silent' });

const LABELS = [0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1];
let blobRoot: string;
let blobs: FileBlobStore;
let fixture: Awaited<ReturnType<typeof createClassificationBenchmark>>;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;
const deps = () => ({
  db: worker,
  blobs,
  logger,
  bootstrapReplicates: 50,
  jobMemoryBudgetBytes: 512 * 1024 * 1024,
});

async function submitAndScore(shift: number): Promise<string> {
  const csv =
    [
      'case_id,p_negative,p_positive',
      ...LABELS.map((y, i) => {
        const p = Math.min(0.99, Math.max(0.01, (y ? 0.7 : 0.3) + shift * ((i % 3) - 1)));
        return `c${i},${(1 - p).toFixed(3)},${p.toFixed(3)}`;
      }),
    ].join('\n') + '\n';
  const blob = await blobs.put(Readable.from([Buffer.from(csv)]), {
    keyPrefix: 'submissions',
    extension: 'csv',
    maxBytes: 1 << 20,
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId: member.teamId,
    trackId: fixture.trackId,
    phaseId: fixture.phaseId,
    submittedById: member.userId,
    methodName: `method ${shift}`,
    blobKey: blob.key,
    fileName: 'predictions.csv',
    fileBytes: blob.bytes,
    sha256: blob.sha256,
  });
  expect((await handleScoreSubmission(deps(), { submissionId: id })).outcome).toBe('scored');
  return id;
}

let first: string;
let second: string;
let runId: string;

beforeAll(async () => {
  blobRoot = await mkdtemp(path.join(os.tmpdir(), 'medrank-rescore-'));
  blobs = new FileBlobStore(blobRoot);
  fixture = await createClassificationBenchmark(owner, {
    cases: LABELS.map((y, i) => ({ caseId: `c${i}`, label: y ? 'positive' : 'negative' })),
    phase: NEAR_DUPLICATE_CHECK_OFF,
  });
  member = await createUserWithTeam(web);
  first = await submitAndScore(0.1);
  second = await submitAndScore(0.2);
  // The two files are near-duplicates of each other (scored while the check was off). A rescore
  // never runs the check: with it on now, both must still be rescored.
  await owner.phase.update({
    where: { id: fixture.phaseId },
    data: { nearDuplicateMinCases: 10, nearDuplicateMinFraction: 0.01 },
  });
  await owner.$transaction((tx) =>
    bumpEvaluatorVersion(tx, fixture.testSetId, {
      reason: 'test',
      actorId: null,
    }),
  );
  const { run } = await rescoreRuns.requestForTestSet(owner, {
    testSetId: fixture.testSetId,
    reason: 'test',
    actorId: member.userId,
    benchmarkId: fixture.benchmarkId,
    target: 'test',
  });
  runId = run.id;
  expect(run.total).toBe(2);
});

afterAll(async () => {
  await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
  await rm(blobRoot, { recursive: true, force: true });
});

const keyOf = (submissionId: string) => ({
  rescoreRunId: runId,
  submissionId,
  testSetId: fixture.testSetId,
  evaluatorVersion: 2,
});
const runState = () => owner.rescoreRun.findUniqueOrThrow({ where: { id: runId } });
const evaluationsAtV2 = (submissionId: string) =>
  owner.evaluation.count({
    where: { submissionId, testSetId: fixture.testSetId, evaluatorVersion: 2 },
  });

describe('handleRescoreEvaluation', () => {
  it('writes one evaluation with replicates and counts it once, even for concurrent duplicates', async () => {
    const outcomes = await Promise.all([
      handleRescoreEvaluation(deps(), keyOf(first)),
      handleRescoreEvaluation(deps(), keyOf(first)),
    ]);
    expect(outcomes.filter((o) => o.outcome === 'scored' && o.counted)).toHaveLength(1);
    expect(await evaluationsAtV2(first)).toBe(1);
    expect(await runState()).toMatchObject({ done: 1, failed: 0, status: 'RUNNING' });
    const evaluation = await owner.evaluation.findFirstOrThrow({
      where: { submissionId: first, evaluatorVersion: 2 },
    });
    expect(await owner.scoreReplicates.count({ where: { evaluationId: evaluation.id } })).toBe(2);
    expect(
      await owner.caseValues.count({ where: { evaluationId: evaluation.id, metric: 'accuracy' } }),
    ).toBe(1);
    // The v1 evaluation is kept; the submission's own status is untouched.
    expect(
      await owner.evaluation.count({ where: { submissionId: first, evaluatorVersion: 1 } }),
    ).toBe(1);
    expect((await owner.submission.findUniqueOrThrow({ where: { id: first } })).status).toBe(
      'SCORED',
    );
  });

  it('ignores a retried or replayed job after its outcome was recorded', async () => {
    expect(await handleRescoreEvaluation(deps(), keyOf(first))).toEqual({
      outcome: 'skipped',
      reason: 'already counted in its run',
    });
    expect(await runState()).toMatchObject({ done: 1, failed: 0 });
  });

  it('counts a job that failed for good as failed in its run, once, and finishes the run', async () => {
    const job = {
      name: RESCORE_EVALUATION_JOB,
      data: keyOf(second),
      opts: { attempts: 4 },
      attemptsMade: 4,
      id: 'x',
    } as unknown as Job;
    await onJobFailed(worker, logger, job, new Error('boom'));
    await onJobFailed(worker, logger, job, new Error('boom again'));
    expect(await runState()).toMatchObject({ done: 1, failed: 1, status: 'DONE' });
    expect((await runState()).finishedAt).not.toBeNull();
    expect((await owner.submission.findUniqueOrThrow({ where: { id: second } })).status).toBe(
      'SCORED',
    );
    // A late duplicate of the failed job writes nothing.
    expect((await handleRescoreEvaluation(deps(), keyOf(second))).outcome).toBe('skipped');
    expect(await evaluationsAtV2(second)).toBe(0);
    // The finished run moved the ranked version and asked for rank statistics.
    const outbox = await owner.outbox.findMany({
      where: { queue: 'rank-stats', payload: { equals: { testSetId: fixture.testSetId } } },
    });
    expect(outbox.length).toBeGreaterThanOrEqual(2);
  });

  it('skips jobs that do not belong to a run', async () => {
    expect(
      (await handleRescoreEvaluation(deps(), { ...keyOf(first), evaluatorVersion: 3 })).outcome,
    ).toBe('skipped');
    expect(
      (await handleRescoreEvaluation(deps(), { ...keyOf(first), rescoreRunId: 'nope' })).outcome,
    ).toBe('skipped');
  });

  it("fails (without touching the submission) when the test set moved past the run's version", async () => {
    await owner.$transaction((tx) =>
      bumpEvaluatorVersion(tx, fixture.testSetId, {
        reason: 'again',
        actorId: null,
      }),
    );
    const { run } = await rescoreRuns.requestForTestSet(owner, {
      testSetId: fixture.testSetId,
      reason: 'v3',
      actorId: member.userId,
      benchmarkId: fixture.benchmarkId,
      target: 'test',
    });
    await owner.testSet.update({ where: { id: fixture.testSetId }, data: { evaluatorVersion: 4 } });
    const outcome = await handleRescoreEvaluation(deps(), {
      rescoreRunId: run.id,
      submissionId: first,
      testSetId: fixture.testSetId,
      evaluatorVersion: 3,
    });
    expect(outcome).toMatchObject({ outcome: 'failed', counted: true });
    expect(await owner.rescoreRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      failed: 1,
    });
    expect((await owner.submission.findUniqueOrThrow({ where: { id: first } })).status).toBe(
      'SCORED',
    );
  });

  it("has the reconciler re-queue a running run's missing job through the outbox", async () => {
    const run = await owner.rescoreRun.findFirstOrThrow({
      where: { testSetId: fixture.testSetId, evaluatorVersion: 3 },
    });
    await owner.rescoreRun.update({
      where: { id: run.id },
      data: { createdAt: new Date(Date.now() - 10 * 60_000) },
    });
    const producer = createRedisConnection(testRedisUrl(), { role: 'producer' });
    const queues = new QueueClient(producer, uniqueQueuePrefix('reconcile-rescore'));
    try {
      const jobId = rescoreEvaluationJobId(second, fixture.testSetId, 3);
      const before = await owner.outbox.count({ where: { jobId } });
      const result = await reconcileRescores(worker, queues, logger, { graceMs: 60_000 });
      expect(result.requeued).toBeGreaterThanOrEqual(1);
      expect(await owner.outbox.count({ where: { jobId } })).toBe(before + 1);
      // The submission whose outcome is recorded is not re-queued.
      expect(
        await owner.outbox.count({
          where: { jobId: rescoreEvaluationJobId(first, fixture.testSetId, 3) },
        }),
      ).toBe(1);
    } finally {
      await queues.close();
      producer.disconnect();
    }
  });
});
