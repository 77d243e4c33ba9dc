import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ModelInputContract } from '@medrank/task-contracts/config';
import { ModelRunFailure } from '../model-run-failure.js';
import { detectNetworkIsolation } from './network-isolation.js';

/**
 * The model process's script (plain JavaScript, run by `node` alone; see child/preprocess.mjs),
 * resolved through the package's `./child` export so a bundled caller (the worker's dist) still
 * finds the file in the workspace; relative to this module where import.meta.resolve is missing.
 */
export const MODEL_CHILD_ENTRY = ((): string => {
  try {
    return fileURLToPath(import.meta.resolve('@medrank/model-runner/child'));
  } catch {
    return fileURLToPath(new URL('../child/model-child.mjs', import.meta.url));
  }
})();

/**
 * Address space granted beyond the memory budget: V8 and onnxruntime reserve virtual memory up
 * front (node + onnxruntime does not start under 1 GiB), so `prlimit --as` is a backstop and the
 * RSS watchdog enforces the budget.
 */
export const ADDRESS_SPACE_HEADROOM_MB = 1_536;
/** How often the watchdog reads the process's VmRSS. */
export const MEMORY_POLL_MS = 10;

export interface TensorMetadata {
  name: string;
  isTensor: boolean;
  type?: string;
  /** Numbers for fixed dimensions, strings for symbolic ones; empty when the rank is unknown. */
  shape?: (number | string)[];
}

export type ChildEvent =
  | { type: 'loaded'; loadMs: number; inputs: TensorMetadata[]; outputs: TensorMetadata[] }
  /** The first case's untimed first run (onnxruntime's warm-up); its timed run follows. */
  | { type: 'warmup'; index: number; warmupMs: number }
  | { type: 'case-start'; index: number }
  | {
      type: 'case';
      index: number;
      inferenceMs: number;
      /** Reading, decoding, preprocessing and inference of the case, warm-up excluded. */
      wallMs: number;
      dims: number[];
      /** `values` transport: finite numbers; NaN and ±Infinity arrive as strings. */
      values?: (number | string)[];
      /** `float64-base64` transport: the output's values as little-endian float64 bytes. */
      data?: string;
      /**
       * `float64-base64` transport: the decoded case's spatial size before any resize, [height,
       * width] of an image or [depth, height, width] of a volume.
       */
      imageSize?: number[];
      /** A volume's voxel spacing in mm, [z, y, x], for the predicted mask's header. */
      spacingMm?: [number, number, number];
    }
  | { type: 'case-error'; index: number; message: string }
  | { type: 'error'; stage: 'load' | 'run' | 'child'; index?: number; message: string }
  | { type: 'probe'; connected: boolean; code?: string; message?: string }
  | { type: 'done' };

export interface ModelProcessJob {
  mode: 'inspect' | 'run' | 'network-probe';
  modelPath?: string;
  input?: ModelInputContract;
  outputName?: string;
  /**
   * How a case's output travels to the parent: `values`, a JSON array (classification: a few
   * numbers); `float64-base64`, the values as float64 bytes (segmentation: score maps, labels of
   * any number type) with the image's size.
   */
  outputTransport?: 'values' | 'float64-base64';
  cases?: { caseId: string; path: string; fileName: string }[];
  intraOpThreads?: number;
  /** Largest uncompressed case file the model process inflates (a .nii.gz bomb stops there). */
  maxInputBytes?: number;
  probe?: { host: string; port: number };
}

export interface ModelProcessLimits {
  memoryMb: number;
  /** Per case, from the child's case-start to its result; absent: none (inspect). */
  perCaseMs?: number;
  totalMs: number;
}

export interface ModelProcessOutcome {
  /** Every event in order; the last is `done` when the process finished its job. */
  events: ChildEvent[];
  /** Highest VmHWM/VmRSS seen, MiB (0 when the process ended before the first reading). */
  peakRssMb: number;
  wallMs: number;
  /** Notes for the run record (network isolation unavailable, …). */
  notes: string[];
  isNetworkIsolated: boolean;
}

function readMemoryKb(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return null; // the process has gone
  }
}

const OOM_PATTERN =
  /bad_alloc|failed to allocate|out of memory|allocation failed|Failed to reserve/i;

/**
 * Runs one model-process job in the sandbox: `[unshare -n] prlimit --as=… -- node
 * model-child.mjs job.json`, a watchdog killing it when its RSS passes `memoryMb`, a per-case
 * timer (armed by each case-start event) and a total timer. Events are passed to `onEvent` as
 * they arrive; `onEvent` may throw a ModelRunFailure to stop the process (an invalid output).
 * @throws {ModelRunFailure} case-timeout, total-timeout, memory, crash, load or run, with the
 *   case id where one is known (`caseIdOf(index)`).
 */
