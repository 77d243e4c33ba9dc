import { randomUUID } from 'node:crypto';
import { boards, createDatabase, rankStats, submissions } from '@medrank/db';
import { testDatabaseUrls } from '@medrank/db/testing';
import { COMPUTE_RANK_STATS_JOB, RANK_STATS_QUEUE } from '@medrank/jobs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardFixture, type BoardFixture } from './board-fixture.js';
import { handleComputeRankStats } from './compute-rank-stats.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });
const logger = pino({ level: 'silent' });

// Replicates worked by hand in packages/metrics/src/statistics/rank-statistics.test.ts:
// rank intervals A [1,2], B [1,2], C [3,3]; P(best) 0.625, 0.375, 0 (stored at two decimals:
// 0.63, 0.38, 0); tiers 1, 1, 3.
const A = Float64Array.of(0.9, 0.8, 0.85, 0.7);
const B = Float64Array.of(0.8, 0.85, 0.75, 0.7);
const C = Float64Array.of(0.1, 0.2, 0.15, 0.1);

let board: BoardFixture;

beforeAll(async () => {
  board = await createBoardFixture(owner, {
    metrics: ['accuracy', 'roc_auc'],
    reportedMetrics: [{ key: 'green', label: 'GREEN', higherIsBetter: true, decimals: 2 }],
    cases: Array.from({ length: 40 }, (_, i) => ({
      caseId: `c${String(i).padStart(2, '0')}`,
      metadata: { organ: i < 25 ? 'lung' : 'heart', view: i % 2 ? 'ap' : 'pa' },
    })),
    entries: [
      {
        method: 'Alpha',
        team: 't1',
        scores: { accuracy: 0.82, roc_auc: 0.9 },
        replicates: { accuracy: A },
      },
      {
        method: 'Beta',
        team: 't2',
        scores: { accuracy: 0.78, roc_auc: 0.85 },
        replicates: { accuracy: B },
      },
      {
        method: 'Gamma',
        team: 't3',
        scores: { accuracy: 0.15, roc_auc: 0.5 },
        replicates: { accuracy: C },
      },
      // Ties Beta; no replicates stored (scored before they were kept): ranked, no statistics.
      { method: 'Delta', team: 't1', scores: { accuracy: 0.78, roc_auc: 0.8 } },
      { method: 'Missing', team: 't4', scores: { accuracy: null, roc_auc: 0.7 } },
      {
        method: 'Random baseline',
        team: 't5',
        scores: { accuracy: 0.5, roc_auc: 0.5 },
        replicates: { accuracy: Float64Array.of(0.5, 0.5, 0.5, 0.5) },
        baselineKind: 'random',
        openWeights: true,
      },
      {
        method: 'Leaky',
        team: 't6',
        scores: { accuracy: 0.95, roc_auc: 0.99 },
        replicates: { accuracy: Float64Array.of(0.95, 0.95, 0.95, 0.95) },
        moderation: 'DISQUALIFIED',
        moderationReason: 'trained on the test set',
      },
      {
        method: 'Hidden',
        team: 't7',
        scores: { accuracy: 0.99, roc_auc: 0.99 },
        moderation: 'HIDDEN',
      },
    ],
    reported: [
      {
        modelName: 'Paper One',
        scores: { accuracy: 0.9, green: 0.4 },
        reportedDate: '2024',
        institution: 'Uni X',
        openWeights: true,
      },
      { modelName: 'Paper Two', scores: { accuracy: 0.8, green: 0.5 }, reportedDate: '2026-02-01' },
      { modelName: 'Withdrawn', scores: { accuracy: 0.99 }, moderation: 'HIDDEN' },
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

describe('rank statistics job', () => {
  it('stores the hand-computed intervals, tiers and P(best) among visible, non-baseline, verified entries with replicates', async () => {
    const rows = await owner.rankStat.findMany({
      where: { testSetId: board.testSetId, metric: 'accuracy' },
    });
    const byId = new Map(rows.map((r) => [r.evaluationId, r]));
    expect(rows).toHaveLength(3);
    expect(byId.get(board.evaluationIds.get('Alpha')!)).toMatchObject({
      rankLow: 1,
      rankHigh: 2,
      tier: 1,
      entryCount: 3,
    });
    expect(byId.get(board.evaluationIds.get('Alpha')!)!.pBest).toBe(0.63);
    expect(byId.get(board.evaluationIds.get('Beta')!)).toMatchObject({
      rankLow: 1,
      rankHigh: 2,
      tier: 1,
    });
    expect(byId.get(board.evaluationIds.get('Beta')!)!.pBest).toBe(0.38);
    expect(byId.get(board.evaluationIds.get('Gamma')!)).toMatchObject({
      rankLow: 3,
      rankHigh: 3,
      tier: 3,
      pBest: 0,
    });
    const testSet = await owner.testSet.findUniqueOrThrow({ where: { id: board.testSetId } });
    expect(testSet.rankedAt).not.toBeNull();
  });

  it('skips a trigger already covered, and runs again for an evaluation that arrived later', async () => {
    const before = await owner.testSet.findUniqueOrThrow({ where: { id: board.testSetId } });
    const skipped = await handleComputeRankStats(
      { db: worker, logger },
      { testSetId: board.testSetId },
      { enqueuedAt: before.rankedAt!.getTime() - 10_000 },
    );
    expect(skipped.outcome).toBe('skipped');

    // A new entry is saved the way the scoring worker saves it: evaluation, hidden replicates
    // and the rank-statistics outbox row in one transaction.
    const late = await owner.submission.create({
      data: {
        teamId: board.teamIds.get('t2')!,
        trackId: board.trackId,
        submittedById: board.userId,
        methodName: 'Late',
        blobKey: `fixture/${randomUUID()}`,
        fileName: 'p.csv',
        fileBytes: 1n,
        sha256: 'x',
      },
    });
    const replicates = Float64Array.of(0.3, 0.3, 0.3, 0.3);
    const caseValues = Float64Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const saved = await submissions.saveResults(
      worker,
      late.id,
      [
        {
          testSetId: board.testSetId,
          evaluatorVersion: 1,
          caseCount: 40,
          durationMs: 5,
          scores: [{ metric: 'accuracy', value: 0.3, ciLow: 0.2, ciHigh: 0.4, n: 40 }],
          replicates: { accuracy: replicates },
          caseValues: { accuracy: caseValues },
        },
      ],
      { primaryMetricHigherIsBetter: true },
    );
    expect(saved.written).toBe(1);
    const evaluation = await owner.evaluation.findFirstOrThrow({
      where: { submissionId: late.id },
    });
    const storedReplicates = await owner.scoreReplicates.findUniqueOrThrow({
      where: { evaluationId_metric: { evaluationId: evaluation.id, metric: 'accuracy' } },
    });
    expect(rankStats.decodeFloat64(storedReplicates.values)).toEqual(replicates);
    const storedCases = await owner.caseValues.findUniqueOrThrow({
      where: { evaluationId_metric: { evaluationId: evaluation.id, metric: 'accuracy' } },
    });
    expect(rankStats.decodeFloat64(storedCases.values)).toEqual(caseValues);
    const outboxRows = await owner.outbox.findMany({
      where: { jobId: rankStats.rankStatsJobId(board.testSetId, evaluation.id) },
    });
    expect(outboxRows).toHaveLength(1);
    expect(outboxRows[0]).toMatchObject({
      queue: RANK_STATS_QUEUE,
      jobName: COMPUTE_RANK_STATS_JOB,
      payload: { testSetId: board.testSetId },
    });
    expect((await owner.submission.findUniqueOrThrow({ where: { id: late.id } })).status).toBe(
      'SCORED',
    );

    // Saving again writes nothing: no second evaluation, no second outbox row.
    expect(
      (
        await submissions.saveResults(
          worker,
          late.id,
          [
            {
              testSetId: board.testSetId,
              evaluatorVersion: 1,
              caseCount: 40,
              durationMs: 5,
              scores: [],
              replicates: { accuracy: replicates },
            },
          ],
          { primaryMetricHigherIsBetter: true },
        )
      ).written,
    ).toBe(0);
    expect(
      await owner.outbox.count({
        where: {
          jobId: { startsWith: rankStats.rankStatsJobId(board.testSetId, '') },
          createdAt: { gte: evaluation.createdAt },
        },
      }),
    ).toBe(1);

    // The job of that outbox row is enqueued after the commit: it must not be skipped.
    const rerun = await handleComputeRankStats(
      { db: worker, logger },
      { testSetId: board.testSetId },
      { enqueuedAt: Date.now() },
    );
    expect(rerun.outcome).toBe('written');
    const rows = await owner.rankStat.findMany({
      where: { testSetId: board.testSetId, metric: 'accuracy' },
    });
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.entryCount === 4)).toBe(true);
    // Back to the constructed board for the read-model tests below.
    await owner.submission.delete({ where: { id: late.id } });
    await handleComputeRankStats(
      { db: worker, logger },
      { testSetId: board.testSetId },
      { enqueuedAt: Date.now() },
    );
    boards.clearBoardCache();
  });
});

describe('getBoardView', () => {
  it("sorts by the metric's better direction: ties share a rank, missing last, disqualified at the end, hidden left out", async () => {
    const view = (await boards.getBoardView(web, { slug: board.slug }, null))!;
    expect(view.sort).toEqual({ metric: 'accuracy', dir: 'desc' });
    expect(names(view.entries)).toEqual([
      'Paper One',
      'Alpha',
      'Paper Two',
      'Beta',
      'Delta',
      'Random baseline',
      'Gamma',
      'Missing',
      'Leaky',
    ]);
    const row = (name: string) => view.entries.find((e) => e.methodName === name)!;
    expect(view.entries.map((e) => e.rank)).toEqual([null, 1, null, 2, 2, null, 4, 5, null]);
    expect(row('Alpha')).toMatchObject({
      kind: 'verified',
      rankInterval: [1, 2],
      tier: 1,
      team: { name: 't1' },
    });
    expect(row('Alpha').pBest).toBe(0.63);
    expect(row('Gamma')).toMatchObject({ rankInterval: [3, 3], tier: 3, pBest: 0 });
    expect(row('Delta')).toMatchObject({ rank: 2, rankInterval: null, tier: null, pBest: null });
    expect(row('Leaky')).toMatchObject({
      moderation: 'DISQUALIFIED',
      moderationReason: 'trained on the test set',
      rank: null,
    });
    expect(row('Random baseline')).toMatchObject({
      baselineKind: 'random',
      rank: null,
      tier: null,
    });
    expect(row('Paper One')).toMatchObject({
      kind: 'reported',
      rank: null,
      institution: 'Uni X',
      date: '2024',
      scores: { accuracy: { value: 0.9, ciLow: null, ciHigh: null } },
    });
    expect(row('Alpha').scores.accuracy).toEqual({
      value: 0.82,
      ciLow: expect.closeTo(0.81, 12),
      ciHigh: expect.closeTo(0.83, 12),
    });
  });

  it('keeps missing values last and disqualified rows at the end when sorted ascending', async () => {
    const view = (await boards.getBoardView(web, { slug: board.slug, dir: 'asc' }, null))!;
    expect(names(view.entries)).toEqual([
      'Gamma',
      'Random baseline',
      'Beta',
      'Delta',
      'Paper Two',
      'Alpha',
      'Paper One',
      'Missing',
      'Leaky',
    ]);
    // Ranks follow the metric's better direction, not the display order.
    expect(view.entries.find((e) => e.methodName === 'Alpha')!.rank).toBe(1);
  });

  it('describes columns: computed metrics first (labels from the metric catalog), then reported-only', async () => {
    const view = (await boards.getBoardView(web, { slug: board.slug }, null))!;
    expect(view.columns).toEqual([
      {
        key: 'accuracy',
        label: 'Accuracy',
        higherIsBetter: true,
        decimals: 3,
        percent: false,
        definition: expect.stringContaining('accuracy_score'),
        qualifier: null,
        computed: true,
      },
      {
        key: 'roc_auc',
        label: 'AUROC',
        higherIsBetter: true,
        decimals: 3,
        percent: false,
        definition: expect.stringContaining('roc_auc_score'),
        qualifier: null,
        computed: true,
      },
      {
        key: 'green',
        label: 'GREEN',
        higherIsBetter: true,
        decimals: 2,
        percent: false,
        definition: '',
        qualifier: null,
        computed: false,
      },
    ]);
    expect(view.tabs).toEqual([
      {
        trackSlug: 'main',
        trackName: 'Main',
        testSetSlug: 'test',
        testSetName: 'Test',
        entryCount: 9,
      },
    ]);
    expect(view.testSet).toMatchObject({
      currentVersion: 1,
      rankedVersion: 1,
      scoresHidden: false,
      rescore: null,
    });
    // A reported-only metric ranks no verified entry.
    const byGreen = (await boards.getBoardView(web, { slug: board.slug, sort: 'green' }, null))!;
    expect(names(byGreen.entries).slice(0, 2)).toEqual(['Paper Two', 'Paper One']);
    expect(byGreen.entries.every((e) => e.rank === null)).toBe(true);
  });

  it('filters by text, team, open weights, date and kind, and shows the best entry per team', async () => {
    const get = async (q: Partial<Parameters<typeof boards.getBoardView>[1]>) =>
      names((await boards.getBoardView(web, { slug: board.slug, ...q }, null))!.entries);
    expect(await get({ q: 'uni x' })).toEqual(['Paper One']);
    expect(await get({ q: 'ALPHA' })).toEqual(['Alpha']);
    expect(await get({ team: board.teamIds.has('t1') ? `t1-${board.slug}` : '' })).toEqual([
      'Alpha',
      'Delta',
    ]);
    expect(await get({ openWeights: true })).toEqual(['Paper One', 'Random baseline']);
    expect(await get({ from: '2025-01-03', to: '2025-01-05' })).toEqual(['Beta', 'Delta', 'Gamma']);
    expect(await get({ kind: 'reported' })).toEqual(['Paper One', 'Paper Two']);
    expect(await get({ kind: 'verified', view: 'best' })).toEqual([
      'Alpha',
      'Beta',
      'Random baseline',
      'Gamma',
      'Missing',
      'Leaky',
    ]);
  });

  it('returns null for an unknown benchmark, track or test set', async () => {
    expect(await boards.getBoardView(web, { slug: `nope-${randomUUID()}` })).toBeNull();
    expect(await boards.getBoardView(web, { slug: board.slug, track: 'nope' })).toBeNull();
    expect(await boards.getBoardView(web, { slug: board.slug, testSet: 'nope' })).toBeNull();
  });

  it('returns the same object for the same query until the board changes', async () => {
    const first = await boards.getBoardView(web, { slug: board.slug }, null);
    expect(await boards.getBoardView(web, { slug: board.slug }, null)).toBe(first);
    // An audit row alone (a token created, another benchmark's curator) is not a board change.
    await owner.auditLog.create({
      data: { action: 'test.touch', targetType: 'benchmark', targetId: board.benchmarkId },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await boards.getBoardView(web, { slug: board.slug }, null)).toBe(first);
    // Any write to the benchmark row bumps its board stamp (migration board_stamp).
    await owner.benchmark.update({
      where: { id: board.benchmarkId },
      data: { updatedAt: new Date() },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await boards.getBoardView(web, { slug: board.slug }, null)).not.toBe(first);
  });
});

describe('history, entry, model, breakdowns, category tree', () => {
  it('gives the state-of-the-art timeline from visible, non-baseline entries', async () => {
    const history = (await boards.getBoardHistory(web, { slug: board.slug }, null))!;
    expect(history.points.map((p) => [p.methodName, p.date.slice(0, 10), p.isRecord])).toEqual([
      ['Paper One', '2024-01-01', true],
      ['Alpha', '2025-01-02', false],
      ['Beta', '2025-01-03', false],
      ['Gamma', '2025-01-04', false],
      ['Delta', '2025-01-05', false],
      ['Paper Two', '2026-02-01', false],
    ]);
  });

  it('gives an entry with its scores and rank statistics, and hides a hidden one', async () => {
    const entry = (await boards.getEntry(web, board.ids.get('Alpha')!, null))!;
    expect(entry.methodName).toBe('Alpha');
    expect(entry.results[0]).toMatchObject({ rank: 1, scoresHidden: false });
    expect(entry.results[0]!.rankStats).toEqual([
      expect.objectContaining({
        metric: 'accuracy',
        rankLow: 1,
        rankHigh: 2,
        tier: 1,
        entryCount: 3,
      }),
    ]);
    expect(await boards.getEntry(web, board.ids.get('Hidden')!, null)).toBeNull();
    expect(
      await boards.getEntry(web, board.ids.get('Hidden')!, { userId: 'x', role: 'admin' }),
    ).not.toBeNull();
  });

  it("gathers a model's entries", async () => {
    const model = (await boards.getModel(web, 'paper-one'))!;
    expect(model.entries).toEqual([
      expect.objectContaining({ kind: 'reported', methodName: 'Paper One', primaryValue: 0.9 }),
    ]);
    expect(await boards.getModel(web, 'hidden')).toBeNull();
  });

  it('lists the disclosure groups: the small organ merged with the other, the views kept', async () => {
    const tree = (await boards.listCategoryTree(web, board.testSetId))!;
    expect(tree).toMatchObject({ minCategorySize: 20, caseCount: 40, atomCount: 2 });
    expect(tree.dimensions).toEqual([
      {
        dimension: 'organ',
        groups: [
          {
            label: 'lung · heart',
            count: 40,
            members: [
              { category: 'lung', count: 25 },
              { category: 'heart', count: 15 },
            ],
          },
        ],
      },
      {
        dimension: 'view',
        groups: [
          { label: 'ap', count: 20, members: [{ category: 'ap', count: 20 }] },
          { label: 'pa', count: 20, members: [{ category: 'pa', count: 20 }] },
        ],
      },
    ]);
  });

  it('reads breakdown tables from public rows', async () => {
    await owner.breakdown.create({
      data: {
        evaluationId: board.evaluationIds.get('Alpha')!,
        dimension: 'view',
        category: 'ap',
        metric: 'accuracy',
        value: 0.7,
        ciLow: 0.6,
        ciHigh: 0.8,
        n: 20,
      },
    });
    const table = (await boards.getBreakdownTable(web, {
      testSetId: board.testSetId,
      version: 1,
      metric: 'accuracy',
    }))!;
    const view = table.dimensions.find((d) => d.dimension === 'view')!;
    expect(view.categories).toEqual([
      { category: 'ap', n: 20, members: ['ap'] },
      { category: 'pa', n: 20, members: ['pa'] },
    ]);
    expect(view.rows).toEqual([
      expect.objectContaining({
        methodName: 'Alpha',
        cells: { ap: { value: 0.7, ciLow: 0.6, ciHigh: 0.8, n: 20 } },
      }),
    ]);
  });

  it('never shows a stored breakdown row whose category is not a group of the current partition', async () => {
    // A row computed under the old per-category rule: "lung" (25 cases) is not a group today
    // (the organs are merged), and overall minus it would describe the 15 heart cases.
    await owner.breakdown.create({
      data: {
        evaluationId: board.evaluationIds.get('Alpha')!,
        dimension: 'organ',
        category: 'lung',
        metric: 'accuracy',
        value: 0.8,
        ciLow: 0.7,
        ciHigh: 0.9,
        n: 25,
      },
    });
    const table = (await boards.getBreakdownTable(web, {
      testSetId: board.testSetId,
      version: 1,
      metric: 'accuracy',
    }))!;
    expect(table.dimensions.map((d) => d.dimension)).toEqual(['view']);
    const entry = (await boards.getEntry(web, board.ids.get('Alpha')!, null))!;
    expect(entry.results[0]!.breakdowns.map((b) => `${b.dimension}:${b.category}`)).toEqual([
      'view:ap',
    ]);
  });
});

describe('hidden scores and drafts', () => {
  it("omits verified scores and ranks while a hidden test set's phase is open", async () => {
    const hidden = await createBoardFixture(owner, {
      visibility: 'HIDDEN_UNTIL_CLOSE',
      entries: [{ method: 'Secret', scores: { accuracy: 0.7 } }],
      reported: [{ modelName: 'Published', scores: { accuracy: 0.6 } }],
    });
    try {
      const view = (await boards.getBoardView(web, { slug: hidden.slug }))!;
      expect(view.testSet.scoresHidden).toBe(true);
      expect(view.entries.find((e) => e.methodName === 'Secret')).toMatchObject({
        scores: {},
        rank: null,
      });
      expect(view.entries.find((e) => e.methodName === 'Published')!.scores.accuracy!.value).toBe(
        0.6,
      );
      const history = (await boards.getBoardHistory(web, { slug: hidden.slug }))!;
      expect(history.points.every((p) => p.kind === 'reported')).toBe(true);
    } finally {
      await hidden.cleanup();
    }
  });

  it('shows a draft to admins and curators only', async () => {
    const draft = await createBoardFixture(owner, {
      status: 'DRAFT',
      entries: [{ method: 'X', scores: { accuracy: 0.5 } }],
    });
    try {
      expect(await boards.getBoardView(web, { slug: draft.slug })).toBeNull();
      expect(
        await boards.getBoardView(
          web,
          { slug: draft.slug },
          { userId: draft.userId, role: 'user' },
        ),
      ).toBeNull();
      expect(
        await boards.getBoardView(web, { slug: draft.slug }, { userId: 'any', role: 'admin' }),
      ).not.toBeNull();
      await owner.benchmarkCurator.create({
        data: { benchmarkId: draft.benchmarkId, userId: draft.userId },
      });
      expect(
        await boards.getBoardView(
          web,
          { slug: draft.slug },
          { userId: draft.userId, role: 'user' },
        ),
      ).not.toBeNull();
    } finally {
      await draft.cleanup();
    }
  });
});

describe('reconciler safety net', () => {
  it('lists a test set whose statistics predate a moderation change, until they are recomputed', async () => {
    await handleComputeRankStats(
      { db: worker, logger },
      { testSetId: board.testSetId },
      { enqueuedAt: Date.now() },
    );
    expect(await rankStats.listStale(worker, { limit: 10_000 })).not.toContain(board.testSetId);
    await owner.auditLog.create({
      data: { action: 'entry.disqualify', targetType: 'benchmark', targetId: board.benchmarkId },
    });
    expect(await rankStats.listStale(worker, { limit: 10_000 })).toContain(board.testSetId);
    expect(await rankStats.listStale(worker, { olderThanMs: 60_000, limit: 10_000 })).not.toContain(
      board.testSetId,
    );
    await handleComputeRankStats(
      { db: worker, logger },
      { testSetId: board.testSetId },
      { enqueuedAt: Date.now() },
    );
    expect(await rankStats.listStale(worker, { limit: 10_000 })).not.toContain(board.testSetId);
  });
});

describe('the web role', () => {
  it('reads every table the read model uses, and none of the hidden ones', async () => {
    boards.clearBoardCache();
    await expect(boards.getBoardView(web, { slug: board.slug })).resolves.not.toBeNull();
    await expect(boards.rankedEvaluatorVersion(web, board.testSetId)).resolves.toBe(1);
    await expect(boards.getBoardHistory(web, { slug: board.slug })).resolves.not.toBeNull();
    await expect(boards.getEntry(web, board.ids.get('Alpha')!)).resolves.not.toBeNull();
    await expect(boards.getModel(web, 'alpha')).resolves.not.toBeNull();
    await expect(
      boards.getBreakdownTable(web, { testSetId: board.testSetId, version: 1, metric: 'accuracy' }),
    ).resolves.not.toBeNull();
    await expect(boards.listCategoryTree(web, board.testSetId)).resolves.not.toBeNull();
    await expect(web.scoreReplicates.findMany({ take: 1 })).rejects.toThrow(
      /permission denied for schema hidden/,
    );
    await expect(web.caseValues.findMany({ take: 1 })).rejects.toThrow(
      /permission denied for schema hidden/,
    );
    await expect(rankStats.loadRankInputs(web, board.testSetId)).rejects.toThrow(
      /permission denied/,
    );
  });
});
