// The worker pool as real processes: two workers share one Redis (a private redis-server on its
// own port, so faults never touch the shared services) and must score every submission exactly
// once, including after Redis loses every job and after a worker is killed mid-job.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createDatabase, submissions } from '@medrank/db';
import {
  createClassificationBenchmark,
  NEAR_DUPLICATE_CHECK_OFF,
  createUserWithTeam,
  testDatabaseUrls,
  uniqueQueuePrefix,
} from '@medrank/db/testing';
import { FileBlobStore } from '@medrank/storage';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });

let redisProcess: ChildProcess;
let redisUrl: string;
let redis: Redis;
let blobRoot: string;
let blobs: FileBlobStore;
const workers: { child: ChildProcess; log: string[] }[] = [];

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function until<T>(
  what: string,
  check: () => Promise<T | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startWorker(name: string, prefix: string, extraEnv: Record<string, string> = {}) {
  const log: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      WORKER_DATABASE_URL: urls.WORKER_DATABASE_URL,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      BLOB_ROOT: blobRoot,
      WORKER_NAME: name,
      WORKER_CONCURRENCY: '2',
      BOOTSTRAP_REPLICATES: '200',
      OUTBOX_RELAY_INTERVAL_MS: '200',
      RECONCILE_INTERVAL_MS: '1000',
      RECONCILE_GRACE_MS: '1500',
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => log.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (d: Buffer) => log.push(...d.toString().split('\n').filter(Boolean)));
  const entry = { child, log };
  workers.push(entry);
  return entry;
}

async function stopWorker(entry: { child: ChildProcess }, signal: NodeJS.Signals = 'SIGTERM') {
  if (entry.child.exitCode !== null || entry.child.signalCode !== null) return;
  const exited = new Promise((r) => entry.child.once('exit', r));
  entry.child.kill(signal);
  await exited;
}

const scoredLogLines = (log: string[]) =>
  log.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; submissionId?: string };
      return entry.msg === 'scored' && entry.submissionId ? [entry.submissionId] : [];
    } catch {
      return [];
    }
  });

let fixture: Awaited<ReturnType<typeof createClassificationBenchmark>>;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;

async function submit(csv: string): Promise<string> {
  const blob = await blobs.put(Readable.from([Buffer.from(csv)]), {
    keyPrefix: 'submissions',
    extension: 'csv',
    maxBytes: 64 << 20,
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId: member.teamId,
    trackId: fixture.trackId,
    phaseId: fixture.phaseId,
    submittedById: member.userId,
    methodName: 'pool test',
    blobKey: blob.key,
    fileName: 'p.csv',
    fileBytes: blob.bytes,
    sha256: blob.sha256,
    dailyQuota: null,
    totalQuota: null,
  });
  return id;
}

const N_CASES = 20_000; // large enough that one scoring takes a noticeable moment
const csv =
  [
    'case_id,p_negative,p_positive',
    ...Array.from(
      { length: N_CASES },
      (_, i) => `c${i},${((i * 7919) % 1000) / 1000},${1 - ((i * 7919) % 1000) / 1000}`,
    ),
  ].join('\n') + '\n';

async function allScored(ids: string[]) {
  const rows = await owner.submission.findMany({
    where: { id: { in: ids } },
    select: { status: true },
  });
  return rows.length === ids.length && rows.every((r) => r.status === 'SCORED');
}

beforeAll(async () => {
  const port = await freePort();
  redisProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  redisUrl = `redis://127.0.0.1:${port}`;
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(
        { host: '127.0.0.1', port },
        () => (socket.destroy(), resolve(true)),
      );
      socket.once('error', () => resolve(false));
    });
  await until('the private redis-server', async () => (await accepts()) || false, 10_000);
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  blobRoot = await mkdtemp(path.join(os.tmpdir(), 'medrank-pool-'));
  blobs = new FileBlobStore(blobRoot);
  fixture = await createClassificationBenchmark(owner, {
    cases: Array.from({ length: N_CASES }, (_, i) => ({
      caseId: `c${i}`,
      label: i % 3 === 0 ? 'positive' : 'negative',
    })),
    // The pool scores many copies of one file on purpose (near-duplicate.int.test.ts covers the check).
    phase: NEAR_DUPLICATE_CHECK_OFF,
  });
  member = await createUserWithTeam(web);
}, 120_000);

