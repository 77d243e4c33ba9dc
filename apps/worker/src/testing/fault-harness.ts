// Real parts for the worker's integration and fault tests: worker processes (the production build,
// `node apps/worker/dist/main.mjs`, which the integration tests' global setup builds), a private redis-server and a private Postgres cluster, each on a free
// port of its own, so a fault (SIGKILL, FLUSHALL, a Postgres restart) never touches the shared
// services. Every process started here is registered and killed by `killAll()` (call it in
// afterAll, it runs even when a test failed).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { roleDatabaseUrls, submissions, type Database } from '@medrank/db';
import type { FileBlobStore } from '@medrank/storage';
import { Redis } from 'ioredis';

// Test support, not the worker: it reads the test's environment (PG_BIN) and hands it on to the
// processes it starts, which parse their own configuration through env.ts.
/* eslint-disable no-restricted-properties */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * Node arguments that start a worker, from the repository root: the compiled worker, as in
 * production (tools/testing/integration-setup.ts builds it before any test runs, so it is never
 * stale), which starts in about half the time of the TypeScript source through tsx.
 */
export const WORKER_NODE_ARGS = ['--enable-source-maps', 'apps/worker/dist/main.mjs'] as const;

const started = new Set<ChildProcess>();
const workers = new Set<WorkerProcess>();

/** SIGKILLs every worker process still running (afterEach: a failed test leaves none behind). */
export async function killWorkers(): Promise<void> {
  await Promise.all([...workers].map((w) => w.stop('SIGKILL')));
  workers.clear();
}
const cleanups: (() => Promise<void>)[] = [];

/** SIGKILLs every process started here and removes every temporary directory. */
export async function killAll(): Promise<void> {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  started.clear();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns something other than false; throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | false>,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

const acceptsConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export async function makeTempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `medrank-${label}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// ───────────────────────── Redis ─────────────────────────

export interface PrivateRedis {
  url: string;
  /** A client of the test's own (FLUSHALL, inspection). */
  client: Redis;
}

/** A redis-server on a free port, without persistence. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  started.add(child);
  await until('the private redis-server', async () => acceptsConnections(port), 10_000, 100);
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: 3 });
  cleanups.push(async () => client.disconnect());
  return { url, client };
}

// ───────────────────────── Postgres ─────────────────────────

function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(path.join(debian, v, 'bin/initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debian, versions[0], 'bin');
  }
  throw new Error(
    'no Postgres server binaries for the private cluster: set PG_BIN to a directory with initdb and pg_ctl',
  );
}

export interface PrivatePostgres {
  port: number;
  /** Owner URL of the `postgres` maintenance database (trust authentication). */
  ownerUrl: string;
  /** The three role URLs of `database` on this cluster (as testDatabaseUrls() gives for the shared one). */
  databaseUrls(database: string): ReturnType<typeof roleDatabaseUrls>;
  start(): Promise<void>;
  /** `immediate` is a crash (recovery on the next start); `fast` a clean shutdown. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
}

/**
 * A throwaway Postgres cluster (initdb into a temporary directory, a free port, fsync off).
 * Postgres refuses to run as root: as root the binaries run as the `postgres` system user.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const dir = await makeTempDir('pg');
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    await chown(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [command, argv] = isRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
    return new Promise<void>((resolve, reject) => {
      const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${tool} exited with ${code}: ${output}`)),
      );
    });
  };
  const data = path.join(dir, 'data');
  const port = await freePort();
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const cluster: PrivatePostgres = {
    port,
    ownerUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    databaseUrls: (database) => roleDatabaseUrls(cluster.ownerUrl, database),
    start: () =>
      run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']),
    stop: (mode) => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
  };
  await cluster.start();
  // Runs before the directory is removed (cleanups run in reverse order).
  cleanups.push(() => cluster.stop('immediate'));
  return cluster;
}

/** `npx tsx tools/migrate/src/migrate.ts deploy` (database, roles, grants) against `urls`. */
export function migrate(urls: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'tools/migrate/src/migrate.ts', 'deploy'], {
      cwd: repoRoot,
      env: { ...process.env, ...urls },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.add(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`migrate deploy failed (${code}):\n${output}`)),
    );
  });
}

// ───────────────────────── workers ─────────────────────────

export interface WorkerOptions {
  name: string;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  blobRoot: string;
  env?: Record<string, string>;
}

export interface LogEntry {
  msg?: string;
  submissionId?: string;
  evaluationsWritten?: number;
  /** The job process a line is about (job-process-pool.ts) or from (job-process-main.ts). */
  jobProcess?: number;
  /** The pool of that job process ("scoring", "curation", "rank-stats"). */
  pool?: string;
  [field: string]: unknown;
}

