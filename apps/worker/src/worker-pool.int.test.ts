// The worker pool as real processes: two workers share one Redis (a private redis-server on its
// own port, so faults never touch the shared services) and must score every submission exactly
// once, including after Redis loses every job and after a worker is killed mid-job.
import { createDatabase } from '@medrank/db';
import {
  createClassificationBenchmark,
  NEAR_DUPLICATE_CHECK_OFF,
  createUserWithTeam,
  testDatabaseUrls,
  uniqueQueuePrefix,
} from '@medrank/db/testing';
import { FileBlobStore } from '@medrank/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allFinished,
  classificationCases,
  classificationCsv,
  killAll,
  makeTempDir,
  startPrivateRedis,
  startWorker as startWorkerProcess,
  submitFile,
  until,
  type PrivateRedis,
  type WorkerProcess,
} from './testing/fault-harness.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });

let redis: PrivateRedis;
let blobRoot: string;
let blobs: FileBlobStore;

const startWorker = (name: string, prefix: string, env: Record<string, string> = {}) =>
  startWorkerProcess({
    name,
    databaseUrl: urls.WORKER_DATABASE_URL,
    redisUrl: redis.url,
    prefix,
    blobRoot,
    env,
  });

const stopWorker = (worker: WorkerProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  worker.stop(signal);

let fixture: Awaited<ReturnType<typeof createClassificationBenchmark>>;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;

const submit = (file: string) => submitFile(web, blobs, { ...member, ...fixture }, file);

const N_CASES = 20_000; // large enough that one scoring takes a noticeable moment
const csv = classificationCsv(N_CASES);

const allScored = (ids: string[]) => allFinished(owner, ids);

beforeAll(async () => {
  [redis, blobRoot] = await Promise.all([startPrivateRedis(), makeTempDir('pool')]);
  blobs = new FileBlobStore(blobRoot);
  fixture = await createClassificationBenchmark(owner, {
    cases: classificationCases(N_CASES),
    // The pool scores many copies of one file on purpose (near-duplicate.int.test.ts covers the check).
    phase: NEAR_DUPLICATE_CHECK_OFF,
  });
  member = await createUserWithTeam(web);
}, 120_000);

afterAll(async () => {
  await killAll();
  if (fixture) await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  if (member) await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect()]);
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
    const scoredBy = pool.flatMap((w) => w.scored());
    expect(scoredBy.sort()).toEqual([...ids].sort()); // each scored once, across both processes

    // Rank statistics followed, computed in the workers' rank-stats job processes, never in a
    // worker process itself (its lock renewals and memory stay free of the O(B·k²) bootstraps).
    const runs = await until(
      'rank statistics computed',
      async () => {
        const lines = pool.flatMap((w) => w.entries('rank statistics computed'));
        return lines.some((l) => l.written) ? lines : false;
      },
      60_000,
    );
    expect(runs.every((l) => l.pool === 'rank-stats' && typeof l.jobProcess === 'number')).toBe(
      true,
    );
    expect(
      pool
        .flatMap((w) => w.entries('job process finished a job'))
        .filter((l) => l.pool === 'rank-stats')
        .every((l) => l.outcome === 'completed' && l.testSetId === fixture.testSetId),
    ).toBe(true);
    expect(await owner.rankStat.count({ where: { testSetId: fixture.testSetId } })).toBeGreaterThan(
      0,
    );
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
    await redis.client.flushall();

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
