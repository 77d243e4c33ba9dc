// Vitest global setup for the `integration` project: migrates a database of its own
// (`medrank_test`) with the web and worker roles, on the Postgres named by TEST_POSTGRES_URL
// (default: the local server). Tests then connect with testDatabaseUrls(). It also builds the
// worker (apps/worker/dist, about a second), which the tests that need real worker processes
// start as production does, and the CLI's bundle (apps/cli/dist/medrank.mjs, CLI_ENTRY), which
// the CLI tests run: it starts without transpiling, so dozens of invocations take a minute less.
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
  for (const [app, script] of [
    ['the worker', 'apps/worker/build.mjs'],
    ['the CLI', 'apps/cli/build.mjs'],
  ] as const) {
    const build = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0)
      throw new Error(`building ${app} failed:\n${build.stdout}\n${build.stderr}`);
  }
}
