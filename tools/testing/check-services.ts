// Checks that the Postgres and Redis the tests use are reachable, and says how to get them if not.
import net from 'node:net';
import pg from 'pg';
import { testPostgresServer, testRedisUrl } from '@medrank/db/testing';

const postgres = testPostgresServer();
const redis = new URL(testRedisUrl());
const problems: string[] = [];

const client = new pg.Client({ connectionString: postgres, connectionTimeoutMillis: 3_000 });
try {
  await client.connect();
  const { rows } = await client.query<{ superuser: boolean }>(
    "SELECT current_setting('is_superuser') = 'on' AS superuser",
  );
  if (!rows[0]?.superuser)
    problems.push(
      `the Postgres role in TEST_POSTGRES_URL must be able to create databases and roles`,
    );
} catch (error) {
  problems.push(
    `no Postgres at ${new URL(postgres).host} (${error instanceof Error ? error.message : error})`,
  );
} finally {
  await client.end().catch(() => undefined);
}

const redisAnswers = await new Promise<boolean>((resolve) => {
  const socket = net.connect(
    { host: redis.hostname, port: Number(redis.port || 6379), timeout: 3_000 },
    () => socket.write('PING\r\n'),
  );
  socket.once('data', (d) => (socket.destroy(), resolve(d.toString().startsWith('+PONG'))));
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => (socket.destroy(), resolve(false)));
});
if (!redisAnswers) problems.push(`no Redis at ${redis.host}`);

if (problems.length) {
  console.error(
    `The tests need a real Postgres and Redis:\n  - ${problems.join('\n  - ')}\n` +
      'Start them (e.g. `docker compose up -d postgres redis`, or your OS packages), or point\n' +
      'TEST_POSTGRES_URL / TEST_REDIS_URL at running ones.',
  );
  process.exit(1);
}
console.log(`Postgres ${new URL(postgres).host} and Redis ${redis.host} are reachable`);