export async function runModelProcess(
  job: ModelProcessJob,
  limits: ModelProcessLimits,
  {
    workDir,
    caseIdOf = (index) => String(index),
    onEvent = () => {},
    childEntry = MODEL_CHILD_ENTRY,
    nodePath = process.execPath,
    onSpawn,
  }: {
    workDir: string;
    caseIdOf?: (index: number) => string;
    onEvent?: (event: ChildEvent) => void;
    childEntry?: string;
    nodePath?: string;
    onSpawn?: (pid: number) => void;
  },
): Promise<ModelProcessOutcome> {
  const jobFile = path.join(workDir, `job-${job.mode}.json`);
  await writeFile(jobFile, JSON.stringify(job));
  const isolation = detectNetworkIsolation();
  const notes = isolation.note ? [isolation.note] : [];
  const addressSpaceBytes = (limits.memoryMb + ADDRESS_SPACE_HEADROOM_MB) * 1024 * 1024;
  const command = [
    ...(isolation.isolated ? ['unshare', '-n'] : []),
    'prlimit',
    `--as=${addressSpaceBytes}`,
    '--',
    nodePath,
    childEntry,
    jobFile,
  ];
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production' },
    cwd: workDir,
  });
  if (child.pid !== undefined) onSpawn?.(child.pid);
  const events: ChildEvent[] = [];
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2_000);
  });
  let peakKb = 0;
  let failure: ModelRunFailure | undefined;
  let currentIndex: number | undefined;
  let caseTimer: NodeJS.Timeout | undefined;
  const stop = (reason: ModelRunFailure) => {
    failure ??= reason;
    child.kill('SIGKILL');
  };
  const caseLabel = () => (currentIndex === undefined ? '' : ` on case ${caseIdOf(currentIndex)}`);
  const watchdog = setInterval(() => {
    if (child.pid === undefined) return;
    const memory = readMemoryKb(child.pid);
    if (!memory) return;
    peakKb = Math.max(peakKb, memory.rssKb, memory.hwmKb);
    if (memory.rssKb > limits.memoryMb * 1024)
      stop(
        new ModelRunFailure(
          'memory',
          `the model used ${Math.ceil(memory.rssKb / 1024)} MB of memory${caseLabel()}; the track's limit is ${limits.memoryMb} MB`,
          currentIndex === undefined ? undefined : caseIdOf(currentIndex),
        ),
      );
  }, MEMORY_POLL_MS);
  const totalTimer = setTimeout(() => {
    const done = events.filter((e) => e.type === 'case').length;
    stop(
      new ModelRunFailure(
        'total-timeout',
        `the run passed the track's total limit of ${Math.round(limits.totalMs / 1000)} s after ${done} case${done === 1 ? '' : 's'}${caseLabel()}`,
      ),
    );
  }, limits.totalMs);

  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (failure) return;
    let event: ChildEvent;
    try {
      event = JSON.parse(line) as ChildEvent;
    } catch {
      return stop(
        new ModelRunFailure(
          'crash',
          // Not echoed: a line carries model outputs, which are functions of hidden inputs.
          `the model process wrote an unreadable line (${line.length} characters, not shown: it may hold outputs computed from hidden inputs)`,
        ),
      );
    }
    events.push(event);
    if (event.type === 'case-start' || event.type === 'warmup') {
      currentIndex = event.index;
      clearTimeout(caseTimer);
      if (limits.perCaseMs !== undefined) {
        const { perCaseMs } = limits;
        caseTimer = setTimeout(
          () =>
            stop(
              new ModelRunFailure(
                'case-timeout',
                `case ${caseIdOf(event.index)} ran longer than the track's per-case limit of ${perCaseMs} ms`,
                caseIdOf(event.index),
              ),
            ),
          perCaseMs,
        );
      }
    } else if (event.type === 'case') clearTimeout(caseTimer);
    else if (event.type === 'case-error')
      return stop(
        new ModelRunFailure(
          'input',
          `case ${caseIdOf(event.index)}: ${event.message}`,
          caseIdOf(event.index),
        ),
      );
    else if (event.type === 'error') {
      const caseId = event.index === undefined ? undefined : caseIdOf(event.index);
      const where = caseId === undefined ? '' : ` on case ${caseId}`;
      const kind = OOM_PATTERN.test(event.message)
        ? 'memory'
        : event.stage === 'load'
          ? 'load'
          : 'run';
      const message =
        kind === 'memory'
          ? `the model ran out of memory${where} (address space capped at ${limits.memoryMb + ADDRESS_SPACE_HEADROOM_MB} MB, RSS limit ${limits.memoryMb} MB): ${event.message.slice(0, 300)}`
          : `onnxruntime could not ${event.stage === 'load' ? 'load the model' : 'run the model'}${where}: ${event.message.slice(0, 500)}`;
      return stop(new ModelRunFailure(kind, message, caseId));
    }
    try {
      onEvent(event);
    } catch (error) {
      if (error instanceof ModelRunFailure) return stop(error);
      throw error;
    }
  });

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    },
  );
  clearInterval(watchdog);
  clearTimeout(totalTimer);
  clearTimeout(caseTimer);
  const wallMs = performance.now() - started;
  if (failure) throw failure;
  const finished = events.at(-1)?.type;
  const isComplete =
    exit.code === 0 &&
    (job.mode === 'run'
      ? finished === 'done'
      : job.mode === 'inspect'
        ? finished === 'loaded'
        : finished === 'probe');
  if (!isComplete) {
    const caseId = currentIndex === undefined ? undefined : caseIdOf(currentIndex);
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const oom = OOM_PATTERN.test(stderrTail);
    throw new ModelRunFailure(
      oom ? 'memory' : 'crash',
      `the model process ${how}${caseId === undefined ? ' before finishing' : ` on case ${caseId}`}${
        oom
          ? ` (out of memory: address space capped at ${limits.memoryMb + ADDRESS_SPACE_HEADROOM_MB} MB)`
          : ''
      }${stderrTail.trim() ? `; its last output: ${stderrTail.trim().split('\n').slice(-3).join(' | ').slice(0, 400)}` : ''}`,
      caseId,
    );
  }
  return {
    events,
    peakRssMb: Math.round(peakKb / 1024),
    wallMs,
    notes,
    isNetworkIsolated: isolation.isolated,
  };
}
