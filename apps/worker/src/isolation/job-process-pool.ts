// Heavy jobs (reading archives, 3D volumes, big CSVs; bootstrapping their metrics) run in child
// processes, one job at a time each, so that a job that needs too much memory or time, or that
// crashes the reader, costs that child and not the worker: the worker process only talks to
// BullMQ and stays at its baseline.
//
// Limits per job: resident memory, sampled every `sampleIntervalMs` from /proc (covers buffers
// outside the JavaScript heap, which V8's own limit does not see), with V8's heap limit set to the
// same figure as a second line; and wall time. A child over either limit is killed with SIGKILL
// and the job fails with an UnrecoverableError saying which limit, so BullMQ does not retry it
// (the same file would hit the same limit: no retry storm). A child that crashed on its own
// (V8 out of heap, a native fault) fails its job the same way. After each job, a child whose
// memory grew by more than `recycleAboveBaselineBytes` over its baseline is replaced, so memory
// a big job left behind (allocator fragmentation) is returned to the system.
//
// Children are started detached (their own process group): a Ctrl-C in the terminal reaches the
// worker, which finishes its jobs and then stops them, instead of killing jobs mid-way. A child
// exits by itself when its IPC channel closes, so a worker killed with SIGKILL leaves no orphan.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import {
  JOB_POOL_ENV,
  deserializeError,
  type ChildMessage,
  type RunMessage,
  type ResultMessage,
} from './protocol.js';

const MiB = 1024 * 1024;

export type JobLimit = 'memory' | 'time';

export interface JobRunReport {
  jobName: string;
  outcome: 'completed' | 'failed' | 'memory-limit' | 'time-limit' | 'crashed';
  durationMs: number;
  /** Highest resident memory of the child during the job (null where /proc is unavailable). */
  peakRssBytes: number | null;
}

export interface JobProcessPoolOptions {
  /** Names the pool in logs ("scoring", "curation"). */
  name: string;
  /** What a job does, for the messages users see: "Scoring", "Checking the ground truth". */
  activity: string;
  /** Absolute path of the child's entry module. */
  entry: string;
  maxProcesses: number;
  memoryLimitBytes: number;
  timeLimitMs: number;
  /** A child whose memory after a job exceeds its baseline by more than this is replaced. */
  recycleAboveBaselineBytes: number;
  /** Children beyond `keepWarm` idle this long exit (default: never). */
  idleTimeoutMs?: number;
  /** Children kept running while idle, started by `prewarm()` (default: 0). */
  keepWarm?: number;
  /** How long a child may take to load and connect (default 60 s). */
  startTimeoutMs?: number;
  sampleIntervalMs?: number;
  /** Environment of the children (they parse it with the worker's env.ts): the worker's own. */
  env: NodeJS.ProcessEnv;
  /** Node flags of the children (default: this process's, so a `tsx` loader is inherited). */
  execArgv?: readonly string[];
  logger: Logger;
  /** Called once per job with its outcome and memory (metrics, logs). */
  onJobEnd?: (report: JobRunReport) => void;
}

/** Resident memory of a process in bytes, from /proc (Linux); null elsewhere or once it exited. */
export function residentBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The message a job over a limit fails with: what happened, the limit, and that it is final. */
export function limitMessage(
  activity: string,
  limit: JobLimit,
  options: { memoryLimitBytes: number; timeLimitMs: number },
): string {
  if (limit === 'memory')
    return `${activity} stopped: it needed more than ${Math.round(options.memoryLimitBytes / MiB).toLocaleString('en-US')} MiB of memory, the limit per job on this platform. It was not retried; a smaller file (fewer or smaller images per case) fits.`;
  const seconds = Math.round(options.timeLimitMs / 1000).toLocaleString('en-US');
  return `${activity} stopped after ${seconds} s, the time limit per job on this platform. It was not retried; a smaller file fits.`;
}

function crashMessage(activity: string, code: number | null, signal: string | null): string {
  const how = signal ? `signal ${signal}` : `exit code ${code}`;
  return `${activity} stopped: the process reading the file crashed (${how}). It was not retried; if the file is as the benchmark expects, tell the site's operators.`;
}

/** V8 prints this when a heap reaches --max-old-space-size: the memory limit, not a bug. */
const HEAP_LIMIT_PATTERN = /heap out of memory|Reached heap limit|Allocation failed/;

class JobProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  baselineRssBytes = 0;
  jobsRun = 0;
  idleTimer: NodeJS.Timeout | null = null;
  private stderrTail = '';
  private exited = false;
  private nextId = 1;
  private current: {
    id: number;
    resolve: (value: unknown) => void;
    reject: (error: Error) => void;
  } | null = null;
  private readonly exitWaiters: (() => void)[] = [];

  constructor(
    private readonly options: JobProcessPoolOptions,
    private readonly onExit: (process: JobProcess) => void,
  ) {
    const heapMb = Math.max(64, Math.floor(options.memoryLimitBytes / MiB));
    const execArgv = [
      ...(options.execArgv ?? process.execArgv).filter(
        (a) => !a.startsWith('--max-old-space-size'),
      ),
      `--max-old-space-size=${heapMb}`,
    ];
    this.child = fork(options.entry, [], {
      execArgv,
      // The pool's name goes on the child's log lines (job-process-main.ts).
      env: { ...options.env, [JOB_POOL_ENV]: options.name },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
      detached: true,
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-8192);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `the ${options.name} job process did not start within ${startTimeoutMs(options)} ms`,
          ),
        );
        this.kill();
      }, startTimeoutMs(options));
      this.child.once('message', (message: ChildMessage) => {
        clearTimeout(timer);
        if (message.type === 'ready') {
          this.baselineRssBytes = message.baselineRssBytes;
          resolve();
        } else reject(new Error(`the ${options.name} job process spoke before it was ready`));
      });
      this.child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(
            `the ${options.name} job process exited while starting (${signal ?? `code ${code}`}): ${this.stderrTail.slice(-500)}`,
          ),
        );
      });
    });
    // A failed start is reported to whoever awaits `ready`; never an unhandled rejection.
    this.ready.catch(() => undefined);
    this.child.on('message', (message: ChildMessage) => {
      if (message.type === 'result') this.settle(message);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      const current = this.current;
      this.current = null;
      if (current) current.reject(this.exitError(code, signal));
      for (const waiter of this.exitWaiters.splice(0)) waiter();
      this.onExit(this);
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Set when the pool killed the child for a limit, so its exit is explained by that. */
  killedFor: JobLimit | 'shutdown' | null = null;

  private exitError(code: number | null, signal: NodeJS.Signals | null): Error {
    const limits = this.options;
    if (this.killedFor === 'memory' || this.killedFor === 'time')
      return new UnrecoverableError(limitMessage(limits.activity, this.killedFor, limits));
    if (this.killedFor === 'shutdown')
      // Retryable on purpose: the job is fine, the worker is stopping.
      return new Error(`the worker stopped while ${limits.activity.toLowerCase()} ran`);
    if (HEAP_LIMIT_PATTERN.test(this.stderrTail)) {
      this.killedFor = 'memory';
      return new UnrecoverableError(limitMessage(limits.activity, 'memory', limits));
    }
    return new UnrecoverableError(crashMessage(limits.activity, code, signal));
  }

  private settle(message: ResultMessage) {
    const current = this.current;
    if (!current || current.id !== message.id) return;
    this.current = null;
    if (message.ok) current.resolve(message.value);
    else current.reject(deserializeError(message.error!));
  }

  run(jobName: string, payload: unknown): Promise<unknown> {
    if (this.exited)
      return Promise.reject(new Error(`the ${this.options.name} job process is gone`));
    const id = this.nextId++;
    this.jobsRun++;
    return new Promise((resolve, reject) => {
      this.current = { id, resolve, reject };
      const message: RunMessage = { type: 'run', id, jobName, payload };
      this.child.send(message, (error) => {
        if (error && this.current?.id === id) {
          this.current = null;
          reject(error);
        }
      });
    });
  }

  kill(reason: JobLimit | 'shutdown' | null = null, signal: NodeJS.Signals = 'SIGKILL') {
    if (this.exited) return;
    if (reason && !this.killedFor) this.killedFor = reason;
    this.child.kill(signal);
  }

  waitForExit(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }
}

/** The string fields of a job's payload whose names end in `Id` (submissionId, uploadId, …). */
function idsOf(payload: unknown): Record<string, string> {
  if (typeof payload !== 'object' || payload === null) return {};
  return Object.fromEntries(
    Object.entries(payload).filter(
      ([key, value]) => key.endsWith('Id') && typeof value === 'string',
    ),
  ) as Record<string, string>;
}

function startTimeoutMs(options: JobProcessPoolOptions): number {
  return options.startTimeoutMs ?? 60_000;
}

/** A bounded set of child processes that run jobs one at a time each, within limits. */
export class JobProcessPool {
  private readonly processes = new Set<JobProcess>();
  private readonly idle: JobProcess[] = [];
  private readonly waiting: ((process: JobProcess) => void)[] = [];
  private closing = false;

  constructor(private readonly options: JobProcessPoolOptions) {
    if (options.maxProcesses < 1) throw new Error('a job process pool needs at least one process');
  }

  /** Number of children running (busy or idle). */
  get size(): number {
    return this.processes.size;
  }

  /** Starts `keepWarm` children now, so the first jobs do not wait for a child to load. */
  prewarm(): void {
    const target = Math.min(this.options.keepWarm ?? 0, this.options.maxProcesses);
    while (this.processes.size < target) {
      const child = this.spawn();
      child.ready.then(
        () => this.release(child),
        (error: unknown) =>
          this.options.logger.warn({ err: error, pool: this.options.name }, 'prewarm failed'),
      );
    }
  }

  /**
   * Runs one job in a child and returns its result, or throws: the job's own error (rebuilt so
   * AppError codes survive), or an UnrecoverableError when the child went over a limit or crashed.
   */
  async run(jobName: string, payload: unknown): Promise<unknown> {
    if (this.closing) throw new Error(`the ${this.options.name} pool is closing`);
    const child = await this.acquire();
    try {
      await child.ready;
    } catch (error) {
      child.kill();
      throw error;
    }
    const started = Date.now();
    let peakRssBytes = residentBytes(child.pid);
    const sampler = setInterval(() => {
      const rss = residentBytes(child.pid);
      if (rss === null) return;
      if (peakRssBytes === null || rss > peakRssBytes) peakRssBytes = rss;
      if (rss > this.options.memoryLimitBytes) child.kill('memory');
    }, this.options.sampleIntervalMs ?? 100);
    const deadline = setTimeout(() => child.kill('time'), this.options.timeLimitMs);
    let outcome: JobRunReport['outcome'] = 'completed';
    try {
      return await child.run(jobName, payload);
    } catch (error) {
      outcome =
        child.killedFor === 'memory'
          ? 'memory-limit'
          : child.killedFor === 'time'
            ? 'time-limit'
            : child.alive
              ? 'failed'
              : 'crashed';
      throw error;
    } finally {
      clearInterval(sampler);
      clearTimeout(deadline);
      const durationMs = Date.now() - started;
      const report: JobRunReport = { jobName, outcome, durationMs, peakRssBytes };
      this.options.onJobEnd?.(report);
      // Payloads are ids only (the job contracts in @medrank/jobs), so the line carries the
      // submission's or upload's id like every other line of its trail.
      const line = { pool: this.options.name, jobProcess: child.pid, ...idsOf(payload), ...report };
      const log = this.options.logger;
      if (outcome === 'memory-limit' || outcome === 'time-limit' || outcome === 'crashed')
        log.warn(line, 'job process stopped');
      else log.info(line, 'job process finished a job');
      this.afterJob(child);
    }
  }

  /** Stops every child: SIGTERM, then SIGKILL after `graceMs`. Jobs still running fail retryably. */
  async close(graceMs = 5_000): Promise<void> {
    this.closing = true;
    const all = [...this.processes];
    for (const child of all) child.kill('shutdown', 'SIGTERM');
    const timer = setTimeout(() => all.forEach((c) => c.kill('shutdown')), graceMs);
    await Promise.all(all.map((c) => c.waitForExit()));
    clearTimeout(timer);
  }

  private spawn(): JobProcess {
    const child = new JobProcess(this.options, (gone) => {
      this.processes.delete(gone);
      const index = this.idle.indexOf(gone);
      if (index >= 0) this.idle.splice(index, 1);
      if (gone.idleTimer) clearTimeout(gone.idleTimer);
      // Someone may be waiting for a free slot: a slot is free now.
      const next = this.waiting.shift();
      if (next && !this.closing) next(this.spawn());
    });
    this.processes.add(child);
    return child;
  }

  private acquire(): Promise<JobProcess> {
    const idle = this.idle.pop();
    if (idle) {
      if (idle.idleTimer) clearTimeout(idle.idleTimer);
      idle.idleTimer = null;
      return Promise.resolve(idle);
    }
    if (this.processes.size < this.options.maxProcesses) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private afterJob(child: JobProcess) {
    if (!child.alive) return; // its exit handler already freed the slot
    const rss = residentBytes(child.pid);
    if (rss !== null && rss - child.baselineRssBytes > this.options.recycleAboveBaselineBytes) {
      this.options.logger.info(
        {
          pool: this.options.name,
          jobProcess: child.pid,
          rssBytes: rss,
          baselineRssBytes: child.baselineRssBytes,
        },
        'replacing a job process that kept memory after its job',
      );
      child.kill(null, 'SIGTERM');
      return;
    }
    this.release(child);
  }

  private release(child: JobProcess) {
    if (this.closing) {
      child.kill('shutdown', 'SIGTERM');
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      next(child);
      return;
    }
    this.idle.push(child);
    const warm = this.options.keepWarm ?? 0;
    const idleTimeoutMs = this.options.idleTimeoutMs;
    if (idleTimeoutMs !== undefined && Number.isFinite(idleTimeoutMs)) {
      child.idleTimer = setTimeout(() => {
        if (this.processes.size > warm && this.idle.includes(child)) child.kill(null, 'SIGTERM');
      }, idleTimeoutMs);
      child.idleTimer.unref();
    }
  }
}
