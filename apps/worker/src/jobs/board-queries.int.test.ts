import { AppError, roundToDecimals } from '@medrank/core';
import { createDatabase } from '@medrank/db';
import { testDatabaseUrls, testRedisUrl, uniqueQueuePrefix } from '@medrank/db/testing';
import {
  BOARD_QUERIES_QUEUE,
  QueueClient,
  askBoardQuery,
  closeBoardQueryEvents,
  compareEntries,
  createRedisConnection,
  subsetScores,
} from '@medrank/jobs';
import { meanInterval, pairedDifference } from '@medrank/metrics';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardQueriesProcessor } from '../runtime.js';
import { createBoardFixture, type BoardFixture } from './board-fixture.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 4 });
const prefix = uniqueQueuePrefix('board-queries');
const producer = createRedisConnection(testRedisUrl(), { role: 'producer' });
const workerConnection = createRedisConnection(testRedisUrl(), { role: 'worker' });
const queues = new QueueClient(producer, prefix);
let worker: Worker;

// 40 cases: organ lung (0–24) / heart (25–39); view ap (odd) / pa (even). Minimum cell 20, so
// the disclosure partition merges the organs ("lung · heart": heart has 15) and keeps the views:
// two atoms, ap and pa, of 20 cases each.
const cases = Array.from({ length: 40 }, (_, i) => ({
  caseId: `c${String(i).padStart(2, '0')}`,
  metadata: { organ: i < 25 ? 'lung' : 'heart', view: i % 2 ? 'ap' : 'pa' },
}));
const correctA = Float64Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? 0 : 1));
const correctB = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 1 ? 0 : 1));
const replicatesA = Float64Array.from({ length: 200 }, (_, r) => 0.75 + 0.05 * Math.sin(r));
const replicatesB = Float64Array.from({ length: 200 }, (_, r) => 0.5 + 0.05 * Math.sin(r + 1));
let board: BoardFixture;
let hidden: BoardFixture;

beforeAll(async () => {
  board = await createBoardFixture(owner, {
    metrics: ['accuracy', 'roc_auc'],
    cases,
    entries: [
      {
        method: 'A',
        scores: { accuracy: 0.75, roc_auc: 0.8 },
        caseValues: { accuracy: correctA },
        replicates: { accuracy: replicatesA },
      },
      {
        method: 'B',
        scores: { accuracy: 0.5, roc_auc: 0.7 },
        caseValues: { accuracy: correctB },
        replicates: { accuracy: replicatesB },
      },
      {
        method: 'Gone',
        scores: { accuracy: 0.9 },
        caseValues: { accuracy: correctA },
        moderation: 'HIDDEN',
      },
    ],
  });
  hidden = await createBoardFixture(owner, {
    visibility: 'HIDDEN_UNTIL_CLOSE',
    cases,
    entries: [{ method: 'S', scores: { accuracy: 0.5 } }],
  });
  worker = new Worker(BOARD_QUERIES_QUEUE, createBoardQueriesProcessor({ db: workerDb }), {
    connection: workerConnection,
    prefix,
  });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker.close();
  await closeBoardQueryEvents(queues);
  await queues.close();
  producer.disconnect();
  workerConnection.disconnect();
  await board.cleanup();
  await hidden.cleanup();
  await Promise.all([owner.$disconnect(), workerDb.$disconnect()]);
});

const ask = (filters: Record<string, string[]>, fixture = board) =>
  askBoardQuery(
    queues,
    subsetScores,
    { slug: fixture.slug, trackSlug: 'main', testSetSlug: 'test', filters },
    { timeoutMs: 10_000 },
  );

