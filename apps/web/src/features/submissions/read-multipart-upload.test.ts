// readMultipartUpload behind a real Node http server, with the request built by Next 16's own
// adapter (the one app-route handlers receive: body = the IncomingMessage, signal = aborted when the
// response closes before it finished), and raw TCP clients that stall or vanish mid-body. Checks
// what the attacker saw: no .partial file left, no descriptor leaked, every promise settled.
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import { mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isAppError } from '@medrank/core';
import { FileBlobStore } from '@medrank/storage';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readMultipartUpload, type MultipartUpload } from './read-multipart-upload';

interface NextAdapters {
  NextRequestAdapter: {
    fromNodeNextRequest(request: unknown, signal: AbortSignal): Request;
  };
  signalFromNodeResponse(response: http.ServerResponse): AbortSignal;
}
const require = createRequire(import.meta.url);
const { NextRequestAdapter, signalFromNodeResponse } =
  require('next/dist/server/web/spec-extension/adapters/next-request.js') as NextAdapters;
const { NodeNextRequest } = require('next/dist/server/base-http/node.js') as {
  NodeNextRequest: new (request: http.IncomingMessage) => unknown;
};

const IDLE_TIMEOUT_MS = 400;
const BOUNDARY = 'medrank-test-boundary';

let root: string;
let server: http.Server;
let port: number;
/** What each request's readMultipartUpload call settled with, in arrival order. */
let outcomes: Promise<{ ok: true; upload: MultipartUpload } | { ok: false; error: unknown }>[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'medrank-upload-'));
  process.on('unhandledRejection', onUnhandled);
  server = http.createServer((req, res) => {
    const request = NextRequestAdapter.fromNodeNextRequest(
      new NodeNextRequest(req),
      signalFromNodeResponse(res),
    );
    const outcome = readMultipartUpload(request, {
      blobs: new FileBlobStore(root),
      maxBytes: 64 * 1024,
      keyPrefix: 'submissions',
      idleTimeoutMs: IDLE_TIMEOUT_MS,
    }).then(
      (upload) => ({ ok: true as const, upload }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    outcomes.push(outcome);
    void outcome.then((result) => {
      // What server/http.ts answers for these errors.
      const status = result.ok ? 201 : isAppError(result.error) ? result.error.status : 500;
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(status === 408 || status === 413 ? { connection: 'close' } : {}),
      });
      res.end(JSON.stringify(result.ok ? { ok: true } : { error: String(result.error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

let baselineFds: number;
beforeAll(async () => {
  outcomes = [];
  baselineFds = await openFdCount();
});
afterEach(() => {
  outcomes = [];
});

async function openFdCount(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

async function fdsUnder(dir: string): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(
    fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')),
  );
  return targets.filter((t) => t.startsWith(dir));
}

async function partialFiles(): Promise<string[]> {
  const files = await readdir(root, { recursive: true });
  return files.filter((f) => f.endsWith('.partial'));
}

async function storedFiles(): Promise<string[]> {
  const files = await readdir(root, { recursive: true, withFileTypes: true });
  return files.filter((f) => f.isFile()).map((f) => f.name);
}

/** Polls until `check` holds (sockets close asynchronously), failing with its last value. */
async function eventually<T>(check: () => Promise<T>, accept: (value: T) => boolean) {
  const deadline = Date.now() + 5_000;
  let value = await check();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await check();
  }
  return value;
}

function multipart(fileBytes: number): { head: Buffer; file: Buffer; tail: Buffer } {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="methodName"\r\n\r\nslow model\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n` +
      'Content-Type: text/csv\r\n\r\n',
  );
  return {
    head,
    file: Buffer.alloc(fileBytes, 'a'),
    tail: Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  };
}

/**
 * A raw client: sends the request head and `sentBytes` of a body that declares `fileBytes` of
 * file, then behaves as told. Resolves with what the server answered (or '' if nothing).
 */
function rawUpload({
  fileBytes,
  sentFileBytes,
  then,
  chunked = false,
}: {
  fileBytes: number;
  sentFileBytes: number;
  then: 'vanish' | 'stall' | 'finish';
  chunked?: boolean;
}): Promise<string> {
  const { head, file, tail } = multipart(fileBytes);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(answer) : reject(error),
    );
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => {
      const length = head.length + file.length + tail.length;
      socket.write(
        `POST /api/v1/benchmarks/x/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
          (chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`) +
          // A finished request asks to close, so the answer ends with the connection.
          (then === 'finish' ? 'Connection: close\r\n' : '') +
          '\r\n',
      );
      const send = (bytes: Buffer) =>
        socket.write(
          chunked
            ? Buffer.concat([
                Buffer.from(`${bytes.length.toString(16)}\r\n`),
                bytes,
                Buffer.from('\r\n'),
              ])
            : bytes,
        );
      send(Buffer.concat([head, file.subarray(0, sentFileBytes)]));
      if (then === 'finish') {
        send(Buffer.concat([file.subarray(sentFileBytes), tail]));
        if (chunked) socket.write('0\r\n\r\n');
      }
      // Wait until the server holds the partial file open, then vanish.
      if (then === 'vanish')
        void eventually(partialFiles, (p) => p.length > 0).then(() => socket.destroy());
    });
  });
}

async function expectNothingLeft() {
  expect(await eventually(partialFiles, (p) => p.length === 0)).toEqual([]);
  expect(
    await eventually(
      () => fdsUnder(root),
      (f) => f.length === 0,
    ),
  ).toEqual([]);
  expect(await eventually(openFdCount, (n) => n <= baselineFds)).toBeLessThanOrEqual(baselineFds);
  expect(unhandled).toEqual([]);
}

describe('readMultipartUpload (real http server, Next 16 request adapter)', () => {
  it('stores a complete upload and returns its fields and blob', async () => {
    const answer = await rawUpload({ fileBytes: 5000, sentFileBytes: 0, then: 'finish' });
    expect(answer).toMatch(/^HTTP\/1\.1 201/);
    const [outcome] = await Promise.all(outcomes);
    expect(outcome).toMatchObject({
      ok: true,
      upload: { fields: { methodName: 'slow model' }, file: { bytes: 5000, fileName: 'p.csv' } },
    });
    expect(await storedFiles()).toHaveLength(1);
    await rm(path.join(root, 'submissions'), { recursive: true, force: true });
    await expectNothingLeft();
  });

  it('tears down an upload whose client vanishes mid-body: 400, no partial file, no descriptor', async () => {
    await rawUpload({ fileBytes: 60_000, sentFileBytes: 20_000, then: 'vanish' });
    const [outcome] = await Promise.all(outcomes);
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'the connection closed before the upload was complete; nothing was stored',
      },
    });
    expect(await storedFiles()).toEqual([]);
    await expectNothingLeft();
  });

  it('cancels an upload whose body goes quiet: the client still gets a 408 and the connection closes', async () => {
    const started = Date.now();
    const answer = await rawUpload({ fileBytes: 60_000, sentFileBytes: 10_000, then: 'stall' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 50);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('no upload data arrived for 400 ms, so the upload was cancelled');
    const [outcome] = await Promise.all(outcomes);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'REQUEST_TIMEOUT' } });
    expect(await storedFiles()).toEqual([]);
    await expectNothingLeft();
  });

  it('stops a chunked body at the size limit: 413, nothing stored', async () => {
    const answer = await rawUpload({
      fileBytes: 200_000,
      sentFileBytes: 200_000,
      then: 'stall',
      chunked: true,
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    const [outcome] = await Promise.all(outcomes);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await storedFiles()).toEqual([]);
    await expectNothingLeft();
  });

  it('passes a storage failure through unchanged (logged as a 500 by the route), settling cleanly', async () => {
    const notADirectory = path.join(root, 'blocker');
    await writeFile(notADirectory, 'a file where the blob root should be');
    const { head, file, tail } = multipart(1000);
    const request = new Request('http://127.0.0.1/api/v1/benchmarks/x/submissions', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: Buffer.concat([head, file, tail]),
    });
    await expect(
      readMultipartUpload(request, {
        blobs: new FileBlobStore(notADirectory),
        maxBytes: 64 * 1024,
        keyPrefix: 'submissions',
        idleTimeoutMs: IDLE_TIMEOUT_MS,
      }),
    ).rejects.toMatchObject({ code: 'ENOTDIR' });
    await rm(notADirectory);
    await expectNothingLeft();
  });

  it('survives six vanishing and six stalling uploads at once with nothing left behind', async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () =>
        rawUpload({ fileBytes: 60_000, sentFileBytes: 30_000, then: 'vanish' }),
      ),
      ...Array.from({ length: 6 }, () =>
        rawUpload({ fileBytes: 60_000, sentFileBytes: 30_000, then: 'stall' }),
      ),
    ]);
    expect(answers.filter((a) => a.startsWith('HTTP/1.1 408'))).toHaveLength(6);
    const settled = await Promise.all(outcomes);
    expect(settled).toHaveLength(12);
    expect(
      settled.map((o) => (o.ok ? 'stored' : (o.error as { code: string }).code)).sort(),
    ).toEqual([...Array(6).fill('BAD_REQUEST'), ...Array(6).fill('REQUEST_TIMEOUT')]);
    expect(await storedFiles()).toEqual([]);
    await expectNothingLeft();
  });
});

describe('readMultipartUpload: a malformed Content-Type', () => {
  it('refuses multipart without a boundary with a 400 before reading anything (it was a 500)', async () => {
    const request = new Request('http://127.0.0.1/api/v1/benchmarks/x/submissions', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'case_id,answer\n',
    });
    const error = await readMultipartUpload(request, {
      blobs: new FileBlobStore(root),
      maxBytes: 1_000_000,
      keyPrefix: 'submissions',
      idleTimeoutMs: IDLE_TIMEOUT_MS,
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('BAD_REQUEST');
    expect(String((error as Error).message)).toMatch(/malformed multipart Content-Type.*boundary/);
    expect(await storedFiles()).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});
