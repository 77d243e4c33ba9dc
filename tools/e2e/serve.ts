/**
 * The platform as the Playwright journeys see it: a fresh database of their own
 * (`medrank_e2e`, recreated each run), migrated and seeded, a queue prefix of their own, the
 * built web app on port 3100 and one worker. Playwright starts this as its webServer and stops it.
 * The environment is written to e2e/.artifacts/e2e-env.json for specs that call the CLI, and the
 * process ids and blob root to e2e/.artifacts/e2e-processes.json for specs that inspect them.
 */
import { randomBytes } from 'node:crypto';
import { generateEndpointKeyPair } from '@medrank/endpoint-runner';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testDatabaseUrls, testPostgresServer, testRedisUrl } from '@medrank/db/testing';
import { REPO_ROOT } from '../env/load-root-env.js';
import { webServerArgs } from '../env/web-server.js';
import { run } from '../dev/run.js';
import { Supervisor } from '../dev/supervisor.js';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATABASE = process.env.E2E_DATABASE ?? 'medrank_e2e';

const admin = new pg.Client({ connectionString: testPostgresServer() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.end();

// Endpoint submissions: loopback allowed, since e2e/endpoint-submission.spec.ts's stand-in
// endpoint listens on 127.0.0.1 (a real site allows only the hosts its admins name).
const endpointKeys = generateEndpointKeyPair();
const env = {
  ...process.env,
  ...testDatabaseUrls(DATABASE),
  ENDPOINT_ALLOWED_HOSTS: '127.0.0.1,localhost',
  ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.0/8,::1/128',
  ENDPOINT_KEY_PUBLIC: endpointKeys.publicKey,
  ENDPOINT_KEY_PRIVATE: endpointKeys.privateKey,
  REDIS_URL: testRedisUrl(),
  QUEUE_PREFIX: `e2e-${randomBytes(4).toString('hex')}`,
  BLOB_ROOT: mkdtempSync(path.join(os.tmpdir(), 'medrank-e2e-blobs-')),
  APP_URL: `http://127.0.0.1:${PORT}`,
  BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  RECONCILE_GRACE_MS: '5000',
  // Short, so e2e/attack-uploads.spec.ts can watch a stalled upload time out; a local client
  // never pauses this long mid-body.
  UPLOAD_IDLE_TIMEOUT_MS: '5000',
  // Auth limits small enough for e2e/security.spec.ts to hit and wait out in seconds, with room
  // for the other journeys' sign-ins (all from 127.0.0.1) in one window.
  AUTH_RATE_LIMIT_MAX: '40',
  AUTH_RATE_LIMIT_WINDOW_SECONDS: '15',
  AUTH_LOCKOUT_ATTEMPTS: '5',
  AUTH_LOCKOUT_SECONDS: '4',
};
await run('npx', ['tsx', 'tools/migrate/src/migrate.ts', 'deploy'], {
  cwd: REPO_ROOT,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
await run('npx', ['tsx', 'prisma/seed.ts'], { cwd: REPO_ROOT, env });

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });
const shared = [
  'ADMIN_DATABASE_URL',
  'DATABASE_URL',
  'WORKER_DATABASE_URL',
  'REDIS_URL',
  'QUEUE_PREFIX',
  'APP_URL',
] as const;
writeFileSync(
  path.join(artifacts, 'e2e-env.json'),
  JSON.stringify(Object.fromEntries(shared.map((k) => [k, env[k]])), null, 2),
);

// The production server (our custom Node server around Next, as `npm run up` and the image run
// it). Node runs it directly (no npx wrapper), so Playwright's stop signal reaches it.
// Supervised as under `npm run up`: a killed worker comes back while the web keeps serving
// (e2e/supervision.spec.ts kills one). The current pids are rewritten on every (re)start.
const pids: Record<string, number | undefined> = {};
// Written to a temporary file and renamed into place: e2e/supervision.spec.ts polls this file
// while the supervisor restarts the worker, and a plain rewrite let it read the file empty.
const writeProcesses = () => {
  const file = path.join(artifacts, 'e2e-processes.json');
  writeFileSync(
    `${file}.tmp`,
    JSON.stringify(
      {
        webPid: pids.web,
        workerPid: pids.worker,
        webRestarts: supervisor.restartCount('web'),
        workerRestarts: supervisor.restartCount('worker'),
        blobRoot: env.BLOB_ROOT,
        port: PORT,
        metricsPort: PORT + 1,
      },
      null,
      2,
    ),
  );
  renameSync(`${file}.tmp`, file);
};
const supervisor = new Supervisor({
  initialBackoffMs: 500,
  stopGraceMs: 5_000,
  log: (line) => console.error(line),
  onStart: (name, child) => {
    pids[name] = child.pid;
    writeProcesses();
  },
});
supervisor.supervise({
  name: 'web',
  command: process.execPath,
  args: webServerArgs(),
  options: {
    cwd: path.join(REPO_ROOT, 'apps/web'),
    env: { ...env, PORT: String(PORT), LISTEN_HOST: '127.0.0.1', METRICS_PORT: String(PORT + 1) },
  },
});
// The compiled worker, as production runs it; built now (half a second) so it is never stale.
await run(process.execPath, ['apps/worker/build.mjs'], { cwd: REPO_ROOT });
supervisor.supervise({
  name: 'worker',
  command: process.execPath,
  args: ['--enable-source-maps', 'apps/worker/dist/main.mjs'],
  options: { cwd: REPO_ROOT, env: { ...env, WORKER_NAME: 'e2e-worker' } },
});

const stop = () => {
  void supervisor.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
