// A job process for the pool's own tests: speaks the same protocol as job-process-main.ts, with
// jobs that misbehave on purpose (hold memory outside the heap, fill the heap, hang, crash).
import { AppError } from '@medrank/core';
import { serializeError, type ChildMessage, type ParentMessage } from '../protocol.js';

const MiB = 1024 * 1024;
const kept: unknown[] = [];

const jobs: Record<string, (payload: { mib?: number; ms?: number; value?: unknown }) => unknown> = {
  echo: (p) => ({ echoed: p.value, pid: process.pid }),
  'app-error': () => {
    throw new AppError('INVALID_SUBMISSION', 'line 3: expected a number');
  },
  'plain-error': () => {
    throw new TypeError('cannot read properties of undefined');
  },
  /** Buffers live outside the JavaScript heap: only the resident-memory watchdog sees them. */
  'hold-buffers': async (p) => {
    for (let i = 0; i < (p.mib ?? 0); i++) kept.push(Buffer.alloc(MiB, 1));
    await new Promise((r) => setTimeout(r, p.ms ?? 5_000));
    return 'held';
  },
  /** Keeps what it allocated after returning (the pool should replace this process). */
  leak: (p) => {
    for (let i = 0; i < (p.mib ?? 0); i++) kept.push(Buffer.alloc(MiB, 1));
    return 'leaked';
  },
  /** Grows the JavaScript heap until V8 gives up at --max-old-space-size. */
  'fill-heap': () => {
    const arrays: number[][] = [];
    for (;;) arrays.push(Array.from({ length: 1_000_000 }, (_, i) => i + 0.5));
  },
  sleep: (p) => new Promise((r) => setTimeout(() => r('slept'), p.ms ?? 0)),
  abort: () => process.abort(),
};

const send = (message: ChildMessage) => process.send!(message);
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ParentMessage) => {
  const job = jobs[message.jobName];
  Promise.resolve()
    .then(() => job!(message.payload as never))
    .then(
      (value) => send({ type: 'result', id: message.id, ok: true, value }),
      (error: unknown) =>
        send({ type: 'result', id: message.id, ok: false, error: serializeError(error) }),
    );
});
send({ type: 'ready', baselineRssBytes: process.memoryUsage.rss() });
