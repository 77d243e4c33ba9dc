/**
 * `npm run up`: installs nothing itself (tools/up.sh did), then finds or starts Postgres and
 * Redis, applies migrations, seeds the catalog, builds the web app, and runs the web app
 * plus a pool of workers until Ctrl-C. A process that crashes is restarted (with backoff) while
 * the others keep serving (tools/dev/supervisor.ts).
 */
import { randomBytes } from 'node:crypto';
import { generateEndpointKeyPair } from '@medrank/endpoint-runner';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, loadRootEnv } from '../env/load-root-env.js';
import { WEB_SERVER_ENTRY, webServerArgs } from '../env/web-server.js';
import { run, waitForHttp } from './run.js';
import { roleDatabaseUrls } from '@medrank/db';
import { ensureServices } from './services.js';
import { Supervisor } from './supervisor.js';

// Our custom server (built by the web's build script) runs Next: it sets the client address
// from the socket, so rate limits cannot be dodged by forging X-Forwarded-For. Node runs it
// directly (no npx wrapper), so stop signals reach the server itself.

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

/**
 * The key pair endpoint submissions' API keys are sealed with (the web holds the public half, the
 * workers the private one), kept beside the auth secret so a restart can still open them.
 */
function endpointKeys(): { publicKey: string; privateKey: string } {
  if (process.env.ENDPOINT_KEY_PUBLIC && process.env.ENDPOINT_KEY_PRIVATE)
    return {
      publicKey: process.env.ENDPOINT_KEY_PUBLIC,
      privateKey: process.env.ENDPOINT_KEY_PRIVATE,
    };
  const file = path.join(dataRoot, 'endpoint-keys.json');
  if (!existsSync(file))
    writeFileSync(file, JSON.stringify(generateEndpointKeyPair()), { mode: 0o600 });
  return JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
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
  ENDPOINT_KEY_PUBLIC: endpointKeys().publicKey,
  ENDPOINT_KEY_PRIVATE: endpointKeys().privateKey,
  NODE_ENV: 'production',
};

const supervisor = new Supervisor({ log: (line) => console.error(line) });
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  // Processes first (workers finish their jobs, then SIGKILL after 35 s), services last.
  await supervisor.stop();
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
    existsSync(path.join(REPO_ROOT, 'apps/web/.next/BUILD_ID')) && existsSync(WEB_SERVER_ENTRY);
  if (process.env.SKIP_BUILD !== '1' || !hasBuild) {
    console.log('[up] building the web app (about a minute)');
    await run('npm', ['run', '-s', 'build', '-w', '@medrank/web'], {
      cwd: REPO_ROOT,
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
    });
  }
  supervisor.supervise({
    name: 'web',
    command: process.execPath,
    args: webServerArgs(),
    options: { cwd: path.join(REPO_ROOT, 'apps/web'), env: { ...env, PORT: String(PORT) } },
  });
  // The compiled worker (apps/worker/dist), built every time: it takes half a second.
  await run(process.execPath, ['apps/worker/build.mjs'], { cwd: REPO_ROOT, env });
  for (let i = 1; i <= WORKERS; i++) {
    supervisor.supervise({
      name: `worker-${i}`,
      command: process.execPath,
      args: ['--enable-source-maps', 'apps/worker/dist/main.mjs'],
      // Each worker answers /livez and /readyz on a free port it logs ("health endpoints").
      options: {
        cwd: REPO_ROOT,
        env: { ...env, WORKER_NAME: `worker-${i}`, WORKER_HEALTH_PORT: '0' },
      },
    });
  }
  await waitForHttp(`http://127.0.0.1:${PORT}/api/health`, 60_000);
  console.log(`
  MedRank is running: ${appUrl}
    web + ${WORKERS} workers · Postgres ${new URL(urls.ADMIN_DATABASE_URL).host} · Redis ${services.redisUrl}
  Create a site admin:  npx medrank user create --email you@example.org --password '…' --admin
  A process that crashes is restarted; the others keep running. Stop with Ctrl-C.
`);
} catch (error) {
  console.error(`[up] ${error instanceof Error ? error.message : error}`);
  await stop(1);
}
