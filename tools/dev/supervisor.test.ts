import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor, describeExit } from './supervisor.js';

// Real child processes (node -e), killed for real: what `npm run up` and the e2e platform run on.

const dirs: string[] = [];
const supervisors: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function harness(options: ConstructorParameters<typeof Supervisor>[0] = {}) {
  const log: string[] = [];
  const supervisor = new Supervisor({
    initialBackoffMs: 50,
    maxBackoffMs: 400,
    stableAfterMs: 10_000,
    stopGraceMs: 2_000,
    log: (line) => log.push(line),
    ...options,
  });
  supervisors.push(supervisor);
  return { supervisor, log };
}

/** A node process that appends its pid to `file` at start, then runs `body`. */
function nodeProcess(name: string, file: string, body: string) {
  return {
    name,
    command: process.execPath,
    args: [
      '-e',
      `require('fs').appendFileSync(${JSON.stringify(file)}, process.pid + '\\n'); ${body}`,
    ],
    options: { stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] },
  };
}

const starts = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);

async function until<T>(what: string, probe: () => T | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | false = false;
    try {
      value = probe();
    } catch {
      value = false;
    }
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function tempFile(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medrank-supervisor-'));
  dirs.push(dir);
  return path.join(dir, name);
}

describe('Supervisor', () => {
  it('restarts a SIGKILLed process and leaves the others running, saying why', async () => {
    const { supervisor, log } = harness();
    const workerFile = tempFile('worker');
    const webFile = tempFile('web');
    supervisor.supervise(nodeProcess('worker-1', workerFile, 'setInterval(() => {}, 1000)'));
    supervisor.supervise(nodeProcess('web', webFile, 'setInterval(() => {}, 1000)'));
    const [firstWorker] = await until(
      'the worker',
      () => starts(workerFile).length === 1 && starts(workerFile),
    );
    const web = await until('the web', () => supervisor.current('web')?.pid ?? false);

    process.kill(firstWorker!, 'SIGKILL');
    const pids = await until(
      'the restart',
      () => starts(workerFile).length === 2 && starts(workerFile),
    );
    expect(pids[1]).not.toBe(firstWorker);
    expect(supervisor.current('worker-1')?.pid).toBe(pids[1]);
    expect(supervisor.restartCount('worker-1')).toBe(1);
    // The web process was never touched.
    expect(supervisor.current('web')?.pid).toBe(web);
    expect(starts(webFile)).toHaveLength(1);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(
      /^\[up\] worker-1 was killed by SIGKILL after .+; restarting it in 50 ms \(restart 1\); the other processes keep running$/,
    );
  });

  it('backs off while a process keeps crashing at start, doubling up to the maximum', async () => {
    const { supervisor, log } = harness();
    const file = tempFile('crashing');
    supervisor.supervise(nodeProcess('worker-1', file, 'process.exit(3)'));
    await until('five restarts', () => log.length >= 5, 15_000);
    const delays = log.slice(0, 5).map((line) => /restarting it in (\d+) ms/.exec(line)?.[1]);
    expect(delays).toEqual(['50', '100', '200', '400', '400']);
    expect(log[0]).toContain('worker-1 exited with code 3');
  });

  it('goes back to the first delay after a run that lasted', async () => {
    const { supervisor, log } = harness({ stableAfterMs: 300 });
    const file = tempFile('flaky');
    // Crashes at once on every start but the third, which runs for 400 ms.
    const body = `const n = require('fs').readFileSync(${JSON.stringify(file)}, 'utf8').split('\\n').filter(Boolean).length;
      setTimeout(() => process.exit(1), n === 3 ? 400 : 0);`;
    supervisor.supervise(nodeProcess('worker-1', file, body));
    await until('four restarts', () => log.length >= 4, 15_000);
    const delays = log.slice(0, 4).map((line) => /restarting it in (\d+) ms/.exec(line)?.[1]);
    // 50, 100 while crashing at start; the third run lasted ≥ 300 ms: back to 50, then 100.
    expect(delays).toEqual(['50', '100', '50', '100']);
  });

  it('stops everything on stop() and restarts nothing afterwards', async () => {
    const { supervisor, log } = harness();
    const file = tempFile('stopped');
    supervisor.supervise(nodeProcess('worker-1', file, 'setInterval(() => {}, 1000)'));
    supervisor.supervise(nodeProcess('worker-2', file, 'setInterval(() => {}, 1000)'));
    const pids = await until('both workers', () => starts(file).length === 2 && starts(file));
    await supervisor.stop();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    await new Promise((r) => setTimeout(r, 200));
    expect(starts(file)).toHaveLength(2);
    expect(log).toEqual([]);
  });

  it('kills what ignores SIGTERM once the grace period is over', async () => {
    const { supervisor } = harness({ stopGraceMs: 300 });
    const file = tempFile('stubborn');
    supervisor.supervise(
      nodeProcess('worker-1', file, "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"),
    );
    const [pid] = await until('the worker', () => starts(file).length === 1 && starts(file));
    // Give the child a moment to install its SIGTERM handler.
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await supervisor.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(() => process.kill(pid!, 0)).toThrow();
  });
});

describe('describeExit', () => {
  it('names a signal or an exit code', () => {
    expect(describeExit(null, 'SIGKILL')).toBe('was killed by SIGKILL');
    expect(describeExit(1, null)).toBe('exited with code 1');
    expect(describeExit(null, null)).toBe('exited with code unknown');
  });
});
