// A small platform for integration tests that go through HTTP: the web's REST handlers on a free
// port (apps/web/src/testing/route-test-server.ts, no Next build) and one compiled worker
// (apps/worker/dist, built by the integration project's global setup), on the integration test
// database, a queue prefix and a blob directory of their own. Used by the curation routes' tests
// and the CLI's ground-truth tests; stop() ends both processes and removes what they left.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { generateEndpointKeyPair } from '@medrank/endpoint-runner';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOARD_QUERIES_QUEUE } from '@medrank/core';
import { ALL_JOBS, QueueClient, createRedisConnection } from '@medrank/jobs';
import { testDatabaseUrls, testRedisUrl, uniqueQueuePrefix } from '@medrank/db/testing';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestPlatform {
  /** Base URL of the REST handlers, e.g. http://127.0.0.1:41234. */
  url: string;
  blobRoot: string;
  queuePrefix: string;
  /** Output of both processes so far (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts the route test server and (unless `worker: false`) a worker; resolves once both run. */
export async function startTestPlatform({
  label,
  worker = true,
}: {
  label: string;
  worker?: boolean;
}): Promise<TestPlatform> {
  const urls = testDatabaseUrls();
  const blobRoot = await mkdtemp(path.join(os.tmpdir(), `medrank-${label}-blobs-`));
  const queuePrefix = uniqueQueuePrefix(label);
  // Endpoint submissions: a fresh sealing key pair, and loopback allowed, since the tests' stand-in
  // endpoints listen on 127.0.0.1 (a real site allows only the hosts its admins name).
  const endpointKeys = generateEndpointKeyPair();
  const shared = {
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: queuePrefix,
    BLOB_ROOT: blobRoot,
    ENDPOINT_ALLOWED_HOSTS: '127.0.0.1,localhost',
    ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.0/8,::1/128',
  };
  const lines: string[] = [];
  const keep = (name: string) => (chunk: Buffer) =>
    lines.push(
      ...chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => `[${name}] ${l}`),
    );
  const children: ChildProcess[] = [];

  const web = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/web/src/testing/route-test-server.ts', '--port', '0'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...shared,
        DATABASE_URL: urls.DATABASE_URL,
        ENDPOINT_KEY_PUBLIC: endpointKeys.publicKey,
        TSX_TSCONFIG_PATH: path.join(REPO_ROOT, 'apps/web/tsconfig.json'),
        BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
        APP_URL: 'http://127.0.0.1:3000',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(web);
  web.stderr?.on('data', keep('web'));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`route test server did not start:\n${lines.join('\n')}`)),
      30_000,
    );
    web.stdout?.on('data', (chunk: Buffer) => {
      keep('web')(chunk);
      const port = /listening on (\d+)/.exec(chunk.toString())?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    web.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`route test server exited (${code}):\n${lines.join('\n')}`));
    });
  });

  if (worker) {
    const child = spawn(process.execPath, ['--enable-source-maps', 'apps/worker/dist/main.mjs'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...shared,
        WORKER_DATABASE_URL: urls.WORKER_DATABASE_URL,
        ENDPOINT_KEY_PRIVATE: endpointKeys.privateKey,
        WORKER_NAME: `${label}-worker`,
        WORKER_CONCURRENCY: '1',
        BOOTSTRAP_REPLICATES: '100',
        OUTBOX_RELAY_INTERVAL_MS: '200',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout?.on('data', keep('worker'));
    child.stderr?.on('data', keep('worker'));
  }

  return {
    url,
    blobRoot,
    queuePrefix,
    output: () => lines.join('\n'),
    async stop() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.race([
        Promise.all(children.map(exited)),
        new Promise((resolve) => setTimeout(resolve, 15_000)),
      ]);
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      // The queues under this prefix (jobs, events) and the blobs are this platform's alone.
      const connection = createRedisConnection(testRedisUrl(), { role: 'worker' });
      const queues = new QueueClient(connection, queuePrefix);
      try {
        for (const name of new Set([...ALL_JOBS.map((j) => j.queue), BOARD_QUERIES_QUEUE]))
          await queues.queue(name).obliterate({ force: true });
      } finally {
        await queues.close();
        await connection.quit();
      }
      await rm(blobRoot, { recursive: true, force: true });
    },
  };
}
