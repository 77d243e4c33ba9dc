import { randomUUID } from 'node:crypto';
import { listCuratorEntries } from '@medrank/curation';
import { createDatabase, type Database } from '@medrank/db';
import { testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardFixture, type BoardFixture } from './board-fixture.js';
import { handleEntryCaseResults } from './entry-case-results.js';

// The curator's per-case view: a curator of the benchmark (and a site admin) gets every case's
// values, sorted and paged, with categories and truth; everyone else gets the refusal the other
// curation routes give, from the worker (which alone reads the values) and from the use case
// the web calls before it asks.

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });
const webDb = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });

const cases = Array.from({ length: 30 }, (_, i) => ({
  caseId: `c${String(i).padStart(2, '0')}`,
  metadata: { organ: i < 20 ? 'lung' : 'heart' },
}));
// Accuracy per case: wrong on every third case; log loss rises with the case index.
const accuracy = Float64Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 0 : 1));
const logLoss = Float64Array.from({ length: 30 }, (_, i) => (i === 7 ? Number.NaN : i / 10));

let board: BoardFixture;
let draft: BoardFixture;
let other: BoardFixture;
const users: Record<'curator' | 'admin' | 'otherCurator', string> = {
  curator: '',
  admin: '',
  otherCurator: '',
};

async function createUser(db: Database, role: 'admin' | 'user') {
  const id = randomUUID();
  await db.user.create({
    data: { id, email: `${id}@example.test`, name: role, role, emailVerified: false },
  });
  return id;
}

beforeAll(async () => {
  board = await createBoardFixture(owner, {
    metrics: ['accuracy', 'log_loss'],
    cases,
    entries: [
      {
        method: 'A',
        scores: { accuracy: 0.67, log_loss: 1.4 },
        caseValues: { accuracy, log_loss: logLoss },
      },
    ],
  });
  draft = await createBoardFixture(owner, {
    status: 'DRAFT',
    cases,
    entries: [{ method: 'D', scores: { accuracy: 0.5 }, caseValues: { accuracy } }],
  });
  other = await createBoardFixture(owner, { entries: [{ method: 'O', scores: { accuracy: 1 } }] });
  users.curator = await createUser(owner, 'user');
  users.admin = await createUser(owner, 'admin');
  users.otherCurator = await createUser(owner, 'user');
  await owner.benchmarkCurator.createMany({
    data: [
      { benchmarkId: board.benchmarkId, userId: users.curator },
      { benchmarkId: draft.benchmarkId, userId: users.curator },
      { benchmarkId: other.benchmarkId, userId: users.otherCurator },
    ],
  });
  await owner.groundTruth.createMany({
    data: cases.map((c, i) => ({
      testSetId: board.testSetId,
      caseId: c.caseId,
      payload: { label: i % 2 ? 'positive' : 'negative' },
    })),
  });
});

afterAll(async () => {
  for (const fixture of [board, draft, other]) await fixture?.cleanup();
  await owner.user.deleteMany({ where: { id: { in: Object.values(users) } } });
  await Promise.all([owner.$disconnect(), workerDb.$disconnect(), webDb.$disconnect()]);
});

const ask = (actorUserId: string, changes: Record<string, unknown> = {}, fixture = board) =>
  handleEntryCaseResults(
    { db: workerDb },
    {
      slug: fixture.slug,
      submissionId: fixture.ids.get(fixture === board ? 'A' : 'D')!,
      testSetId: fixture.testSetId,
      actorUserId,
      ...changes,
    },
  );

describe('entry case results (worker)', () => {
  it('gives the curator every case: worst first by a metric, missing values last, paged', async () => {
    const answer = await ask(users.curator, { sortMetric: 'accuracy', order: 'asc', limit: 12 });
    if (!answer.ok) throw new Error(answer.message);
    const { result } = answer;
    expect(result.total).toBe(30);
    expect(result.metrics).toEqual(['accuracy', 'log_loss']);
    expect(result.dimensions).toEqual(['organ']);
    // The 10 wrong cases (0, 3, …, 27) first, in case order; then the right ones.
    expect(result.rows.map((r) => r.caseId)).toEqual([
      'c00',
      'c03',
      'c06',
      'c09',
      'c12',
      'c15',
      'c18',
      'c21',
      'c24',
      'c27',
      'c01',
      'c02',
    ]);
    expect(result.rows[0]).toEqual({
      caseId: 'c00',
      categories: { organ: 'lung' },
      truth: 'negative',
      values: { accuracy: 0, log_loss: 0 },
    });
    expect(result.rows[7]).toMatchObject({
      caseId: 'c21',
      categories: { organ: 'heart' },
      truth: 'positive',
    });

    const byLoss = await ask(users.curator, { sortMetric: 'log_loss', order: 'desc', limit: 30 });
    if (!byLoss.ok) throw new Error(byLoss.message);
    expect(byLoss.result.rows[0]).toMatchObject({ caseId: 'c29', values: { log_loss: 2.9 } });
    expect(byLoss.result.rows.at(-1)).toMatchObject({ caseId: 'c07', values: { log_loss: null } });

    const page2 = await ask(users.curator, { offset: 25, limit: 10 });
    if (!page2.ok) throw new Error(page2.message);
    expect(page2.result.rows.map((r) => r.caseId)).toEqual(['c25', 'c26', 'c27', 'c28', 'c29']);
  });

  it('answers a site admin, and refuses an unknown metric', async () => {
    const answer = await ask(users.admin, { limit: 1 });
    expect(answer).toMatchObject({ ok: true, result: { total: 30 } });
    expect(await ask(users.curator, { sortMetric: 'roc_auc' })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
    });
  });

  it('refuses a participant, a curator of another benchmark and an unknown user, as the curation routes do', async () => {
    for (const userId of [board.userId, users.otherCurator]) {
      expect(await ask(userId)).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        message: `you are not a curator of "${board.slug}"`,
      });
      // A draft's existence does not leak.
      expect(await ask(userId, {}, draft)).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        message: `no benchmark "${draft.slug}"`,
      });
    }
    expect(await ask(randomUUID())).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: `no benchmark "${board.slug}"`,
    });
  });

  it('does not answer for a submission or test set of another benchmark', async () => {
    const answer = await handleEntryCaseResults(
      { db: workerDb },
      {
        slug: board.slug,
        submissionId: other.ids.get('O')!,
        testSetId: other.testSetId,
        actorUserId: users.curator,
      },
    );
    expect(answer).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('listCuratorEntries (web role)', () => {
  it('lists scored entries with their test sets for the curator', async () => {
    const { entries } = await listCuratorEntries(
      webDb,
      { userId: users.curator, role: 'user' },
      board.slug,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      submissionId: board.ids.get('A'),
      methodName: 'A',
      evaluations: [{ testSetId: board.testSetId, primaryMetric: 'accuracy', primaryValue: 0.67 }],
    });
  });

  it('refuses everyone else with FORBIDDEN (published) or NOT_FOUND (draft)', async () => {
    for (const userId of [board.userId, users.otherCurator]) {
      await expect(
        listCuratorEntries(webDb, { userId, role: 'user' }, board.slug),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        listCuratorEntries(webDb, { userId, role: 'user' }, draft.slug),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
