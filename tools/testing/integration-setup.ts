// Vitest global setup for the `integration` project: migrates a database of its own
// (`medrank_test`) with the web and worker roles, on the Postgres named by TEST_POSTGRES_URL
// (default: the local server). Tests then connect with testDatabaseUrls(). It also builds the
// worker (apps/worker/dist, half a second), which the tests that need real worker processes
// start as production does.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDatabaseUrls } from '@medrank/db/testing';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const result = spawnSync('npx', ['tsx', 'tools/migrate/src/migrate.ts', 'deploy'], {
    cwd: root,
    env: { ...process.env, ...testDatabaseUrls() },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `migrating the integration-test database failed:\n${result.stdout}\n${result.stderr}`,
    );
  }
  const build = spawnSync(process.execPath, ['apps/worker/build.mjs'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`building the worker failed:\n${build.stdout}\n${build.stderr}`);
}
