import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { startPrefixed } from './run.js';

/**
 * Keeps the platform's long-running processes up: one that exits while the platform is running
 * (a crashed or killed worker, a web server that died) is started again after a backoff, with a
 * log line saying why, and the others keep running. Only `stop()` (Ctrl-C, SIGTERM) ends them.
 *
 * Backoff doubles from `initialBackoffMs` to `maxBackoffMs` while a process keeps dying soon
 * after its start, so a process that cannot start (a bad configuration) does not spin, and
 * returns to the initial delay once a run has lasted `stableAfterMs`.
 */
export interface SupervisedSpec {
  name: string;
  command: string;
  args: string[];
  options?: SpawnOptions;
}

export interface SupervisorOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  stableAfterMs?: number;
  /** How long `stop()` waits for processes to finish their work before killing them. */
  stopGraceMs?: number;
  log?: (line: string) => void;
  /** Called with the new process every time one (re)starts, e.g. to record its pid. */
  onStart?: (name: string, child: ChildProcess, restarts: number) => void;
}

interface Supervised {
  spec: SupervisedSpec;
  child: ChildProcess | null;
  startedAt: number;
  restarts: number;
  backoffMs: number;
  restartTimer: NodeJS.Timeout | null;
}

/** Why a process ended, in words: "exited with code 1", "was killed by SIGKILL". */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  return `exited with code ${code ?? 'unknown'}`;
}

export class Supervisor {
  private readonly processes = new Map<string, Supervised>();
  private stopping = false;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly stableAfterMs: number;
  private readonly stopGraceMs: number;
  private readonly log: (line: string) => void;
  private readonly onStart?: SupervisorOptions['onStart'];

  constructor(options: SupervisorOptions = {}) {
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.stableAfterMs = options.stableAfterMs ?? 60_000;
    this.stopGraceMs = options.stopGraceMs ?? 35_000;
    this.log = options.log ?? ((line) => console.error(line));
    this.onStart = options.onStart;
  }

  /** Starts `spec` and keeps it running until `stop()`. Names are unique. */
  supervise(spec: SupervisedSpec): void {
    if (this.processes.has(spec.name)) throw new Error(`${spec.name} is already supervised`);
    const entry: Supervised = {
      spec,
      child: null,
      startedAt: 0,
      restarts: 0,
      backoffMs: this.initialBackoffMs,
      restartTimer: null,
    };
    this.processes.set(spec.name, entry);
    this.start(entry);
  }

  /** The running process of `name`, if any (null while it waits for its restart). */
  current(name: string): ChildProcess | null {
    return this.processes.get(name)?.child ?? null;
  }

  /** How often `name` has been restarted. */
  restartCount(name: string): number {
    return this.processes.get(name)?.restarts ?? 0;
  }

  /**
   * Stops everything: SIGTERM (workers finish their jobs), then SIGKILL for what is still running
   * after the grace period. No process is restarted once this is called.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const running: Promise<void>[] = [];
    for (const entry of this.processes.values()) {
      if (entry.restartTimer) clearTimeout(entry.restartTimer);
      const child = entry.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      running.push(new Promise((resolve) => child.once('exit', () => resolve())));
      child.kill('SIGTERM');
    }
    const grace = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), this.stopGraceMs).unref(),
    );
    if ((await Promise.race([Promise.all(running), grace])) === 'timeout') {
      for (const entry of this.processes.values()) entry.child?.kill('SIGKILL');
      await Promise.all(running);
    }
  }

  private start(entry: Supervised): void {
    const { name, command, args, options } = entry.spec;
    const child = startPrefixed(name, command, args, options);
    entry.child = child;
    entry.startedAt = Date.now();
    entry.restartTimer = null;
    this.onStart?.(name, child, entry.restarts);
    child.once('error', (error) => this.log(`[up] ${name} could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      entry.child = null;
      if (this.stopping) return;
      const ranMs = Date.now() - entry.startedAt;
      if (ranMs >= this.stableAfterMs) entry.backoffMs = this.initialBackoffMs;
      const delayMs = entry.backoffMs;
      entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxBackoffMs);
      entry.restarts++;
      this.log(
        `[up] ${name} ${describeExit(code, signal)} after ${formatDuration(ranMs)}; ` +
          `restarting it in ${formatDuration(delayMs)} (restart ${entry.restarts}); ` +
          `the other processes keep running`,
      );
      entry.restartTimer = setTimeout(() => {
        if (!this.stopping) this.start(entry);
      }, delayMs);
    });
  }
}

function formatDuration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
