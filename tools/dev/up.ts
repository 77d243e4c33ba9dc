/**
 * `npm run up`: installs nothing itself (tools/up.sh did), then finds or starts Postgres and
 * Redis, applies migrations, seeds the catalog, builds the web app, and runs the web app
 * plus a pool of workers until Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, loadRootEnv } from '../env/load-root-env.js';
import { run, startPrefixed, waitForHttp } from './run.js';
import { roleDatabaseUrls } from '@medrank/db';
import { ensureServices } from './services.js';

// Our custom server (built by the web's build script) runs Next: it sets the client address
// from the socket, so rate limits cannot be dodged by forging X-Forwarded-For. Node runs it
// directly (no npx wrapper), so stop signals reach the server itself.
const WEB_SERVER = path.join(REPO_ROOT, 'apps/web/dist/server.mjs');

loadRootEnv({ includeRuntime: false });
const PORT = Number(process.env.PORT ?? 3000);
const WORKERS = Number(process.env.WORKERS ?? 2);
const dataRoot = path.join(REPO_ROOT, '.medrank');
mkdirSync(dataRoot, { recursive: true });

function authSecret(): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(dataRoot, 'auth-secret');
  if (!existsSync(file))
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const services = await ensureServices({ dataRoot }).catch((error: unknown) => {
  console.error(`\n${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
const urls =
  process.env.DATABASE_URL && process.env.WORKER_DATABASE_URL && process.env.ADMIN_DATABASE_URL
    ? {
        ADMIN_DATABASE_URL: process.env.ADMIN_DATABASE_URL,
        DATABASE_URL: process.env.DATABASE_URL,
        WORKER_DATABASE_URL: process.env.WORKER_DATABASE_URL,
      }
    : roleDatabaseUrls(services.postgresAdminBase, 'medrank');
const appUrl = process.env.APP_URL ?? `http://localhost:${PORT}`;
const runtimeEnv = {
  ...urls,
  REDIS_URL: services.redisUrl,
  QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? 'medrank',
  BLOB_ROOT: process.env.BLOB_ROOT ?? path.join(dataRoot, 'blobs'),
  APP_URL: appUrl,
};
writeFileSync(
  path.join(dataRoot, 'runtime.env'),
  `# Written by npm run up: the services the running platform uses (read by the CLI and the seed).\n` +
    Object.entries(runtimeEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n',
);
const env = {
  ...process.env,
  ...runtimeEnv,
  BETTER_AUTH_SECRET: authSecret(),
  NODE_ENV: 'production',
};

const children: ReturnType<typeof startPrefixed>[] = [];
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  // Children first (workers finish their jobs), services last; bounded in time.
  const exited = children.map((child) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((r) => child.once('exit', r)),
  );
  for (const child of children) child.kill('SIGTERM');
  await Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 35_000))]);
  await services.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  console.log('[up] applying migrations');
  await run('npx', ['tsx', 'tools/migrate/src/migrate.ts', 'deploy'], { cwd: REPO_ROOT, env });
  console.log('[up] seeding the catalog (data/catalog)');
  await run('npx', ['tsx', 'prisma/seed.ts'], { cwd: REPO_ROOT, env });
  const hasBuild =
    existsSync(path.join(REPO_ROOT, 'apps/web/.next/BUILD_ID')) && existsSync(WEB_SERVER);
  if (process.env.SKIP_BUILD !== '1' || !hasBuild) {
    console.log('[up] building the web app (about a minute)');
    await run('npm', ['run', '-s', 'build', '-w', '@medrank/web'], {
      cwd: REPO_ROOT,
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
    });
  }
  children.push(
    startPrefixed('web', process.execPath, [WEB_SERVER], {
      cwd: path.join(REPO_ROOT, 'apps/web'),
      env: { ...env, PORT: String(PORT) },
    }),
  );
  for (let i = 1; i <= WORKERS; i++) {
    children.push(
      startPrefixed(
        `worker-${i}`,
        process.execPath,
        ['--import', 'tsx', 'apps/worker/src/main.ts'],
        {
          cwd: REPO_ROOT,
          env: { ...env, WORKER_NAME: `worker-${i}` },
        },
      ),
    );
  }
  for (const child of children) {
    child.once('exit', (code) => {
      if (stopping) return;
      console.error(`[up] a process exited with code ${code}; stopping the platform`);
      void stop(1);
    });
  }
  await waitForHttp(`http://127.0.0.1:${PORT}/api/health`, 60_000);
  console.log(`
  MedRank is running: ${appUrl}
    web + ${WORKERS} workers · Postgres ${new URL(urls.ADMIN_DATABASE_URL).host} · Redis ${services.redisUrl}
  Create a site admin:  npx medrank user create --email you@example.org --password '…' --admin
  Stop with Ctrl-C.
`);
} catch (error) {
  console.error(`[up] ${error instanceof Error ? error.message : error}`);
  await stop(1);
}
