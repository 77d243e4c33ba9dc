import { z } from 'zod';

/** Room a job process needs above its decoded inputs: code, database pool, parsers. */
const JOB_PROCESS_HEADROOM_BYTES = 128 * 1024 * 1024;

const envSchema = z
  .object({
    WORKER_DATABASE_URL: z.url({
      message: 'WORKER_DATABASE_URL must be a postgres:// URL for the worker role',
    }),
    REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/)
      .default('medrank'),
    BLOB_ROOT: z.string().min(1).default('./.medrank/blobs'),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    BOOTSTRAP_REPLICATES: z.coerce.number().int().min(0).max(100_000).default(1000),
    OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).default(1_000),
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(15_000),
    /** A submission must be this old before the reconciler re-queues it (avoids racing the web's own enqueue). */
    RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    /**
     * How long a job's lock lives without renewal: a killed worker's job is taken over after this
     * (and the stalled-job check runs this often). 10 s, not BullMQ's 30 s: the worker process
     * only passes messages to its job processes, so it renews every 5 s on time, and a burst
     * with a killed worker no longer waits up to a minute for that worker's jobs.
     */
    WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).default(10_000),
    /** When set, touched every 10 s after a successful Redis and Postgres round trip (container health checks). */
    HEARTBEAT_FILE: z.string().optional(),
    /**
     * When set, the worker answers GET /livez and GET /readyz on this port (0 = any free port, which
     * it logs): readiness means Postgres and Redis answer and the scoring queue is being consumed.
     */
    WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    /** Interface of the health port (127.0.0.1; 0.0.0.0 in a container). */
    WORKER_HEALTH_HOST: z.string().default('127.0.0.1'),
    /** Longest graceful shutdown before the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
    /**
     * Bytes one job may hold for decoded inputs (ground-truth and prediction masks): a submission
     * that needs more fails with a precise message before anything is allocated. The scoring pool
     * runs WORKER_CONCURRENCY jobs and the curation queue one more, so decoded inputs take at most
     * (WORKER_CONCURRENCY + 1) × this, on top of the process's baseline (~250 MB) and the metrics'
     * working memory; size the worker's memory (or container limit) for that. Default 512 MiB.
     */
    JOB_MEMORY_BUDGET_BYTES: z.coerce
      .number()
      .int()
      .min(16 * 1024 * 1024)
      .default(512 * 1024 * 1024),
    /**
     * Resident memory one job process may reach (scoring, ground-truth checks): over it, the
     * process is killed and the job fails for good with a message naming the limit. Must leave
     * room above JOB_MEMORY_BUDGET_BYTES for the process itself (~200 MB). Default 1.5 GiB.
     */
    JOB_MEMORY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(128 * 1024 * 1024)
      .default(1536 * 1024 * 1024),
    /** Wall time one job may take in its job process before it is killed and fails for good (15 min). */
    JOB_TIME_LIMIT_MS: z.coerce.number().int().min(500).default(900_000),
    /**
     * A job process whose memory after a job exceeds its baseline by more than this is replaced by
     * a fresh one, so memory a big job left behind goes back to the system (256 MiB).
     */
    JOB_PROCESS_RECYCLE_BYTES: z.coerce
      .number()
      .int()
      .min(16 * 1024 * 1024)
      .default(256 * 1024 * 1024),
    /** Ground-truth checks and applies run at once per worker (each in its own job process). */
    CURATION_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
    /** Rank-statistics runs at once per worker (1: a run covers everything committed before it). */
    RANK_STATS_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
    /** Board queries (custom subsets, comparisons) answered at once per worker. */
    BOARD_QUERIES_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** A `.partial` upload file untouched for this long is a leftover and is deleted (1 h). */
    PARTIAL_UPLOAD_MAX_AGE_MS: z.coerce.number().int().min(60_000).default(3_600_000),
    /** How often the worker sweeps BLOB_ROOT for stale `.partial` files (10 min). */
    PARTIAL_UPLOAD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).default(600_000),
    /**
     * Endpoint submissions (docs/endpoint-submissions.md): the X25519 private key (base64) that
     * opens the API keys the web sealed with ENDPOINT_KEY_PUBLIC. Only the workers hold it.
     */
    ENDPOINT_KEY_PRIVATE: z
      .string()
      .optional()
      .transform((v) => v || undefined),
    /** Hosts endpoint requests may go to (comma list, `*.example.com` wildcards); empty: none. */
    ENDPOINT_ALLOWED_HOSTS: z.string().default(''),
    /** Private address ranges (CIDRs) endpoints may nevertheless resolve to; empty: none. */
    ENDPOINT_ALLOWED_PRIVATE_RANGES: z.string().default(''),
    /** Set by a job-process pool for its children only (their log lines name the pool). */
    JOB_POOL: z.string().max(64).optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    WORKER_NAME: z.string().default(`worker-${process.pid}`),
  })
  .refine(
    (env) => env.JOB_MEMORY_LIMIT_BYTES >= env.JOB_MEMORY_BUDGET_BYTES + JOB_PROCESS_HEADROOM_BYTES,
    {
      path: ['JOB_MEMORY_LIMIT_BYTES'],
      message:
        'must be at least JOB_MEMORY_BUDGET_BYTES + 128 MiB (the job process itself needs room)',
    },
  );

export type WorkerEnv = z.infer<typeof envSchema>;

/** Parses the environment once at startup; invalid configuration aborts boot with every problem listed. */
export function parseWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`invalid worker configuration:\n${problems}`);
  }
  return result.data;
}

/** The raw environment, handed on to job processes, which parse it themselves. */
export function workerEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}
