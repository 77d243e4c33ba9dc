import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@medrank/db';
import { CURATION_QUEUE, QueueClient, SCORING_QUEUE, createRedisConnection } from '@medrank/jobs';
import { FileBlobStore } from '@medrank/storage';
import { Worker } from 'bullmq';
import pino from 'pino';
import { parseWorkerEnv, workerEnvironment } from './env.js';
import { startHealthServer } from './health-server.js';
import { createWorkerMetrics } from './metrics.js';
import { relayOnce } from './loops/outbox-relay-loop.js';
import { reconcileOnce } from './loops/reconcile.js';
import { sweepPartialUploadsOnce } from './loops/sweep-partial-uploads.js';
import {
  createBoardQueriesProcessor,
  createRankStatsProcessor,
  createScoringProcessor,
  onAuxiliaryJobFailed,
  onJobFailed,
} from './runtime.js';
import { BOARD_QUERIES_QUEUE, RANK_STATS_QUEUE } from '@medrank/jobs';
import { createCurationProcessor, onCurationJobFailed } from './jobs/ground-truth-uploads.js';
import { MAX_STALLED_COUNT } from './job-failures.js';
import { JobProcessPool, type JobProcessPoolOptions } from './isolation/job-process-pool.js';

const env = parseWorkerEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { worker: env.WORKER_NAME } });
// This process's own queries: rank statistics, board queries and the loops (scoring and curation
// jobs have connections of their own in their job processes).
const db = createDatabase(env.WORKER_DATABASE_URL, {
  maxConnections: env.RANK_STATS_CONCURRENCY + env.BOARD_QUERIES_CONCURRENCY + 1,
});
const blobs = new FileBlobStore(env.BLOB_ROOT);
const workerConnection = createRedisConnection(env.REDIS_URL, { role: 'worker' });
const queueConnection = createRedisConnection(env.REDIS_URL, { role: 'worker' });
const queues = new QueueClient(queueConnection, env.QUEUE_PREFIX);

const metrics = createWorkerMetrics({
  workerName: env.WORKER_NAME,
  queues: [SCORING_QUEUE, CURATION_QUEUE, RANK_STATS_QUEUE, BOARD_QUERIES_QUEUE].map((name) =>
    queues.queue(name),
  ),
});

/**
 * The job process entry: the compiled one next to this file in a production build
 * (dist/job-process-main.mjs), else the TypeScript source (run through tsx, whose loader the
 * children inherit with this process's Node flags).
 */
function jobProcessEntry(): string {
  const compiled = fileURLToPath(new URL('./job-process-main.mjs', import.meta.url));
  return existsSync(compiled)
    ? compiled
    : fileURLToPath(new URL('./isolation/job-process-main.ts', import.meta.url));
}

// Scoring and ground-truth jobs run in job processes with a memory and a time limit each; this
// process keeps only BullMQ, the loops and the health port (isolation/job-process-pool.ts).
const jobProcessOptions = {
  entry: jobProcessEntry(),
  memoryLimitBytes: env.JOB_MEMORY_LIMIT_BYTES,
  timeLimitMs: env.JOB_TIME_LIMIT_MS,
  recycleAboveBaselineBytes: env.JOB_PROCESS_RECYCLE_BYTES,
  // The children read the same configuration (env.ts) as this process.
  env: workerEnvironment(),
  logger,
} satisfies Partial<JobProcessPoolOptions>;
const scoringPool = new JobProcessPool({
  ...jobProcessOptions,
  name: 'scoring',
  activity: 'Scoring',
  maxProcesses: env.WORKER_CONCURRENCY,
  keepWarm: env.WORKER_CONCURRENCY, // a submission should not wait for a process to load
  onJobEnd: (report) => metrics.recordJobProcess(SCORING_QUEUE, report),
});
const curationPool = new JobProcessPool({
  ...jobProcessOptions,
  name: 'curation',
  activity: 'Checking the ground truth',
  maxProcesses: env.CURATION_CONCURRENCY,
  idleTimeoutMs: 60_000, // uploads are rare: no process kept loaded between them
  onJobEnd: (report) => metrics.recordJobProcess(CURATION_QUEUE, report),
});
// Rank statistics follow every scoring: a process stays loaded through a burst, not beyond.
const rankStatsPool = new JobProcessPool({
  ...jobProcessOptions,
  name: 'rank-stats',
  activity: 'Computing rank statistics',
  maxProcesses: env.RANK_STATS_CONCURRENCY,
  idleTimeoutMs: 60_000,
  onJobEnd: (report) => metrics.recordJobProcess(RANK_STATS_QUEUE, report),
});
scoringPool.prewarm();

