// Per-label distance metrics (`hd95:lesion`) are lower-is-better everywhere a direction matters:
// the board's default order and ranks, an entry's rank, and the rank statistics job. They used to
// be read as higher-is-better because only curation knew per-label keys (issue 11).
import { boards, createDatabase } from '@medrank/db';
import { testDatabaseUrls } from '@medrank/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardFixture, type BoardFixture } from './board-fixture.js';
import { handleComputeRankStats } from './compute-rank-stats.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });
const logger = pino({ level: 'silent' });

let board: BoardFixture;

beforeAll(async () => {
  board = await createBoardFixture(owner, {
    taskType: 'segmentation',
    // 0/255 masks: the label value 255 is named "lesion", so the keys are dice:lesion, hd95:lesion.
    taskConfig: { labels: { '255': 'lesion' } },
    metrics: ['hd95:lesion', 'dice:lesion'],
    primaryMetric: 'hd95:lesion',
    entries: [
      {
        method: 'Far',
        team: 't1',
        scores: { 'hd95:lesion': 10, 'dice:lesion': 0.9 },
        replicates: { 'hd95:lesion': Float64Array.of(10, 11, 9, 10.5) },
      },
      {
        method: 'Close',
        team: 't2',
        scores: { 'hd95:lesion': 2, 'dice:lesion': 0.6 },
        replicates: { 'hd95:lesion': Float64Array.of(2, 2.5, 1.8, 2.1) },
      },
      {
        method: 'Middle',
        team: 't3',
        scores: { 'hd95:lesion': 5, 'dice:lesion': 0.7 },
        replicates: { 'hd95:lesion': Float64Array.of(5, 4.8, 5.2, 5.1) },
      },
    ],
  });
  await handleComputeRankStats(
    { db: worker, logger },
    { testSetId: board.testSetId },
    { enqueuedAt: 0 },
  );
  boards.clearBoardCache();
});

afterAll(async () => {
  await board.cleanup();
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
});

const names = (rows: { methodName: string }[]) => rows.map((r) => r.methodName);

describe('a per-label distance metric', () => {
  it('is a lower-is-better column that orders and ranks the board ascending by default', async () => {
    const view = (await boards.getBoardView(web, { slug: board.slug }, null))!;
    const hd95 = view.columns.find((c) => c.key === 'hd95:lesion')!;
    expect(hd95).toMatchObject({ higherIsBetter: false, label: 'HD95 (lesion)', decimals: 2 });
    expect(view.columns.find((c) => c.key === 'dice:lesion')!.higherIsBetter).toBe(true);
    expect(names(view.entries)).toEqual(['Close', 'Middle', 'Far']);
    expect(view.entries.map((e) => e.rank)).toEqual([1, 2, 3]);
  });

  it('sorts the per-label Dice column descending when chosen', async () => {
    const view = (await boards.getBoardView(web, { slug: board.slug, sort: 'dice:lesion' }, null))!;
    expect(names(view.entries)).toEqual(['Far', 'Middle', 'Close']);
  });

  it('gives the closest entry rank 1 on its own page', async () => {
    const entry = await boards.getEntry(web, board.ids.get('Close')!, null);
    expect(entry?.results.map((r) => r.rank)).toEqual([1]);
  });

  it('ranks the smallest distance first in the rank statistics', async () => {
    const rows = await owner.rankStat.findMany({
      where: { testSetId: board.testSetId, metric: 'hd95:lesion' },
    });
    const byId = new Map(rows.map((r) => [r.evaluationId, r]));
    expect(rows).toHaveLength(3);
    expect(byId.get(board.evaluationIds.get('Close')!)).toMatchObject({
      rankLow: 1,
      rankHigh: 1,
      tier: 1,
    });
    expect(byId.get(board.evaluationIds.get('Close')!)!.pBest).toBe(1);
    expect(byId.get(board.evaluationIds.get('Far')!)).toMatchObject({ rankLow: 3, rankHigh: 3 });
  });
});