describe('subset scores through a worker', () => {
  it('recomputes per-case metrics on the subset, with CIs, for every visible entry', async () => {
    const result = await ask({ view: ['ap'] });
    const ap = Int32Array.from({ length: 20 }, (_, j) => 2 * j + 1);
    expect(result.n).toBe(20);
    expect(result.metrics).toEqual(['accuracy']);
    expect(result.unavailable).toEqual([
      { metric: 'roc_auc', reason: expect.stringContaining('not available for custom subsets') },
    ]);
    expect(result.entries.map((e) => e.submissionId)).toEqual([
      board.ids.get('A'),
      board.ids.get('B'),
    ]);
    // A misses every fourth case (i % 4 = 3, all odd): 10 of the 20 ap cases → 0.5; B misses every odd case → 0.
    // Values and CIs at the stated precision of the entries' phase (none: the default 3 decimals).
    const a = result.entries[0]!.scores.accuracy!;
    expect(a.value).toBe(0.5);
    const expected = meanInterval(correctA, ap);
    expect(a.ciLow).toBe(roundToDecimals(expected.low, 3));
    expect(a.ciHigh).toBe(roundToDecimals(expected.high, 3));
    expect(result.entries[1]!.scores.accuracy!.value).toBe(0);
  });

  it('ORs categories within a dimension and ANDs dimensions; a merged group is named by its label', async () => {
    expect((await ask({ organ: ['lung', 'heart'] })).n).toBe(40);
    expect((await ask({ organ: ['lung · heart'] })).n).toBe(40);
    expect((await ask({ organ: ['lung', 'heart'], view: ['pa'] })).n).toBe(20);
  });

  it('stored the partition the worker computed for a test set that had none', async () => {
    const testSet = await owner.testSet.findUniqueOrThrow({
      where: { id: board.testSetId },
      select: { disclosure: true },
    });
    expect(testSet.disclosure).toMatchObject({ atomSizes: [20, 20], minCellSize: 20 });
    const atoms = await owner.case.findMany({
      where: { testSetId: board.testSetId },
      select: { atom: true },
    });
    expect(atoms.every((c) => c.atom === 0 || c.atom === 1)).toBe(true);
  });

  it('refuses subsets while the board ranks on a version older than the cases (their per-case values belong to other cases)', async () => {
    const { disclosure } = await owner.testSet.findUniqueOrThrow({
      where: { id: board.testSetId },
      select: { disclosure: true },
    });
    const stored = disclosure as Record<string, unknown>;
    try {
      await owner.testSet.update({
        where: { id: board.testSetId },
        data: { disclosure: { ...stored, casesVersion: 2 } },
      });
      await expect(ask({ view: ['ap'] })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining(
          'custom subsets are available again once the rescore to v2 has finished',
        ),
      });
    } finally {
      await owner.testSet.update({
        where: { id: board.testSetId },
        data: { disclosure: stored as object },
      });
    }
    expect((await ask({ view: ['ap'] })).n).toBe(20);
  });

  it('refuses subsets that cut through a group without saying how many cases they have, unknown names and hidden scores', async () => {
    for (const organ of ['heart', 'lung']) {
      const refusal = ask({ organ: [organ] });
      await expect(refusal).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: `choose whole groups: organ "${organ}" is part of the group "lung · heart" (categories are grouped so that every cell of the breakdown has at least 20 cases, which keeps hidden labels hidden)`,
      });
      // Neither the 15 heart cases nor the 25 lung cases are counted out loud.
      await expect(refusal).rejects.toSatisfy(
        (e: unknown) => e instanceof AppError && !/\b(15|25)\b/.test(e.message),
      );
    }
    await expect(ask({ organ: ['heart'], view: ['ap'] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('choose whole groups'),
    });
    await expect(ask({ scanner: ['x'] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'unknown dimension "scanner"; this test set\'s dimensions: organ, view',
    });
    await expect(ask({ organ: ['kidney'] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'unknown organ group "kidney"; its groups: "lung · heart"',
    });
    await expect(ask({ view: ['ap'] }, hidden)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      askBoardQuery(queues, subsetScores, {
        slug: board.slug,
        trackSlug: 'main',
        testSetSlug: 'nope',
        filters: { view: ['ap'] },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      askBoardQuery(queues, subsetScores, {
        slug: board.slug,
        trackSlug: 'main',
        testSetSlug: 'test',
        filters: {},
      }),
    ).rejects.toThrow(/between 1 and 20 dimensions/);
  });
});

describe('compare entries through a worker', () => {
  it('gives the paired difference from the stored replicates', async () => {
    const result = await askBoardQuery(queues, compareEntries, {
      slug: board.slug,
      trackSlug: 'main',
      testSetSlug: 'test',
      a: board.ids.get('A')!,
      b: board.ids.get('B')!,
    });
    const expected = pairedDifference(replicatesA, replicatesB, 0.75, 0.5);
    expect(result.metrics[0]).toMatchObject({ metric: 'accuracy', a: 0.75, b: 0.5, diff: 0.25 });
    // The difference and its CI at the entries' stated precision, the p-value to 3 decimals.
    expect(result.metrics[0]!.ciLow).toBe(roundToDecimals(expected.ciLow, 3));
    expect(result.metrics[0]!.ciHigh).toBe(roundToDecimals(expected.ciHigh, 3));
    expect(result.metrics[0]!.pValue).toBe(roundToDecimals(expected.pValue, 3));
    expect(result.metrics[1]).toMatchObject({
      metric: 'roc_auc',
      pValue: null,
      note: expect.stringContaining('replicates are not stored'),
    });
  });

  it('refuses entries that are not on the board', async () => {
    await expect(
      askBoardQuery(queues, compareEntries, {
        slug: board.slug,
        trackSlug: 'main',
        testSetSlug: 'test',
        a: board.ids.get('A')!,
        b: board.ids.get('Gone')!,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('entry b') });
    await expect(
      askBoardQuery(queues, compareEntries, {
        slug: board.slug,
        trackSlug: 'main',
        testSetSlug: 'test',
        a: board.ids.get('A')!,
        b: board.ids.get('A')!,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('askBoardQuery without a worker', () => {
  it('says clearly that no worker is answering', async () => {
    const lonely = new QueueClient(producer, uniqueQueuePrefix('no-worker'));
    try {
      await expect(
        askBoardQuery(
          lonely,
          subsetScores,
          { slug: board.slug, trackSlug: 'main', testSetSlug: 'test', filters: { view: ['ap'] } },
          { timeoutMs: 1_000 },
        ),
      ).rejects.toSatisfy(
        (e: unknown) =>
          e instanceof AppError &&
          e.code === 'UNAVAILABLE' &&
          /no worker is answering/.test(e.message),
      );
    } finally {
      await closeBoardQueryEvents(lonely);
      await lonely.close();
    }
  });
});