/**
 * What every queue's BullMQ worker shares: the prefix, and the lock after which a killed
 * worker's job goes to another worker (the stalled check runs as often).
 */
const consumerOptions = (
  connection: ReturnType<typeof createRedisConnection>,
  concurrency: number,
) => ({
  connection,
  prefix: env.QUEUE_PREFIX,
  concurrency,
  lockDuration: env.WORKER_LOCK_DURATION_MS,
  stalledInterval: env.WORKER_LOCK_DURATION_MS,
});

const worker = new Worker(
  SCORING_QUEUE,
  createScoringProcessor((jobName, payload) => scoringPool.run(jobName, payload)),
  // A killed worker's job comes back after the lock expires; MAX_STALLED_COUNT times at most,
  // then it fails (with a message of ours: onJobFailed).
  {
    ...consumerOptions(workerConnection, env.WORKER_CONCURRENCY),
    maxStalledCount: MAX_STALLED_COUNT,
  },
);
worker.on('failed', (job, error) => void onJobFailed(db, logger, job, error));
worker.on('error', (error) => logger.error({ err: error }, 'worker error'));

// Ground-truth validation and apply (curation): the worker role is the one that may write `hidden`.
const curationConnection = createRedisConnection(env.REDIS_URL, { role: 'worker' });
const curationWorker = new Worker(
  CURATION_QUEUE,
  createCurationProcessor((jobName, payload) => curationPool.run(jobName, payload)),
  {
    ...consumerOptions(curationConnection, env.CURATION_CONCURRENCY),
    maxStalledCount: MAX_STALLED_COUNT,
  },
);
curationWorker.on('failed', (job, error) => void onCurationJobFailed({ db, logger }, job, error));
curationWorker.on('error', (error) => logger.error({ err: error }, 'curation worker error'));
// Rank statistics after every scoring, rescoring and moderation change (one at a time: a run
// covers everything committed before it started), and board queries answered from memory.
const boardsConnection = createRedisConnection(env.REDIS_URL, { role: 'worker' });
const rankStatsWorker = new Worker(
  RANK_STATS_QUEUE,
  createRankStatsProcessor((jobName, payload) => rankStatsPool.run(jobName, payload)),
  consumerOptions(boardsConnection, env.RANK_STATS_CONCURRENCY),
);
rankStatsWorker.on('failed', (job, error) => onAuxiliaryJobFailed(logger, job, error));
rankStatsWorker.on('error', (error) => logger.error({ err: error }, 'rank-stats worker error'));
const boardQueriesConnection = createRedisConnection(env.REDIS_URL, { role: 'worker' });
const boardQueriesWorker = new Worker(BOARD_QUERIES_QUEUE, createBoardQueriesProcessor({ db }), {
  connection: boardQueriesConnection,
  prefix: env.QUEUE_PREFIX,
  concurrency: env.BOARD_QUERIES_CONCURRENCY,
});
boardQueriesWorker.on('failed', (job, error) => onAuxiliaryJobFailed(logger, job, error));
boardQueriesWorker.on('error', (error) =>
  logger.error({ err: error }, 'board-queries worker error'),
);
worker.on('ready', () =>
  logger.info(
    {
      queue: SCORING_QUEUE,
      prefix: env.QUEUE_PREFIX,
      concurrency: {
        scoring: env.WORKER_CONCURRENCY,
        curation: env.CURATION_CONCURRENCY,
        rankStats: env.RANK_STATS_CONCURRENCY,
        boardQueries: env.BOARD_QUERIES_CONCURRENCY,
      },
      jobProcessEntry: jobProcessOptions.entry,
      jobMemoryBudgetBytes: env.JOB_MEMORY_BUDGET_BYTES,
      jobMemoryLimitBytes: env.JOB_MEMORY_LIMIT_BYTES,
      jobTimeLimitMs: env.JOB_TIME_LIMIT_MS,
    },
    'worker ready',
  ),
);

