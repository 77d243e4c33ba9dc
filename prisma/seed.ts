// Seeds the demo catalog (idempotent). Run with `npm run db:seed`; the quick start runs it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@medrank/db';
import { seedDemoCatalog } from '@medrank/db/seed';
import { loadRootEnv } from '../tools/env/load-root-env.js';

loadRootEnv();
const url = process.env.ADMIN_DATABASE_URL ?? process.env.WORKER_DATABASE_URL;
if (!url) {
  console.error(
    'seed: set ADMIN_DATABASE_URL (or WORKER_DATABASE_URL): the seed writes hidden ground truth',
  );
  process.exit(2);
}
const db = createDatabase(url, { maxConnections: 2 });
const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../data');
try {
  const seeded = await seedDemoCatalog(db, { dataDir });
  console.log(`seed: ${seeded.join(', ')} ready`);
} finally {
  await db.$disconnect();
}
