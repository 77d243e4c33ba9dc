// The job-process pool with real child processes (a fixture job process that misbehaves on
// purpose): results and errors cross the boundary intact, and a job over its memory or time
// limit, or one that crashes its process, fails for good with a message naming the cause while
// the pool goes on with a fresh process.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAppError } from '@medrank/core';
import { UnrecoverableError } from 'bullmq';
import pino from 'pino';
import { workerEnvironment } from '../env.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  JobProcessPool,
  limitMessage,
  residentBytes,
  type JobRunReport,
} from './job-process-pool.js';

const MiB = 1024 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));
const reports: JobRunReport[] = [];
const logLines: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'info' },
  { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
);
const limits = { memoryLimitBytes: 320 * MiB, timeLimitMs: 4_000 };
const pool = new JobProcessPool({
  name: 'test',
  activity: 'Scoring',
  entry: path.join(here, 'testing/fixture-job-process.ts'),
  maxProcesses: 1,
  ...limits,
  recycleAboveBaselineBytes: 64 * MiB,
  sampleIntervalMs: 20,
  // Vitest runs TypeScript without a Node loader, so the fixture gets tsx's.
  execArgv: ['--import', 'tsx'],
  env: workerEnvironment(),
  logger,
  onJobEnd: (report) => reports.push(report),
});
afterAll(() => pool.close());

const pidOf = async () => ((await pool.run('echo', {})) as { pid: number }).pid;

describe('JobProcessPool', () => {
  it('returns results and reuses its process, logging the job with its ids', async () => {
    const first = (await pool.run('echo', { value: { a: [1, 2] }, submissionId: 's-1' })) as {
      echoed: unknown;
      pid: number;
    };
    expect(first.echoed).toEqual({ a: [1, 2] });
    expect(await pidOf()).toBe(first.pid);
    expect(pool.size).toBe(1);
    expect(reports.at(-1)).toMatchObject({ jobName: 'echo', outcome: 'completed' });
    expect(reports.at(-1)!.peakRssBytes).toBeGreaterThan(10 * MiB);
    expect(logLines.find((l) => l.submissionId === 's-1')).toMatchObject({
      msg: 'job process finished a job',
      pool: 'test',
      jobProcess: first.pid,
      outcome: 'completed',
    });
  }, 30_000);

  it('rebuilds AppErrors with their code, and other errors as retryable errors', async () => {
    const appError = await pool.run('app-error', {}).catch((e: unknown) => e);
    expect(isAppError(appError)).toBe(true);
    expect(appError).toMatchObject({
      code: 'INVALID_SUBMISSION',
      retryable: false,
      message: 'line 3: expected a number',
    });
    const plain = await pool.run('plain-error', {}).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(Error);
    expect(plain).not.toBeInstanceOf(UnrecoverableError);
    expect(plain).toMatchObject({
      name: 'TypeError',
      message: 'cannot read properties of undefined',
    });
    expect(reports.at(-1)?.outcome).toBe('failed');
  }, 30_000);

  it('kills a job whose memory outside the heap passes the limit, and goes on', async () => {
    const before = await pidOf();
    const error = await pool.run('hold-buffers', { mib: 600, ms: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toBe(limitMessage('Scoring', 'memory', limits));
    expect((error as Error).message).toContain('more than 320 MiB of memory');
    expect(reports.at(-1)?.outcome).toBe('memory-limit');
    expect(residentBytes(before)).toBeNull(); // that process is gone
    const after = await pidOf();
    expect(after).not.toBe(before);
  }, 30_000);

  it('stops a job that fills the JavaScript heap (V8 gives up at the same limit)', async () => {
    const error = await pool.run('fill-heap', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toContain('more than 320 MiB of memory');
    expect(await pidOf()).toBeGreaterThan(0);
  }, 30_000);

  it('kills a job that runs past the time limit', async () => {
    const started = Date.now();
    const error = await pool.run('sleep', { ms: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toBe(
      'Scoring stopped after 4 s, the time limit per job on this platform. It was not retried; a smaller file fits.',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reports.at(-1)?.outcome).toBe('time-limit');
    expect(await pool.run('sleep', { ms: 10 })).toBe('slept');
  }, 30_000);

  it('fails a job whose process crashes, naming the signal', async () => {
    const error = await pool.run('abort', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toMatch(
      /^Scoring stopped: the process reading the file crashed \(signal SIGABRT\)/,
    );
    expect(reports.at(-1)?.outcome).toBe('crashed');
    expect(await pidOf()).toBeGreaterThan(0);
  }, 30_000);

  it('replaces a process that kept memory after its job', async () => {
    const before = await pidOf();
    expect(await pool.run('leak', { mib: 150 })).toBe('leaked');
    const after = await pidOf();
    expect(after).not.toBe(before);
  }, 30_000);
});
