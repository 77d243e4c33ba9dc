// The worker's liveness and readiness as a supervisor sees them: a real worker process on the
// test database and a private redis-server (started here, stopped here: never the shared one).
// Ready when Postgres and Redis answer and the scoring queue is consumed; not ready, with the
// failed check named, when its Redis goes away; alive throughout.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOARD_QUERIES_QUEUE, SCORING_QUEUE } from '@medrank/core';
import { testDatabaseUrls, uniqueQueuePrefix } from '@medrank/db/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_NODE_ARGS } from './testing/fault-harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const urls = testDatabaseUrls();

let redisProcess: ChildProcess | undefined;
let worker: ChildProcess | undefined;
const log: string[] = [];
let healthPort = 0;
let redisUrl = '';
const prefix = uniqueQueuePrefix('health');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function until<T>(what: string, check: () => Promise<T | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => false as const);
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log.join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const get = (route: string) => fetch(`http://127.0.0.1:${healthPort}${route}`);

beforeAll(async () => {
  const redisPort = await freePort();
  redisUrl = `redis://127.0.0.1:${redisPort}`;
  redisProcess = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await until('the private redis-server', () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: redisPort }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    }).then((up) => up || false),
  );
  worker = spawn(process.execPath, [...WORKER_NODE_ARGS], {
    cwd: repoRoot,
    env: {
      ...process.env,
      WORKER_DATABASE_URL: urls.WORKER_DATABASE_URL,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      WORKER_NAME: 'health-worker',
      WORKER_HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '3000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [worker.stdout, worker.stderr])
    stream?.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n')));
  healthPort = await until('the health endpoints', async () => {
    for (const line of log) {
      if (!line.includes('health endpoints')) continue;
      return (JSON.parse(line) as { port: number }).port;
    }
    return false;
  });
}, 90_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker!.once('exit', r));
    worker.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    worker.kill('SIGKILL');
  }
  redisProcess?.kill('SIGKILL');
});

describe('worker health endpoints on a real worker', () => {
  it('is alive and ready: Postgres and Redis answer and the scoring queue is consumed', async () => {
    const ready = await until('readiness', async () => {
      const response = await get('/readyz');
      return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : false;
    });
    expect(ready).toMatchObject({
      status: 'ready',
      worker: 'health-worker',
      checks: { postgres: { ok: true }, redis: { ok: true }, consuming: { ok: true } },
    });
    expect((await get('/livez')).status).toBe(200);
  });

  it('serves Prometheus metrics: queue depth from Redis, jobs by outcome, the process', async () => {
    const connection = { url: redisUrl };
    const scoring = new Queue(SCORING_QUEUE, { connection, prefix });
    const boardQueries = new Queue(BOARD_QUERIES_QUEUE, { connection, prefix });
    try {
      // One job waiting an hour (delayed), one the worker takes and fails for good.
      await scoring.add('score-submission', { submissionId: 'later' }, { delay: 3_600_000 });
      await boardQueries.add('not-a-board-query', {});
      const text = await until('the failed job in the metrics', async () => {
        const response = await get('/metrics');
        expect(response.headers.get('content-type')).toContain('text/plain');
        const body = await response.text();
        return /medrank_worker_jobs_total\{queue="board-queries",outcome="failed",worker="health-worker"\} 1/.test(
          body,
        )
          ? body
          : false;
      });
      expect(text).toMatch(
        /medrank_queue_jobs\{queue="scoring",state="delayed",worker="health-worker"\} 1/,
      );
      expect(text).toMatch(
        /medrank_queue_jobs\{queue="scoring",state="waiting",worker="health-worker"\} 0/,
      );
      expect(text).toMatch(
        /^medrank_worker_process_resident_memory_bytes\{worker="health-worker"\} \d+/m,
      );
      // Labels are queues, outcomes and states: no job id or payload reaches the metrics.
      expect(text).not.toContain('later');
    } finally {
      await Promise.all([scoring.close(), boardQueries.close()]);
    }
  });

  it('turns not ready, naming Redis, when its Redis goes away, and stays alive', async () => {
    redisProcess!.kill('SIGKILL');
    const notReady = await until('readiness to fail', async () => {
      const response = await get('/readyz');
      return response.status === 503 ? ((await response.json()) as Record<string, unknown>) : false;
    });
    expect(notReady).toMatchObject({
      status: 'not ready',
      checks: { postgres: { ok: true }, redis: { ok: false } },
    });
    expect((await get('/livez')).status).toBe(200);
  });
});
