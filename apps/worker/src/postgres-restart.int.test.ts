// Postgres restarted while jobs run (issue 13, "faults proven by tests"): a private cluster
// started by the test (initdb + pg_ctl, migrated with tools/migrate like any deployment), two real
// worker processes and a private redis-server. Postgres is stopped in the middle of a burst
// (`pg_ctl stop -m immediate`, a crash) and started again 3 s later: every submission ends scored
// or failed with a reason, exactly once, and both workers are alive and ready afterwards.
import { performance } from 'node:perf_hooks';
import { createDatabase, type Database } from '@medrank/db';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  NEAR_DUPLICATE_CHECK_OFF,
  uniqueQueuePrefix,
} from '@medrank/db/testing';
import { FileBlobStore } from '@medrank/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allFinished,
  classificationCases,
  classificationCsv,
  evaluationCounts,
  freePort,
  killAll,
  makeTempDir,
  migrate,
  secondsSince,
  startPrivatePostgres,
  startPrivateRedis,
  startWorker,
  statusCounts,
  submitFile,
  until,
  type PrivatePostgres,
  type PrivateRedis,
} from './testing/fault-harness.js';

const N_CASES = 3_000;
const suiteStarted = performance.now();
let cluster: PrivatePostgres;
let urls: ReturnType<PrivatePostgres['databaseUrls']>;
let owner: Database;
let web: Database;
let redis: PrivateRedis;
let blobRoot: string;

beforeAll(async () => {
  [cluster, redis, blobRoot] = await Promise.all([
    startPrivatePostgres(),
    startPrivateRedis(),
    makeTempDir('pg-restart'),
  ]);
  urls = cluster.databaseUrls('medrank_restart');
  await migrate(urls);
  owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
  web = createDatabase(urls.DATABASE_URL, { maxConnections: 4 });
}, 90_000);

afterAll(async () => {
  await Promise.all([owner?.$disconnect(), web?.$disconnect()]);
  await killAll(); // the cluster and its directory go with it
  console.log(`[faults] postgres-restart.int.test.ts took ${secondsSince(suiteStarted)} s`);
});

/** A query that may run into the outage: undefined instead of a throw. */
const tolerant = <T>(query: () => Promise<T>) => query().catch(() => undefined);

describe('a Postgres restart while jobs run', () => {
  it('ends every submission scored or failed with a reason, once; the workers stay ready', async () => {
    const fixture = await createClassificationBenchmark(owner, {
      cases: classificationCases(N_CASES),
      phase: NEAR_DUPLICATE_CHECK_OFF,
    });
    const member = await createUserWithTeam(web);
    const blobs = new FileBlobStore(blobRoot);
    const csv = classificationCsv(N_CASES);
    const prefix = uniqueQueuePrefix('pg-restart');
    const ports = [await freePort(), await freePort()];
    const env = (port: number) => ({
      WORKER_LOCK_DURATION_MS: '2000',
      BOOTSTRAP_REPLICATES: '300',
      WORKER_HEALTH_PORT: String(port),
    });
    const pool = ports.map((port, i) =>
      startWorker({
        name: `pg-${i}`,
        databaseUrl: urls.WORKER_DATABASE_URL,
        redisUrl: redis.url,
        prefix,
        blobRoot,
        env: env(port),
      }),
    );
    await Promise.all(pool.map((w) => w.ready()));
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 4)
      ids.push(
        ...(await Promise.all(
          Array.from({ length: 4 }, () => submitFile(web, blobs, { ...member, ...fixture }, csv)),
        )),
      );
    const scoredBefore = await until(
      'scoring under way',
      async () => {
        const counts = await statusCounts(owner, ids);
        const running = (counts.VALIDATING ?? 0) + (counts.SCORING ?? 0);
        return (counts.SCORED ?? 0) >= 4 && running > 0 ? (counts.SCORED ?? 0) : false;
      },
      60_000,
      50,
    );

    await cluster.stop('immediate');
    const stoppedAt = performance.now();
    await new Promise((r) => setTimeout(r, 3_000));
    await cluster.start();
    const startedAt = performance.now();
    await until(
      'every submission finished after the restart',
      async () => (await tolerant(() => allFinished(owner, ids, ['SCORED', 'FAILED']))) ?? false,
      120_000,
    );
    const counts = await statusCounts(owner, ids);
    console.log(
      `[faults] Postgres stopped after ${scoredBefore}/${ids.length} scored, down ` +
        `${((startedAt - stoppedAt) / 1000).toFixed(1)} s: stop → all finished ` +
        `${secondsSince(stoppedAt)} s (${JSON.stringify(counts)})`,
    );

    const rows = await owner.submission.findMany({
      where: { id: { in: ids } },
      select: { id: true, status: true, error: true },
    });
    const evaluations = await evaluationCounts(owner, ids);
    for (const row of rows) {
      if (row.status === 'SCORED') expect(evaluations.get(row.id)).toBe(1);
      else {
        expect(row.status).toBe('FAILED');
        expect((row.error as { message?: string } | null)?.message).toBeTruthy();
        expect(evaluations.get(row.id)).toBeUndefined();
      }
    }
    // Both workers survived and are ready: Postgres, Redis and the scoring queue answer.
    expect(pool.every((w) => w.isAlive)).toBe(true);
    for (const port of ports) {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(response.status, await response.text()).toBe(200);
    }
    // And they still score: a submission after the restart.
    const after = await submitFile(web, blobs, { ...member, ...fixture }, csv);
    await until('a submission after the restart scored', () => allFinished(owner, [after]), 60_000);
    await Promise.all(pool.map((w) => w.stop()));
  }, 240_000);
});
