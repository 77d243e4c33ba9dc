// Issue 13, "scoring isolated and bounded", against a real worker process on the real Postgres and
// Redis: a submission that needs more than the time limit per job fails once, for good, with the
// limit in its message; the worker process is not harmed (same pid, no memory growth, still
// consuming) and the next submission runs in a fresh job process. (The memory limit and crashes
// are proven on the pool itself with processes that misbehave on purpose: job-process-pool.test.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createDatabase, submissions } from '@medrank/db';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  testDatabaseUrls,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@medrank/db/testing';
import { FileBlobStore } from '@medrank/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_NODE_ARGS } from './testing/fault-harness.js';
import { residentBytes } from './isolation/job-process-pool.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const MiB = 1024 * 1024;
const TIME_LIMIT_MS = 10_000;
// 10,000 cases × 100,000 bootstrap replicates of AUROC take far longer than 10 s (20,000 cases took
// over a minute here); a file with a wrong header is refused well within it, even by a job process
// that has just started.
const N_CASES = 10_000;

let blobRoot: string;
let blobs: FileBlobStore;
let worker: ChildProcess;
const log: Record<string, unknown>[] = [];
let fixture: Awaited<ReturnType<typeof createClassificationBenchmark>>;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;

async function until<T>(what: string, check: () => Promise<T | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function submit(csv: string): Promise<string> {
  const blob = await blobs.put(Readable.from([Buffer.from(csv)]), {
    keyPrefix: 'submissions',
    extension: 'csv',
    maxBytes: 64 * MiB,
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId: member.teamId,
    trackId: fixture.trackId,
    phaseId: fixture.phaseId,
    submittedById: member.userId,
    methodName: 'job limits test',
    blobKey: blob.key,
    fileName: 'p.csv',
    fileBytes: blob.bytes,
    sha256: blob.sha256,
    dailyQuota: null,
    totalQuota: null,
  });
  return id;
}

const finished = (id: string) =>
  until(`submission ${id} to finish`, async () => {
    const row = await owner.submission.findUniqueOrThrow({
      where: { id },
      select: { status: true, error: true, attempts: true },
    });
    return row.status === 'SCORED' || row.status === 'FAILED' ? row : false;
  });

beforeAll(async () => {
  blobRoot = await mkdtemp(path.join(os.tmpdir(), 'medrank-limits-'));
  blobs = new FileBlobStore(blobRoot);
  fixture = await createClassificationBenchmark(owner, {
    cases: Array.from({ length: N_CASES }, (_, i) => ({
      caseId: `c${i}`,
      label: i % 3 === 0 ? 'positive' : 'negative',
    })),
    dailyQuota: 1000,
  });
  member = await createUserWithTeam(web);
  worker = spawn(process.execPath, [...WORKER_NODE_ARGS], {
    cwd: repoRoot,
    env: {
      ...process.env,
      WORKER_DATABASE_URL: urls.WORKER_DATABASE_URL,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: uniqueQueuePrefix('limits'),
      BLOB_ROOT: blobRoot,
      WORKER_NAME: 'limits-worker',
      WORKER_CONCURRENCY: '1',
      BOOTSTRAP_REPLICATES: '100000',
      OUTBOX_RELAY_INTERVAL_MS: '200',
      JOB_TIME_LIMIT_MS: String(TIME_LIMIT_MS),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  const collect = (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        log.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        log.push({ msg: line });
      }
    }
  };
  worker.stdout?.on('data', collect);
  worker.stderr?.on('data', collect);
  await until('the job process', async () => log.some((l) => l.msg === 'job process ready'));
}, 90_000);

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
  }
  if (fixture) await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  if (member) await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect()]);
  await rm(blobRoot, { recursive: true, force: true });
});

describe('a job over the time limit', () => {
  it('fails once, for good, with the limit in its message; the worker goes on', async () => {
    const workerRssBefore = residentBytes(worker.pid!)!;
    const firstJobProcess = log.find((l) => l.msg === 'job process ready')!.jobProcess as number;
    const csv = [
      'case_id,p_negative,p_positive',
      ...Array.from({ length: N_CASES }, (_, i) => {
        const p = ((i * 7919) % 1000) / 1000;
        return `c${i},${(1 - p).toFixed(3)},${p.toFixed(3)}`;
      }),
    ].join('\n');
    const started = Date.now();
    const slowId = await submit(csv);
    const slow = await finished(slowId);
    expect(slow).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      error: {
        message:
          'Scoring stopped after 10 s, the time limit per job on this platform. It was not retried; a smaller file fits.',
        issueCount: 0,
      },
    });
    console.info(`time limit ${TIME_LIMIT_MS} ms: failed after ${Date.now() - started} ms`);
    expect(log.find((l) => l.msg === 'job process stopped')).toMatchObject({
      pool: 'scoring',
      outcome: 'time-limit',
      jobProcess: firstJobProcess,
    });
    expect(residentBytes(firstJobProcess)).toBeNull();

    // The next submission runs in a fresh job process and fails for its own reason.
    const next = await finished(await submit('id,score\nc0,1\n'));
    expect(next.status).toBe('FAILED');
    expect(next.error).toMatchObject({ message: expect.not.stringContaining('limit') });
    const processes = log.filter((l) => l.msg === 'job process ready').map((l) => l.jobProcess);
    const nextRun = await until(
      'the next job to be logged',
      async () => log.find((l) => l.msg === 'job process finished a job') ?? false,
    );
    console.info(`the next job took ${String(nextRun.durationMs)} ms in a fresh job process`);
    expect(new Set(processes).size).toBe(2);
    // The worker process is the same one, no bigger, and was never restarted.
    expect(worker.exitCode).toBeNull();
    expect(residentBytes(worker.pid!)! - workerRssBefore).toBeLessThan(64 * MiB);

    // Not retried: still one attempt a few seconds later.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await finished(slowId)).toMatchObject({ status: 'FAILED', attempts: 1 });
  }, 120_000);
});
