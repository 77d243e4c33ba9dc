// Issue 9, "aborted uploads", against the real Next server: slow uploads closed mid-body used to
// leave a .partial file and an open descriptor in the web process, forever. Raw TCP clients stall
// or vanish mid-body; the web process (its /proc/<pid>/fd) and the blob root are checked from
// outside, with what tools/e2e/serve.ts wrote to e2e/.artifacts/e2e-processes.json.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT, createAccountWithToken } from './support';

interface PlatformProcesses {
  webPid: number;
  blobRoot: string;
  port: number;
}
const platform = () =>
  JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'e2e/.artifacts/e2e-processes.json'), 'utf8'),
  ) as PlatformProcesses;

const BOUNDARY = 'medrank-attack-boundary';
const IDLE_TIMEOUT_MS = 5000; // UPLOAD_IDLE_TIMEOUT_MS in tools/e2e/serve.ts

async function openFds(pid: number): Promise<string[]> {
  const fds = await readdir(`/proc/${pid}/fd`);
  return Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => 'gone')));
}

async function partialFiles(root: string): Promise<string[]> {
  const files = await readdir(root, { recursive: true });
  return files.filter((f) => f.endsWith('.partial'));
}

/** Polls until `accept` holds, returning the last value either way (the assertion says why). */
async function settle<T>(read: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

/**
 * Starts an upload of a 1 MB predictions file, sends the head and 256 KB of it, and returns the
 * socket and everything the server answers. The caller decides: vanish (destroy) or stall.
 */
function startUpload(port: number, token: string) {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="methodName"\r\n\r\nslowloris\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n` +
      'Content-Type: text/csv\r\n\r\n',
  );
  const fileBytes = 1024 * 1024;
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.on('error', () => undefined); // a reset is what these tests provoke
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(answer)));
  socket.on('connect', () => {
    socket.write(
      'POST /api/v1/benchmarks/breastmnist/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        `Authorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
        `Content-Length: ${head.length + fileBytes + tail.length}\r\n\r\n`,
    );
    socket.write(Buffer.concat([head, Buffer.alloc(256 * 1024, '0')]));
  });
  return { socket, closed };
}

test.describe('uploads under attack', () => {
  let token: string;
  test.beforeAll(async () => {
    token = (await createAccountWithToken('slowloris')).token;
  });

  test('six uploads closed mid-body leave no partial file and no descriptor in the web process', async () => {
    const { webPid, blobRoot, port } = platform();
    expect(await partialFiles(blobRoot)).toEqual([]);
    const baseline = (await openFds(webPid)).length;

    const uploads = Array.from({ length: 6 }, () => startUpload(port, token));
    // Mid-body: the server holds six partial files open.
    const writing = await settle(
      () => partialFiles(blobRoot),
      (p) => p.length === 6,
    );
    expect(writing).toHaveLength(6);
    const held = (await openFds(webPid)).filter((f) => f.startsWith(blobRoot));
    expect(held).toHaveLength(6);

    for (const { socket } of uploads) socket.destroy();

    expect(
      await settle(
        () => partialFiles(blobRoot),
        (p) => p.length === 0,
      ),
    ).toEqual([]);
    const after = await settle(
      () => openFds(webPid),
      (fds) => fds.length <= baseline && !fds.some((f) => f.startsWith(blobRoot)),
    );
    expect(after.filter((f) => f.startsWith(blobRoot))).toEqual([]);
    expect(after.length).toBeLessThanOrEqual(baseline);
  });

  test('an upload that goes quiet is answered 408 after the idle timeout and leaves nothing behind', async () => {
    const { webPid, blobRoot, port } = platform();
    const started = Date.now();
    const { closed } = startUpload(port, token);
    await settle(
      () => partialFiles(blobRoot),
      (p) => p.length === 1,
    );
    const answer = await closed; // the server closes the connection after answering
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 500);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
    expect(answer).toContain('no upload data arrived for 5 s, so the upload was cancelled');
    expect(
      await settle(
        () => partialFiles(blobRoot),
        (p) => p.length === 0,
      ),
    ).toEqual([]);
    const fds = await settle(
      () => openFds(webPid),
      (f) => !f.some((t) => t.startsWith(blobRoot)),
    );
    expect(fds.filter((f) => f.startsWith(blobRoot))).toEqual([]);
  });
});