/** One real worker process; its stdout/stderr lines are kept in `log`. */
export class WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string[] = [];
  readonly exited: Promise<void>;

  constructor({ name, databaseUrl, redisUrl, prefix, blobRoot, env = {} }: WorkerOptions) {
    this.name = name;
    this.child = spawn(process.execPath, [...WORKER_NODE_ARGS], {
      cwd: repoRoot,
      env: {
        ...process.env,
        WORKER_DATABASE_URL: databaseUrl,
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
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.add(this.child);
    workers.add(this);
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    const keep = (d: Buffer) => this.log.push(...d.toString().split('\n').filter(Boolean));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  get isAlive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Parsed JSON log lines (pino), optionally only those with message `msg`. */
  entries(msg?: string): LogEntry[] {
    return this.log.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as LogEntry;
        return msg === undefined || entry.msg === msg ? [entry] : [];
      } catch {
        return [];
      }
    });
  }

  /** Submission ids this process logged as scored. */
  scored(): string[] {
    return this.entries('scored').flatMap((e) => (e.submissionId ? [e.submissionId] : []));
  }

  /** The scoring pool's job processes that started (rank statistics and curation have their own). */
  scoringJobProcesses(): number[] {
    return this.entries('job process ready').flatMap((e) =>
      e.pool === 'scoring' && e.jobProcess ? [e.jobProcess] : [],
    );
  }

  /** Submissions this process started scoring and has not finished (from its log). */
  inProgress(): string[] {
    const open = new Map<string, number>();
    for (const e of this.entries()) {
      if (!e.submissionId) continue;
      if (e.msg === 'scoring started')
        open.set(e.submissionId, (open.get(e.submissionId) ?? 0) + 1);
      else if (e.msg === 'scored' || e.msg === 'submission rejected')
        open.set(e.submissionId, (open.get(e.submissionId) ?? 1) - 1);
    }
    return [...open].filter(([, n]) => n > 0).map(([id]) => id);
  }

  ready(timeoutMs = 60_000): Promise<void> {
    return until(
      `worker ${this.name} ready`,
      async () => {
        if (!this.isAlive) throw new Error(`worker ${this.name} exited:\n${this.log.join('\n')}`);
        return this.entries('worker ready').length > 0 || false;
      },
      timeoutMs,
      100,
    ).then(() => undefined);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.isAlive) return;
    this.child.kill(signal);
    await this.exited;
  }
}

export function startWorker(options: WorkerOptions): WorkerProcess {
  return new WorkerProcess(options);
}

// ───────────────────────── submissions ─────────────────────────

/** A binary-classification ground truth of `n` cases (every third case positive). */
export const classificationCases = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `c${i}`,
    label: i % 3 === 0 ? 'positive' : 'negative',
  }));

/** A valid predictions CSV for classificationCases(n) with classes `negative`, `positive`. */
export const classificationCsv = (
  n: number,
  classes: [string, string] = ['negative', 'positive'],
) =>
  [
    `case_id,p_${classes[0]},p_${classes[1]}`,
    ...Array.from(
      { length: n },
      (_, i) => `c${i},${((i * 7919) % 1000) / 1000},${1 - ((i * 7919) % 1000) / 1000}`,
    ),
  ].join('\n') + '\n';

/**
 * Stores a file as the web does (blob, then the submission row and its outbox row in one
 * transaction) and returns the submission id. The outbox relay of a worker enqueues it.
 */
export async function submitFile(
  web: Database,
  blobs: FileBlobStore,
  target: { teamId: string; userId: string; trackId: string; phaseId: string },
  csv: string,
): Promise<string> {
  const blob = await blobs.put(Readable.from([Buffer.from(csv)]), {
    keyPrefix: 'submissions',
    extension: 'csv',
    maxBytes: 64 << 20,
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId: target.teamId,
    trackId: target.trackId,
    phaseId: target.phaseId,
    submittedById: target.userId,
    methodName: 'fault test',
    blobKey: blob.key,
    fileName: 'predictions.csv',
    fileBytes: blob.bytes,
    sha256: blob.sha256,
  });
  return id;
}

/** Status → number of the given submissions. */
export async function statusCounts(db: Database, ids: string[]): Promise<Record<string, number>> {
  const rows = await db.submission.groupBy({
    by: ['status'],
    where: { id: { in: ids } },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
}

export async function allFinished(db: Database, ids: string[], final = ['SCORED']) {
  const counts = await statusCounts(db, ids);
  return final.reduce((sum, s) => sum + (counts[s] ?? 0), 0) === ids.length;
}

/** Evaluations per submission (one test set per track in these fixtures: exactly once = 1). */
export async function evaluationCounts(db: Database, ids: string[]): Promise<Map<string, number>> {
  const rows = await db.evaluation.groupBy({
    by: ['submissionId'],
    where: { submissionId: { in: ids } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.submissionId, r._count._all]));
}

/** Seconds since `t0`, for the printed figures. */
export const secondsSince = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
