/**
 * The platform the load bench measures, started by the bench itself: a database of its own on the
 * shared Postgres (created, migrated, dropped at the end), a queue prefix of its own on the shared
 * Redis (its keys deleted at the end, never a flush), the production web server
 * (apps/web/dist/server.mjs) and compiled workers (apps/worker/dist/main.mjs), each in a process
 * group of its own. A sampler reads VmHWM (peak resident memory) and CPU time of every process it
 * knows, including the workers' job processes, which it learns from the workers' JSON logs
 * (`jobProcess`) and from /proc (children of a worker).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testDatabaseUrls, testPostgresServer, testRedisUrl } from '@medrank/db/testing';
import { createRedisConnection } from '@medrank/jobs';
import { WEB_SERVER_ENTRY, WEB_SERVER_NODE_ARGS } from '../../tools/env/web-server.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export const log = (message: string) => process.stderr.write(`[bench:load] ${message}\n`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command to completion; its stderr goes to ours; rejects on a non-zero exit. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`)),
    );
  });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// ───────────────────────── /proc ─────────────────────────

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux

/** Peak (VmHWM) and current (VmRSS) resident set size in bytes, or null when the process is gone. */
export function residentBytes(pid: number): { peak: number; rss: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const peak = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return peak && rss ? { peak: Number(peak[1]) * 1024, rss: Number(rss[1]) * 1024 } : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds the process has used, or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state) on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Direct children of `pid` (its main thread's; Node forks from the main thread). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Busy and total jiffies of the whole machine (/proc/stat), for the CPU use of a time window. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export const loadAverage = () => os.loadavg().map((v) => Number(v.toFixed(2)));

// ───────────────────────── processes ─────────────────────────

export type ProcessRole = 'web' | 'worker' | 'job process';

export interface TrackedProcess {
  pid: number;
  role: ProcessRole;
  /** The worker a job process belongs to, or the worker's own name. */
  owner: string;
  /** Peak resident memory since the last resetPeaks() (the current scenario). */
  peakBytes: number;
  /** Peak resident memory over the whole run. */
  overallPeakBytes: number;
  /** Resident memory at the last sample (VmRSS). */
  rssBytes: number;
  cpuS: number;
  alive: boolean;
}

/** Keeps the peak VmHWM and the last CPU time of every process registered, sampled every `ms`. */
export class ProcessSampler {
  readonly processes = new Map<number, TrackedProcess>();
  private timer: NodeJS.Timeout | undefined;
  /** Workers whose children are job processes, by pid. */
  private readonly parents = new Map<number, string>();

  track(pid: number, role: ProcessRole, owner: string) {
    if (this.processes.has(pid)) return;
    this.processes.set(pid, {
      pid,
      role,
      owner,
      peakBytes: 0,
      overallPeakBytes: 0,
      rssBytes: 0,
      cpuS: 0,
      alive: true,
    });
    if (role === 'worker') this.parents.set(pid, owner);
    this.sampleOne(this.processes.get(pid)!);
  }

  start(ms = 200) {
    this.timer = setInterval(() => this.sample(), ms);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
    this.sample();
  }

  sample() {
    for (const [pid, owner] of this.parents) {
      if (!isAlive(pid)) {
        this.parents.delete(pid);
        continue;
      }
      for (const child of childrenOf(pid)) this.track(child, 'job process', owner);
    }
    for (const p of this.processes.values()) if (p.alive) this.sampleOne(p);
  }

  private sampleOne(p: TrackedProcess) {
    const { peak, rss } = residentBytes(p.pid) ?? { peak: null, rss: null };
    const cpu = cpuSeconds(p.pid);
    if (peak === null || rss === null || cpu === null) {
      p.alive = false;
      return;
    }
    p.peakBytes = Math.max(p.peakBytes, peak);
    p.overallPeakBytes = Math.max(p.overallPeakBytes, peak);
    p.rssBytes = rss;
    p.cpuS = cpu;
  }

  /**
   * Starts a new measurement window: each live process's VmHWM is reset to its current resident
   * size (`echo 5 > /proc/<pid>/clear_refs`, our own processes), so the next peaks are this
   * window's; processes already gone drop out of it.
   */
  resetPeaks() {
    this.sample();
    for (const p of this.processes.values()) {
      p.peakBytes = 0;
      if (!p.alive) continue;
      try {
        writeFileSync(`/proc/${p.pid}/clear_refs`, '5');
      } catch {
        // gone in the meantime, or not allowed: its lifetime peak stands
      }
      this.sampleOne(p);
    }
  }

  /** CPU seconds per tracked process now (for differences over a scenario). */
  cpuSnapshot(): Map<number, number> {
    this.sample();
    return new Map([...this.processes.values()].map((p) => [p.pid, p.cpuS]));
  }
}

/** A long-running child in a process group of its own; its output lines go to `onLine` and a log file. */
class ManagedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
    onLine: (line: string) => void = () => undefined,
  ) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const file = createWriteStream(options.logFile, { flags: 'a' });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let buffer = '';
      stream.on('data', (chunk: Buffer) => {
        file.write(chunk);
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
    }
    this.child.once('exit', () => file.end());
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Signals the whole process group; SIGKILL after `graceMs` if it is still there. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

// ───────────────────────── the platform ─────────────────────────

export interface HeapFigures {
  rssMB: number | null;
  heapUsedMB: number | null;
  heapTotalMB: number | null;
  externalMB: number | null;
}

export interface PlatformOptions {
  port: number;
  workers: number;
  /** Extra Node flags for the workers (diagnostics, e.g. --cpu-prof); job processes inherit them. */
  workerNodeArgs?: string[];
  /** Extra Node flags for the web server (diagnostics, e.g. --heapsnapshot-signal=SIGUSR2). */
  webNodeArgs?: string[];
}

const WEB_LOCK = '/tmp/medrank-web.lock';

export class Platform {
  readonly database = `medrank_load_${randomBytes(4).toString('hex')}`;
  readonly urls = testDatabaseUrls(this.database);
  readonly queuePrefix = `bench-load-${randomBytes(4).toString('hex')}`;
  readonly tempDir = mkdtempSync(path.join(os.tmpdir(), 'medrank-bench-load-'));
  readonly sampler = new ProcessSampler();
  readonly baseUrl: string;
  private web: ManagedProcess | undefined;
  private readonly workers = new Map<string, ManagedProcess>();
  /** Every worker ever started (killed ones too), for cleanup. */
  private readonly allWorkers: ManagedProcess[] = [];
  private createdDatabase = false;
  private readonly env: NodeJS.ProcessEnv;
  /** Submissions each worker's job processes logged as started and not yet finished. */
  readonly openJobs = new Map<string, Set<string>>();
  /** Worker log lines that matter to the bench (JSON, parsed), newest last. */
  readonly workerEvents: { worker: string; msg: string; entry: Record<string, unknown> }[] = [];

  constructor(readonly options: PlatformOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    this.env = {
      ...process.env,
      ...this.urls,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: this.queuePrefix,
      BLOB_ROOT: path.join(this.tempDir, 'blobs'),
      APP_URL: this.baseUrl,
      BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
      NODE_ENV: 'production',
      CHECKPOINT_DISABLE: '1',
      NEXT_TELEMETRY_DISABLED: '1',
    };
  }

  /** Creates and migrates the database (as tools/e2e/serve.ts does). */
  async createDatabase(): Promise<void> {
    const admin = new pg.Client({ connectionString: testPostgresServer() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${this.database}`);
      this.createdDatabase = true;
    } finally {
      await admin.end();
    }
    log(`migrating ${this.database}`);
    await run('npx', ['tsx', 'tools/migrate/src/migrate.ts', 'deploy'], this.env);
  }

  /** Builds the web app only when its build is missing, and always the worker (half a second). */
  async build(): Promise<void> {
    const web = path.join(REPO_ROOT, 'apps/web');
    if (
      !existsSync(path.join(web, '.next/BUILD_ID')) ||
      !existsSync(path.join(web, 'dist/server.mjs'))
    ) {
      log(`building the web app (under ${WEB_LOCK})`);
      await run('flock', [WEB_LOCK, 'npm', 'run', '-s', 'build', '-w', '@medrank/web'], this.env);
    }
    await run(process.execPath, ['apps/worker/build.mjs'], this.env);
  }

  /**
   * The production web server, under a shared hold of the web lock (a build takes it exclusively,
   * so .next is not replaced under the running server). flock is the group leader; the server is
   * its child.
   */
  async startWeb(): Promise<void> {
    this.web = new ManagedProcess(
      'web',
      'flock',
      [
        '--shared',
        WEB_LOCK,
        process.execPath,
        ...WEB_SERVER_NODE_ARGS,
        ...(this.options.webNodeArgs ?? []),
        WEB_SERVER_ENTRY,
      ],
      {
        cwd: path.join(REPO_ROOT, 'apps/web'),
        env: {
          ...this.env,
          PORT: String(this.options.port),
          LISTEN_HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          // Its Prometheus metrics (heap sizes) on a port of their own, read after each scenario.
          METRICS_PORT: String(this.metricsPorts().web),
        },
        logFile: path.join(this.tempDir, 'web.log'),
      },
    );
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (!this.web.running) throw new Error(`the web server exited; see ${this.tempDir}/web.log`);
      try {
        if ((await fetch(`${this.baseUrl}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('the web server did not answer within 300 s');
      await sleep(300);
    }
    const server = childrenOf(this.web.pid).find((pid) => isAlive(pid));
    if (!server) throw new Error('cannot find the web server process under flock');
    this.sampler.track(server, 'web', 'web');
  }

  /** Starts worker `name` (the compiled worker) and waits for its "worker ready" line. */
  async startWorker(name: string): Promise<void> {
    let ready = false;
    const open = new Set<string>();
    this.openJobs.set(name, open);
    const worker = new ManagedProcess(
      name,
      process.execPath,
      [...(this.options.workerNodeArgs ?? []), '--enable-source-maps', 'apps/worker/dist/main.mjs'],
      {
        cwd: REPO_ROOT,
        env: {
          ...this.env,
          WORKER_NAME: name,
          LOG_LEVEL: 'info',
          WORKER_HEALTH_PORT: String(this.metricsPorts()[name]),
        },
        logFile: path.join(this.tempDir, `${name}.log`),
      },
      (line) => {
        if (!line.startsWith('{')) return;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return;
        }
        const msg = String(entry.msg ?? '');
        if (msg === 'worker ready') ready = true;
        const submission = typeof entry.submissionId === 'string' ? entry.submissionId : null;
        if (submission && msg === 'scoring started') open.add(submission);
        if (submission && (msg === 'scored' || msg === 'submission rejected'))
          open.delete(submission);
        if (typeof entry.jobProcess === 'number')
          this.sampler.track(entry.jobProcess, 'job process', name);
        if (entry.level !== undefined && Number(entry.level) >= 40)
          this.workerEvents.push({ worker: name, msg, entry });
      },
    );
    this.workers.set(name, worker);
    this.allWorkers.push(worker);
    this.sampler.track(worker.pid, 'worker', name);
    const deadline = Date.now() + 120_000;
    while (!ready) {
      if (!worker.running)
        throw new Error(`worker ${name} exited; see ${this.tempDir}/${name}.log`);
      if (Date.now() > deadline) throw new Error(`worker ${name} not ready within 120 s`);
      await sleep(100);
    }
  }

  /** The Prometheus ports: the web's and each worker's (its health port), after the site's port. */
  metricsPorts(): Record<string, number> {
    const ports: Record<string, number> = { web: this.options.port + 1 };
    for (let i = 1; i <= this.options.workers; i++)
      ports[`load-worker-${i}`] = this.options.port + 1 + i;
    return ports;
  }

  /** Heap and resident sizes (MB) each process reports on its metrics port now; null when it does not answer. */
  async heapReport(): Promise<Record<string, HeapFigures | null>> {
    const out: Record<string, HeapFigures | null> = {};
    for (const [name, port] of Object.entries(this.metricsPorts())) {
      const prefix = name === 'web' ? 'medrank_web_' : 'medrank_worker_';
      try {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const value = (metric: string) => {
          const match = new RegExp(`^${prefix}${metric}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(
            text,
          );
          return match ? Math.round((Number(match[1]) / 2 ** 20) * 10) / 10 : null;
        };
        out[name] = {
          rssMB: value('process_resident_memory_bytes'),
          heapUsedMB: value('nodejs_heap_size_used_bytes'),
          heapTotalMB: value('nodejs_heap_size_total_bytes'),
          externalMB: value('nodejs_external_memory_bytes'),
        };
      } catch {
        out[name] = null;
      }
    }
    return out;
  }

  /** The last `n` lines of a process's log (`web` or a worker's name), while the files exist. */
  logTail(name: string, n: number): string {
    try {
      return readFileSync(path.join(this.tempDir, `${name}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-n)
        .join('\n');
    } catch {
      return '';
    }
  }

  workerPid(name: string): number {
    return this.workers.get(name)!.pid;
  }

  /** SIGKILLs worker `name` (its job processes exit when their IPC channel closes). */
  async killWorker(name: string): Promise<void> {
    const worker = this.workers.get(name)!;
    this.sampler.sample(); // its last VmHWM before it goes
    process.kill(worker.pid, 'SIGKILL');
    await worker.exited;
  }

  /** Stops everything this platform started and removes its database, Redis keys and files. */
  async destroy(): Promise<void> {
    this.sampler.stop();
    await Promise.all(this.allWorkers.map((w) => w.stop('SIGTERM').catch(() => undefined)));
    // Job processes live in process groups of their own and exit with their worker's IPC
    // channel; any that did not (a worker SIGKILLed at the wrong moment) are killed here.
    for (const p of this.sampler.processes.values()) {
      if (p.role !== 'job process' || !isAlive(p.pid)) continue;
      let command = '';
      try {
        command = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (command.includes('job-process-main')) process.kill(p.pid, 'SIGKILL');
    }
    await this.web?.stop('SIGTERM').catch(() => undefined);
    const redis = createRedisConnection(testRedisUrl(), { role: 'worker' });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(
          cursor,
          'MATCH',
          `${this.queuePrefix}:*`,
          'COUNT',
          500,
        );
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    } catch (error) {
      log(`could not delete the Redis keys ${this.queuePrefix}:*: ${String(error)}`);
    } finally {
      redis.disconnect();
    }
    if (this.createdDatabase) {
      const admin = new pg.Client({ connectionString: testPostgresServer() });
      try {
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
      } catch (error) {
        log(`could not drop ${this.database}: ${String(error)}`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    }
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}
