// Entry of a job process (see job-process-pool.ts): loads the scoring and curation code, opens
// its own small database pool, tells the worker it is ready, then runs one job per `run`
// message and answers with its result or its error. It exits when the worker's IPC channel
// closes (the worker stopped or was killed), so no job process outlives its worker.
import { createDatabase } from '@medrank/db';
import { parseEgressPolicy } from '@medrank/endpoint-runner';
import { FileBlobStore } from '@medrank/storage';
import pino from 'pino';
import { parseWorkerEnv } from '../env.js';
import { runIsolatedJobHere, type IsolatedJobDeps } from './isolated-jobs.js';
import { serializeError, type ChildMessage, type ParentMessage } from './protocol.js';

if (!process.send) throw new Error('job-process-main runs only as a child of a worker');

const env = parseWorkerEnv();
const logger = pino({
  level: env.LOG_LEVEL,
  base: { worker: env.WORKER_NAME, pool: env.JOB_POOL, jobProcess: process.pid },
});
// One job at a time: its reads, progress writes and the result transaction.
const db = createDatabase(env.WORKER_DATABASE_URL, { maxConnections: 2 });
const deps: IsolatedJobDeps = {
  db,
  blobs: new FileBlobStore(env.BLOB_ROOT),
  logger,
  bootstrapReplicates: env.BOOTSTRAP_REPLICATES,
  jobMemoryBudgetBytes: env.JOB_MEMORY_BUDGET_BYTES,
  endpoints: {
    privateKey: env.ENDPOINT_KEY_PRIVATE ?? null,
    policy: parseEgressPolicy(env),
  },
  // Most of the job's time limit; the rest is for scoring what the run produced.
  maxRunSeconds: Math.floor((env.JOB_TIME_LIMIT_MS * 0.8) / 1000),
};

const send = (message: ChildMessage) =>
  new Promise<void>((resolve) => process.send!(message, () => resolve()));

process.on('disconnect', () => process.exit(0));
process.on('message', (message: ParentMessage) => {
  if (message.type !== 'run') return;
  runIsolatedJobHere(deps, message.jobName, message.payload).then(
    (value) => send({ type: 'result', id: message.id, ok: true, value }),
    (error: unknown) =>
      send({ type: 'result', id: message.id, ok: false, error: serializeError(error) }),
  );
});

await db.$connect();
const baselineRssBytes = process.memoryUsage.rss();
logger.info({ baselineRssBytes }, 'job process ready');
await send({ type: 'ready', baselineRssBytes });
