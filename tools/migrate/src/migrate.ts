/**
 * Offline migrations with the Prisma 6 CLI (Prisma 7's CLI downloads an engine and fails
 * offline). Commands:
 *   deploy        create the database if needed, apply pending migrations, ensure roles/grants
 *   status        show applied and pending migrations
 *   new <name>    write prisma/migrations/<timestamp>_<name>/migration.sql from the difference
 *                 between the last migrated schema snapshot and prisma/schema.prisma
 * Env: ADMIN_DATABASE_URL (owner role), DATABASE_URL (web role), WORKER_DATABASE_URL (worker role).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDatabase, ensureRoles } from './roles.js';
import { writePrismaV6Schema } from './schema-v6.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const toolDir = path.resolve(here, '..');
const repoRoot = path.resolve(toolDir, '../..');
const schemaPath = path.join(repoRoot, 'prisma/schema.prisma');
const migrationsDir = path.join(repoRoot, 'prisma/migrations');
const snapshotPath = path.join(migrationsDir, 'schema.snapshot.prisma');
const v6SchemaPath = path.join(toolDir, 'schema.v6.prisma');

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`migrate: ${name} is not set (see .env.example)`);
    process.exit(2);
  }
  return value;
}

function prisma(args: string[], opts: { capture?: boolean } = {}): string {
  // The Prisma 6 CLI lives in this workspace's own node_modules (see package.json).
  const bin = path.join(toolDir, 'node_modules/.bin/prisma');
  const result = spawnSync(bin, args, {
    cwd: toolDir,
    stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    // `client` stops the Prisma 6 CLI from downloading a query engine it does not need.
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      PRISMA_CLI_QUERY_ENGINE_TYPE: 'client',
    },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.error(`migrate: prisma ${args.join(' ')} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
  return result.stdout ?? '';
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  writePrismaV6Schema(schemaPath, v6SchemaPath);
  switch (command) {
    case 'deploy': {
      const adminUrl = requireEnv('ADMIN_DATABASE_URL');
      await ensureDatabase(adminUrl);
      prisma(['migrate', 'deploy', '--config', 'prisma.config.ts']);
      await ensureRoles(adminUrl, requireEnv('DATABASE_URL'), requireEnv('WORKER_DATABASE_URL'));
      return;
    }
    case 'status':
      prisma(['migrate', 'status', '--config', 'prisma.config.ts']);
      return;
    case 'new': {
      await ensureDatabase(requireEnv('ADMIN_DATABASE_URL'));
      if (!name || !/^[a-z0-9_]+$/.test(name)) {
        console.error('usage: migrate new <snake_case_name>');
        process.exit(2);
      }
      const from = existsSync(snapshotPath)
        ? ['--from-schema-datamodel', snapshotPath]
        : ['--from-empty'];
      const sql = prisma(
        [
          'migrate',
          'diff',
          ...from,
          '--to-schema-datamodel',
          v6SchemaPath,
          '--script',
          '--config',
          'prisma.config.ts',
        ],
        { capture: true },
      );
      if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
        console.error('migrate: the schema has not changed since the last migration');
        process.exit(1);
      }
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
      const dir = path.join(migrationsDir, `${stamp}_${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'migration.sql'), sql);
      copyFileSync(v6SchemaPath, snapshotPath);
      console.log(`migrate: wrote ${path.relative(repoRoot, dir)}/migration.sql`);
      return;
    }
    default:
      console.error('usage: migrate deploy | status | new <name>');
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
