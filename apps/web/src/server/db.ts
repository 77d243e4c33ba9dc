import 'server-only';
import { createDatabase, type Database } from '@medrank/db';
import { env } from '@/env';

// One client per server process (survives dev hot reloads).
const globalForDb = globalThis as unknown as { medrankDb?: Database };

export function db(): Database {
  globalForDb.medrankDb ??= createDatabase(env().DATABASE_URL, { maxConnections: 10 });
  return globalForDb.medrankDb;
}
