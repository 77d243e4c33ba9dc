// A scoring job whose worker stops (or loses its lock) more than MAX_STALLED_COUNT times is failed
// by BullMQ, on its next pick-up, with BullMQ's own words ("job stalled more than allowable
// limit"). The submitter must read a sentence meant for them instead, and the scorer must not
// run again. The stalls are real: a job fetched by hand whose lock is never renewed, found by
// BullMQ's stalled-job check.
import { createDatabase } from '@medrank/db';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  testDatabaseUrls,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@medrank/db/testing';
import { SCORING_QUEUE, createRedisConnection, scoreSubmissionJobId } from '@medrank/jobs';
import { FileBlobStore } from '@medrank/storage';
import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_STALLED_COUNT } from './job-failures.js';
import { onJobFailed } from './runtime.js';
import {
  classificationCases,
  classificationCsv,
  makeTempDir,
  submitFile,
  until,
} from './testing/fault-harness.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });
const logger = pino({ level: 'silent' });
const connection = createRedisConnection(testRedisUrl(), { role: 'worker' });
const prefix = uniqueQueuePrefix('stalled-limit');
const LOCK_MS = 300;

let fixture: Awaited<ReturnType<typeof createClassificationBenchmark>>;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;
let blobs: FileBlobStore;

beforeAll(async () => {
  blobs = new FileBlobStore(await makeTempDir('stalled-limit'));
  fixture = await createClassificationBenchmark(owner, { cases: classificationCases(20) });
  member = await createUserWithTeam(web);
});

afterAll(async () => {
  if (fixture) await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  if (member) await owner.user.delete({ where: { id: member.userId } });
  await new Queue(SCORING_QUEUE, { connection, prefix }).obliterate({ force: true });
  connection.disconnect();
  await Promise.all([owner.$disconnect(), web.$disconnect(), workerDb.$disconnect()]);
});

it(`fails a job stalled ${MAX_STALLED_COUNT + 1} times with a message for the submitter, without scoring it again`, async () => {
  const submissionId = await submitFile(
    web,
    blobs,
    { ...member, trackId: fixture.trackId, phaseId: fixture.phaseId },
    classificationCsv(20),
  );
  const queue = new Queue(SCORING_QUEUE, { connection, prefix });
  const jobId = scoreSubmissionJobId(submissionId);
  await queue.add('score-submission', { submissionId }, { jobId });

  // A worker that only fetches by hand (so nothing renews the lock) and runs BullMQ's stalled-job
  // check, with the platform's stall limit.
  const stalling = new Worker(SCORING_QUEUE, null, {
    connection,
    prefix,
    autorun: false,
    lockDuration: LOCK_MS,
    stalledInterval: LOCK_MS,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  await stalling.startStalledCheckTimer();
  for (let stall = 1; stall <= MAX_STALLED_COUNT + 1; stall++) {
    const job = await stalling.getNextJob(`stalling-${stall}`);
    expect(job?.id).toBe(jobId);
    await until(`stall ${stall} noticed`, async () => {
      const current = await queue.getJob(jobId);
      return (current?.stalledCounter ?? 0) >= stall && (await current!.getState()) === 'waiting';
    });
  }
  await stalling.close();
  expect((await queue.getJob(jobId))?.deferredFailure).toBeTruthy();

  // The next worker to pick it up fails it without calling the processor.
  let processorCalls = 0;
  const picker = new Worker(
    SCORING_QUEUE,
    async () => {
      processorCalls++;
    },
    { connection, prefix, lockDuration: 5_000, maxStalledCount: MAX_STALLED_COUNT },
  );
  const failed = new Promise<void>((resolve) =>
    picker.on(
      'failed',
      (job, error) => void onJobFailed(workerDb, logger, job, error).then(resolve),
    ),
  );
  await failed;
  await picker.close();
  await queue.close();

  expect(processorCalls).toBe(0);
  const submission = await owner.submission.findUniqueOrThrow({ where: { id: submissionId } });
  expect(submission.status).toBe('FAILED');
  const message = (submission.error as { message: string }).message;
  expect(message).toBe(
    `Scoring was interrupted ${MAX_STALLED_COUNT + 1} times (the worker scoring it stopped each time), so it was not started again. The file itself may be fine: please submit it again.`,
  );
  expect(message).not.toMatch(/allowable limit/);
  expect(await owner.evaluation.count({ where: { submissionId } })).toBe(0);
}, 60_000);
