// Runs before each integration test file (they run one at a time, see vitest.config.ts). A
// worker relays the whole outbox, so a worker started by this file would otherwise pick up jobs an
// earlier file left undispatched (its workers were stopped or SIGKILLed before relaying them: a
// rank-statistics trigger, a submission of a fixture already deleted) and run them beside this
// file's own, which made job counts and process counts in assertions depend on the file order.
import { createDatabase } from '@medrank/db';
import { testDatabaseUrls } from '@medrank/db/testing';
import { beforeAll } from 'vitest';

beforeAll(async () => {
  const db = createDatabase(testDatabaseUrls().ADMIN_DATABASE_URL, { maxConnections: 1 });
  try {
    await db.outbox.deleteMany({ where: { dispatchedAt: null } });
  } finally {
    await db.$disconnect();
  }
});
