import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from './client.js';
import { testDatabaseUrls } from './testing/index.js';

const urls = testDatabaseUrls();

describe('the hidden schema', () => {
  const web = createDatabase(urls.DATABASE_URL, { maxConnections: 1 });
  const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 1 });
  afterAll(async () => {
    await web.$disconnect();
    await worker.$disconnect();
  });

  it('refuses the web role with permission denied, in SQL', async () => {
    const client = new pg.Client({ connectionString: urls.DATABASE_URL });
    await client.connect();
    try {
      await expect(client.query('SELECT * FROM hidden.ground_truth LIMIT 1')).rejects.toMatchObject(
        {
          code: '42501',
          message: 'permission denied for schema hidden',
        },
      );
    } finally {
      await client.end();
    }
  });

  it('refuses the web role through Prisma too', async () => {
    await expect(web.groundTruth.findMany({ take: 1 })).rejects.toThrow(
      /permission denied for schema hidden/,
    );
  });

  it('lets the web role read and write the public schema', async () => {
    await expect(web.benchmark.count()).resolves.toBeGreaterThanOrEqual(0);
  });

  it('lets the worker role read ground truth', async () => {
    await expect(worker.groundTruth.count()).resolves.toBeGreaterThanOrEqual(0);
  });

  it('keeps migration bookkeeping away from both app roles', async () => {
    const client = new pg.Client({ connectionString: urls.DATABASE_URL });
    await client.connect();
    try {
      await expect(client.query('SELECT * FROM _prisma_migrations')).rejects.toMatchObject({
        code: '42501',
      });
    } finally {
      await client.end();
    }
  });
});
