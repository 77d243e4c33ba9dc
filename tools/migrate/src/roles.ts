import pg from 'pg';

/** A database role taken from a connection URL (user + password). */
interface RoleFromUrl {
  name: string;
  password: string | null;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function roleFromUrl(url: string, label: string): RoleFromUrl {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.username);
  if (!IDENTIFIER.test(name)) {
    throw new Error(
      `${label}: role name "${name}" must match ${IDENTIFIER} (lower-case letters, digits, _)`,
    );
  }
  return { name, password: parsed.password ? decodeURIComponent(parsed.password) : null };
}

export function databaseFromUrl(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!IDENTIFIER.test(name)) throw new Error(`database name "${name}" must match ${IDENTIFIER}`);
  return name;
}

/** Creates the database named in `adminUrl` when it does not exist yet. */
export async function ensureDatabase(adminUrl: string): Promise<void> {
  const database = databaseFromUrl(adminUrl);
  const maintenance = new URL(adminUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/**
 * Creates (or updates) the web and worker roles and their grants. Idempotent; runs after every
 * `migrate deploy` so tables added by later migrations are covered too.
 *
 * - web: public schema only. Any statement on `hidden` fails with `permission denied`.
 * - worker: public and hidden.
 * Neither may touch Prisma's migration bookkeeping.
 */
export async function ensureRoles(
  adminUrl: string,
  webUrl: string,
  workerUrl: string,
): Promise<void> {
  const web = roleFromUrl(webUrl, 'DATABASE_URL');
  const worker = roleFromUrl(workerUrl, 'WORKER_DATABASE_URL');
  const admin = roleFromUrl(adminUrl, 'ADMIN_DATABASE_URL');
  if (web.name === admin.name || worker.name === admin.name || web.name === worker.name) {
    throw new Error(
      'DATABASE_URL, WORKER_DATABASE_URL and ADMIN_DATABASE_URL must use three different roles: ' +
        'the web role must not be able to read the hidden schema',
    );
  }
  const database = databaseFromUrl(adminUrl);
  // Roles are cluster-wide, so two setups of different databases on one server (parallel test
  // runs, each with a database of its own) would race on CREATE/ALTER ROLE ("tuple concurrently
  // updated"). Advisory locks are scoped to the database they are taken in, so the lock is held
  // in the maintenance database, which every setup shares, until the grants are committed.
  const maintenanceUrl = new URL(adminUrl);
  maintenanceUrl.pathname = '/postgres';
  const lockHolder = new pg.Client({ connectionString: maintenanceUrl.toString() });
  const client = new pg.Client({ connectionString: adminUrl });
  await lockHolder.connect();
  try {
    await lockHolder.query("SELECT pg_advisory_lock(hashtext('medrank:ensure-roles'))");
    await client.connect();
    await client.query('BEGIN');
    for (const role of [web, worker]) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
        role.name,
      ]);
      if (!rowCount) await client.query(`CREATE ROLE "${role.name}" LOGIN`);
      if (role.password !== null) {
        const literal = (await client.query('SELECT quote_literal($1) AS q', [role.password]))
          .rows[0].q;
        await client.query(`ALTER ROLE "${role.name}" LOGIN PASSWORD ${literal}`);
      }
      await client.query(`GRANT CONNECT ON DATABASE "${database}" TO "${role.name}"`);
    }
    const both = `"${web.name}", "${worker.name}"`;
    const statements = [
      `GRANT USAGE ON SCHEMA public TO ${both}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${both}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${both}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${both}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${both}`,
      `REVOKE ALL ON TABLE public._prisma_migrations FROM ${both}`,
      // hidden: the worker only. Revoked explicitly from web in case an operator granted it.
      `REVOKE ALL ON SCHEMA hidden FROM PUBLIC`,
      `REVOKE ALL ON SCHEMA hidden FROM "${web.name}"`,
      `REVOKE ALL ON ALL TABLES IN SCHEMA hidden FROM "${web.name}"`,
      `GRANT USAGE ON SCHEMA hidden TO "${worker.name}"`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA hidden TO "${worker.name}"`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA hidden TO "${worker.name}"`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA hidden GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${worker.name}"`,
    ];
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    // Ending the session releases the advisory lock.
    await lockHolder.end();
  }
}