/** Runs `task` every `intervalMs`, never overlapping itself, logging (not throwing) failures. */
function every(intervalMs: number, name: string, task: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((error: unknown) => logger.warn({ err: error }, `${name} failed; will retry`))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  return () => clearInterval(timer);
}

const stopRelay = every(env.OUTBOX_RELAY_INTERVAL_MS, 'outbox relay', () =>
  relayOnce(db, queues, logger),
);
const stopReconcile = every(env.RECONCILE_INTERVAL_MS, 'reconciler', () =>
  reconcileOnce(db, queues, logger, { graceMs: env.RECONCILE_GRACE_MS }),
);

const sweepPartials = () =>
  sweepPartialUploadsOnce(blobs, logger, { maxAgeMs: env.PARTIAL_UPLOAD_MAX_AGE_MS });
// Once at start (leftovers of a crash are oldest right after a restart), then periodically.
void sweepPartials().catch((error: unknown) =>
  logger.warn({ err: error }, 'partial-upload sweep failed; will retry'),
);
const stopSweep = every(
  env.PARTIAL_UPLOAD_SWEEP_INTERVAL_MS,
  'partial-upload sweep',
  sweepPartials,
);

const heartbeatFile = env.HEARTBEAT_FILE;
const stopHeartbeat = heartbeatFile
  ? every(10_000, 'heartbeat', async () => {
      await workerConnection.ping();
      await db.$queryRaw`SELECT 1`;
      await writeFile(heartbeatFile, new Date().toISOString());
    })
  : () => undefined;

let shuttingDown = false;

metrics.observe(worker, SCORING_QUEUE);
metrics.observe(curationWorker, CURATION_QUEUE);
metrics.observe(rankStatsWorker, RANK_STATS_QUEUE);
metrics.observe(boardQueriesWorker, BOARD_QUERIES_QUEUE);

const healthServer =
  env.WORKER_HEALTH_PORT === undefined
    ? null
    : await startHealthServer({
        port: env.WORKER_HEALTH_PORT,
        host: env.WORKER_HEALTH_HOST,
        name: env.WORKER_NAME,
        metrics: {
          contentType: metrics.registry.contentType,
          render: () => metrics.registry.metrics(),
        },
        checks: [
          { name: 'postgres', run: async () => void (await db.$queryRaw`SELECT 1`) },
          { name: 'redis', run: async () => void (await workerConnection.ping()) },
          {
            name: 'consuming',
            run: () => {
              if (shuttingDown) throw new Error('shutting down');
              if (!worker.isRunning()) throw new Error('the scoring worker is not running');
              if (worker.isPaused()) throw new Error('the scoring worker is paused');
            },
          },
        ],
      }).then(({ server, port }) => {
        logger.info(
          { port, host: env.WORKER_HEALTH_HOST },
          'health endpoints: /livez, /readyz, /metrics',
        );
        return server;
      });

async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'shutting down: finishing active jobs');
  // If Redis or Postgres is gone, closing could wait forever: a job left active is taken over
  // by another worker once its lock expires, so a bounded exit loses nothing.
  setTimeout(() => {
    logger.warn({ timeoutMs: env.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_MS).unref();
  stopRelay();
  stopReconcile();
  stopSweep();
  stopHeartbeat();
  healthServer?.close();
  await worker.close();
  await Promise.all([rankStatsWorker.close(), boardQueriesWorker.close()]);
  boardsConnection.disconnect();
  boardQueriesConnection.disconnect();
  await curationWorker.close();
  // No job runs now: the job processes can go.
  await Promise.all([scoringPool.close(), curationPool.close(), rankStatsPool.close()]);
  await queues.close();
  workerConnection.disconnect();
  curationConnection.disconnect();
  queueConnection.disconnect();
  await db.$disconnect();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