afterAll(async () => {
  for (const w of workers) await stopWorker(w, 'SIGKILL');
  redis?.disconnect();
  redisProcess?.kill('SIGKILL');
  if (fixture) await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  if (member) await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect()]);
  await rm(blobRoot, { recursive: true, force: true });
});

describe('the worker pool', () => {
  it('scores every submission exactly once with two worker processes', async () => {
    const prefix = uniqueQueuePrefix('pool');
    const pool = [startWorker('pool-a', prefix), startWorker('pool-b', prefix)];
    const ids = await Promise.all(Array.from({ length: 12 }, () => submit(csv)));
    await until('all submissions scored', async () => (await allScored(ids)) || false, 120_000);

    const evaluations = await owner.evaluation.groupBy({
      by: ['submissionId'],
      where: { submissionId: { in: ids } },
      _count: { _all: true },
    });
    expect(evaluations).toHaveLength(ids.length);
    expect(evaluations.every((e) => e._count._all === 1)).toBe(true);
    const attempts = await owner.submission.findMany({
      where: { id: { in: ids } },
      select: { attempts: true },
    });
    expect(attempts.every((a) => a.attempts === 1)).toBe(true);
    const scoredBy = pool.flatMap((w) => scoredLogLines(w.log));
    expect(scoredBy.sort()).toEqual([...ids].sort()); // each scored once, across both processes
    for (const w of pool) await stopWorker(w);
  }, 180_000);

  it('loses nothing when Redis loses every job: Postgres re-queues them', async () => {
    const prefix = uniqueQueuePrefix('flush');
    // Submissions are relayed to Redis while no worker runs, then Redis is wiped.
    const ids = await Promise.all(Array.from({ length: 5 }, () => submit(csv)));
    const relay = startWorker('relay-only', prefix, { WORKER_CONCURRENCY: '1' });
    await until(
      'the outbox rows relayed',
      async () => (await owner.outbox.count({ where: { dispatchedAt: null } })) === 0 || false,
    );
    await stopWorker(relay, 'SIGKILL');
    await redis.flushall();

    const worker = startWorker('after-flush', prefix);
    await until(
      'all re-queued submissions scored',
      async () => (await allScored(ids)) || false,
      120_000,
    );
    expect(await owner.evaluation.count({ where: { submissionId: { in: ids } } })).toBe(ids.length);
    await stopWorker(worker);
  }, 180_000);

  it('finishes the job of a worker killed mid-scoring, once', async () => {
    const prefix = uniqueQueuePrefix('kill');
    // Many replicates make one scoring take seconds, so the kill lands mid-job.
    const slow = {
      BOOTSTRAP_REPLICATES: '20000',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_CONCURRENCY: '1',
    };
    const victim = startWorker('victim', prefix, slow);
    const id = await submit(csv);
    await until('the victim to start scoring', async () => {
      const s = await owner.submission.findUnique({ where: { id }, select: { status: true } });
      return s?.status === 'VALIDATING' || s?.status === 'SCORING' || false;
    });
    await stopWorker(victim, 'SIGKILL');
    expect((await owner.submission.findUnique({ where: { id } }))?.status).not.toBe('SCORED');

    const rescuer = startWorker('rescuer', prefix, { ...slow, BOOTSTRAP_REPLICATES: '200' });
    await until(
      'the rescued submission scored',
      async () => (await allScored([id])) || false,
      120_000,
    );
    const row = await owner.submission.findUniqueOrThrow({ where: { id } });
    expect(row.attempts).toBe(2);
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(1);
    await stopWorker(rescuer);
  }, 180_000);
});
