import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export type Database = PrismaClient;
export { Prisma } from './generated/prisma/client.js';

/**
 * A Prisma client on the pg driver adapter. Which role it connects as decides what it may read:
 * the web app passes the web role's URL (no access to `hidden`), the worker the worker's.
 */
export function createDatabase(connectionString: string, { maxConnections = 10 } = {}): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: maxConnections }) });
}
