// Stated precision, the Ladder and hidden-until-close through the real worker handlers and the
// real read model: what is stored, what each viewer reads, and that rescoring changes no
// release decision. A private split: a public test set (Ladder η = 0.05, 2 decimals) and a
// hidden-until-close one of the same track.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { roundToDecimals } from '@medrank/core';
import { bumpEvaluatorVersion } from '@medrank/curation';
import {
  boards,
  createDatabase,
  groundTruth,
  rankStats,
  rescoreRuns,
  submissions,
  type BoardViewer,
} from '@medrank/db';
import {
  NEAR_DUPLICATE_CHECK_OFF,
  createUserWithTeam,
  testDatabaseUrls,
} from '@medrank/db/testing';
import { FileBlobStore } from '@medrank/storage';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleComputeRankStats } from './compute-rank-stats.js';
import { handleRescoreEvaluation } from './rescore-evaluation.js';
import { handleScoreSubmission } from './score-submission.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 4 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 6 });
const logger = pino({ level: 'silent' });

const SCORE_DECIMALS = 2;
const LADDER_MARGIN = 0.05;
const CLOSES_AT = new Date('2099-01-01T00:00:00.000Z');
const LABELS = [0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1];
// AUROC (scikit-learn) of each file on these labels; stored at 2 decimals.
const CONSTANT = LABELS.map(() => 0.5); // 0.5
const GOOD = [0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.55, 0.3, 0.65, 0.45, 0.5]; // 0.8889 → 0.89
const SLIGHTLY_WORSE = GOOD.map((p, i) => (i === 11 ? 0.44 : p)); // 0.8611 → 0.86
const PERFECT = LABELS.map((y) => (y ? 0.9 : 0.1)); // 1

let blobRoot: string;
let blobs: FileBlobStore;
let benchmarkId: string;
let slug: string;
let trackId: string;
let phaseId: string;
let publicSetId: string;
let privateSetId: string;
const users: string[] = [];

const deps = () => ({
  db: worker,
  blobs,
  logger,
  bootstrapReplicates: 200,
  jobMemoryBudgetBytes: 512 * 1024 * 1024,
});
const viewerOf = (userId: string, role = 'user'): BoardViewer => ({ userId, role });

/** A predictions file: the same scores on the public (c…) and private (h…) cases. */
function csv(scores: number[], digits = 2): string {
  const rows = ['c', 'h'].flatMap((prefix) =>
    scores.map((p, i) => `${prefix}${i},${(1 - p).toFixed(digits)},${p.toFixed(digits)}`),
  );
  return ['case_id,p_negative,p_positive', ...rows].join('\n') + '\n';
}

async function submit(teamId: string, userId: string, method: string, content: string) {
  const blob = await blobs.put(Readable.from([Buffer.from(content)]), {
    keyPrefix: 'submissions',
    extension: 'csv',
    maxBytes: 1 << 20,
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId,
    trackId,
    phaseId,
    submittedById: userId,
    methodName: method,
    modelSlug: method.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    blobKey: blob.key,
    fileName: 'predictions.csv',
    fileBytes: blob.bytes,
    sha256: blob.sha256,
  });
  return id;
}

async function score(id: string) {
  expect((await handleScoreSubmission(deps(), { submissionId: id })).outcome).toBe('scored');
}

const evaluationOf = (submissionId: string, testSetId: string, evaluatorVersion = 1) =>
  owner.evaluation.findUniqueOrThrow({
    where: {
      submissionId_testSetId_evaluatorVersion: { submissionId, testSetId, evaluatorVersion },
    },
    include: { scores: true },
  });
const isReleased = async (submissionId: string, testSetId = publicSetId, version = 1) =>
  (await evaluationOf(submissionId, testSetId, version)).isReleased;

async function newTeam(label: string) {
  const member = await createUserWithTeam(web, `${label}-${randomUUID().slice(0, 8)}@example.org`);
  users.push(member.userId);
  return member;
}

let teamA: Awaited<ReturnType<typeof newTeam>>;
let curator: Awaited<ReturnType<typeof newTeam>>;
const a: Record<'constant' | 'good' | 'worse' | 'perfect', string> = {
  constant: '',
  good: '',
  worse: '',
  perfect: '',
};

beforeAll(async () => {
  blobRoot = await mkdtemp(path.join(os.tmpdir(), 'medrank-release-'));
  blobs = new FileBlobStore(blobRoot);
  slug = `release-${randomUUID().slice(0, 8)}`;
  const benchmark = await owner.benchmark.create({
    data: {
      slug,
      title: `Release ${slug}`,
      summary: 'fixture',
      taskType: 'classification',
      status: 'PUBLISHED',
      // Small cells so the 12-case sets get breakdowns whose rounding can be checked.
      minCategorySize: 4,
    },
  });
  benchmarkId = benchmark.id;
  const track = await owner.track.create({
    data: {
      benchmarkId,
      slug: 'main',
      name: 'Main',
      taskType: 'classification',
      taskConfig: { classes: ['negative', 'positive'], positiveClass: 'positive' },
      metrics: ['roc_auc', 'accuracy'],
      primaryMetric: 'roc_auc',
    },
  });
  trackId = track.id;
  for (const [position, spec] of (
    [
      ['public', 'PUBLIC', 'c'],
      ['private', 'HIDDEN_UNTIL_CLOSE', 'h'],
    ] as const
  ).entries()) {
    const set = await owner.testSet.create({
      data: {
        trackId,
        slug: spec[0],
        name: spec[0],
        visibility: spec[1],
        bootstrapSeed: 21 + position,
        position,
      },
    });
    await groundTruth.replaceForTestSet(
      owner,
      set.id,
      LABELS.map((y, i) => ({
        caseId: `${spec[2]}${i}`,
        metadata: { site: i % 2 === 0 ? 'A' : 'B' },
        truth: { label: y ? 'positive' : 'negative' },
      })),
    );
    if (spec[0] === 'public') publicSetId = set.id;
    else privateSetId = set.id;
  }
  const phase = await owner.phase.create({
    data: {
      benchmarkId,
      name: 'Open',
      opensAt: new Date(0),
      closesAt: CLOSES_AT,
      dailyQuota: 100,
      scoreDecimals: SCORE_DECIMALS,
      ladderMargin: LADDER_MARGIN,
      // The Ladder's sequences resubmit near-identical files on purpose.
      ...NEAR_DUPLICATE_CHECK_OFF,
    },
  });
  phaseId = phase.id;
  teamA = await newTeam('ladder-a');
  curator = await newTeam('curator');
  await owner.benchmarkCurator.create({ data: { benchmarkId, userId: curator.userId } });

  // Team A's submissions, scored in order: the Ladder decides each against the ones before.
  a.constant = await submit(teamA.teamId, teamA.userId, 'A constant', csv(CONSTANT));
  await score(a.constant);
  a.good = await submit(teamA.teamId, teamA.userId, 'A good', csv(GOOD));
  await score(a.good);
  a.worse = await submit(teamA.teamId, teamA.userId, 'A slightly worse', csv(SLIGHTLY_WORSE));
  await score(a.worse);
});

afterAll(async () => {
  await owner.benchmark.delete({ where: { id: benchmarkId } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: users } } });
  await owner.user.deleteMany({ where: { id: { in: users } } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
  await rm(blobRoot, { recursive: true, force: true });
});

describe('the Ladder (η = 0.05 on AUROC)', () => {
  it("releases the team's first score and an improvement by η, and withholds a smaller gain", async () => {
    expect(await isReleased(a.constant)).toBe(true); // 0.5: first
    expect(await isReleased(a.good)).toBe(true); // 0.89 ≥ 0.5 + 0.05
    expect(await isReleased(a.worse)).toBe(false); // 0.86 < 0.89 + 0.05
  });

  it('has no Ladder on the hidden-until-close test set: every evaluation counts at the close', async () => {
    for (const id of [a.constant, a.good, a.worse])
      expect(await isReleased(id, privateSetId)).toBe(true);
  });

  it("tells the submitter the team's best released score and the margin, never the withheld value", async () => {
    const dto = await submissions.findById(web, a.worse, viewerOf(teamA.userId));
    const onPublic = dto!.evaluations.find((e) => e.testSetId === publicSetId)!;
    expect(onPublic).toMatchObject({
      scoresShown: false,
      scores: [],
      breakdowns: [],
      notes: [],
      restriction: {
        kind: 'withheld-by-ladder',
        metric: 'roc_auc',
        margin: LADDER_MARGIN,
        bestReleased: 0.89,
        scoreDecimals: SCORE_DECIMALS,
      },
    });
    expect(JSON.stringify(onPublic)).not.toContain('0.86');
    // The benchmark's curator sees the withheld numbers, labelled.
    const asCurator = await submissions.findById(web, a.worse, viewerOf(curator.userId));
    const seen = asCurator!.evaluations.find((e) => e.testSetId === publicSetId)!;
    expect(seen.scoresShown).toBe(true);
    expect(seen.restriction?.kind).toBe('withheld-by-ladder');
    expect(seen.scores.find((s) => s.metric === 'roc_auc')!.value).toBe(0.86);
  });

  it('releases a later improvement by η over the best released score', async () => {
    a.perfect = await submit(teamA.teamId, teamA.userId, 'A perfect', csv(PERFECT));
    await score(a.perfect);
    expect(await isReleased(a.perfect)).toBe(true); // 1 ≥ 0.89 + 0.05
    // The withheld submission's message now names the new best: still true, still not its own.
    const dto = await submissions.findById(web, a.worse, viewerOf(teamA.userId));
    expect(dto!.evaluations.find((e) => e.testSetId === publicSetId)!.restriction).toMatchObject({
      bestReleased: 1,
    });
  });

  it('releases exactly one of two concurrent submissions of a team that both beat the same best by η', async () => {
    const team = await newTeam('ladder-race');
    const base = await submit(team.teamId, team.userId, 'B constant', csv(CONSTANT));
    await score(base);
    // Same AUROC (0.89), different files: decided one after the other under the team's lock.
    const first = await submit(team.teamId, team.userId, 'B good', csv(GOOD, 2));
    const second = await submit(team.teamId, team.userId, 'B good again', csv(GOOD, 3));
    await Promise.all([score(first), score(second)]);
    const released = [await isReleased(first), await isReleased(second)];
    expect(released.filter(Boolean)).toHaveLength(1);
  });

  it('keeps withheld evaluations out of rank statistics, board queries and every public view', async () => {
    const withheld = (await evaluationOf(a.worse, publicSetId)).id;
    const inputs = await rankStats.loadRankInputs(worker, publicSetId);
    expect(inputs!.entries.map((e) => e.evaluationId)).not.toContain(withheld);
    expect(inputs!.entries.length).toBeGreaterThan(0);
    const context = await rankStats.loadBoardQueryContext(worker, {
      slug,
      trackSlug: 'main',
      testSetSlug: 'public',
    });
    expect(context!.entries.map((e) => e.submissionId)).not.toContain(a.worse);
    await handleComputeRankStats(
      { db: worker, logger },
      { testSetId: publicSetId },
      { enqueuedAt: 0 },
    );
    expect(await owner.rankStat.count({ where: { evaluationId: withheld } })).toBe(0);
    expect(await owner.rankStat.count({ where: { testSetId: publicSetId } })).toBeGreaterThan(0);

    boards.clearBoardCache();
    const view = await boards.getBoardView(web, { slug, testSet: 'public' }, null);
    expect(view!.entries.map((e) => e.id)).toEqual(expect.arrayContaining([a.good, a.perfect]));
    expect(view!.entries.map((e) => e.id)).not.toContain(a.worse);
    const history = await boards.getBoardHistory(web, { slug, testSet: 'public' }, null);
    expect(history!.points.map((p) => p.id)).not.toContain(a.worse);
    // Classification stores no breakdowns; give both entries a cell, as a task type with
    // categories would, to see the read model pick the released one only.
    for (const id of [a.good, a.worse])
      await owner.breakdown.create({
        data: {
          evaluationId: (await evaluationOf(id, publicSetId)).id,
          dimension: 'site',
          category: 'A',
          metric: 'roc_auc',
          value: 0.5,
          ciLow: 0.4,
          ciHigh: 0.6,
          n: 6,
        },
      });
    const breakdowns = await boards.getBreakdownTable(web, {
      testSetId: publicSetId,
      version: 1,
      metric: 'roc_auc',
    });
    const rows = breakdowns!.dimensions.flatMap((d) => d.rows.map((r) => r.id));
    expect(rows).toContain(a.good);
    expect(rows).not.toContain(a.worse);
    const model = await boards.getModel(web, 'a-slightly-worse', null);
    expect(model!.entries.map((e) => e.testSet.slug)).toEqual(['private']);
    // Its entry page lists its private result only (hidden until close): never the public one.
    for (const viewer of [null, viewerOf(teamA.userId)]) {
      const entry = await boards.getEntry(web, a.worse, viewer);
      expect(entry!.results.map((r) => r.testSetSlug)).toEqual(['private']);
    }
    const asCurator = await boards.getEntry(web, a.worse, viewerOf(curator.userId));
    const publicResult = asCurator!.results.find((r) => r.testSetSlug === 'public')!;
    expect(publicResult).toMatchObject({
      scoresHidden: false,
      restriction: { kind: 'withheld-by-ladder' },
      rank: null,
    });
    expect(publicResult.scores.find((s) => s.metric === 'roc_auc')!.value).toBe(0.86);
  });
});

describe('stated precision', () => {
  it('stores every public number of the phase at its 2 decimals; replicates and per-case values stay exact', async () => {
    // (Breakdown rounding: score-multiple-choice.int.test.ts and score-submission.test.ts;
    // classification stores no breakdowns.)
    const where = { evaluation: { testSet: { track: { benchmarkId } } } };
    const [scores, stats] = await Promise.all([
      owner.score.findMany({ where }),
      owner.rankStat.findMany({ where: { testSet: { track: { benchmarkId } } } }),
    ]);
    expect(scores.length).toBeGreaterThan(20);
    expect(stats.length).toBeGreaterThan(0);
    const atPrecision = (x: number | null, decimals: number) =>
      x === null || roundToDecimals(x, decimals) === x;
    for (const row of scores)
      for (const x of [row.value, row.ciLow, row.ciHigh])
        expect([row.metric, x, atPrecision(x, SCORE_DECIMALS)]).toEqual([row.metric, x, true]);
    for (const row of stats) expect(atPrecision(row.pBest, 2)).toBe(true);
    // At least one stored number was really rounded (0.8889 → 0.89), so the scan can fail.
    expect(scores.some((s) => s.value === 0.89)).toBe(true);
    const perCase = await worker.caseValues.findFirstOrThrow({
      where: { metric: 'accuracy', evaluation: { submissionId: a.good, testSetId: publicSetId } },
    });
    const values = rankStats.decodeFloat64(perCase.values);
    const exactAccuracy = values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(exactAccuracy).toBeCloseTo(10 / 12, 12);
    const replicates = await worker.scoreReplicates.findFirstOrThrow({
      where: { metric: 'roc_auc', evaluation: { submissionId: a.good, testSetId: publicSetId } },
    });
    const exactReplicates = rankStats.decodeFloat64(replicates.values);
    expect([...exactReplicates].some((r) => roundToDecimals(r, SCORE_DECIMALS) !== r)).toBe(true);
  });
});

describe('hidden until close', () => {
  it('hides the private split’s numbers from the submitting team, and shows them to curators, labelled', async () => {
    const asOwner = await submissions.findById(web, a.good, viewerOf(teamA.userId));
    const privateResult = asOwner!.evaluations.find((e) => e.testSetId === privateSetId)!;
    expect(privateResult).toMatchObject({
      scoresShown: false,
      scores: [],
      breakdowns: [],
      restriction: { kind: 'hidden-until-close', releaseAt: CLOSES_AT.toISOString() },
    });
    const publicResult = asOwner!.evaluations.find((e) => e.testSetId === publicSetId)!;
    expect(publicResult).toMatchObject({ scoresShown: true, restriction: null });
    expect(publicResult.scores.length).toBe(2);
    const listed = await submissions.listForTeams(web, [teamA.teamId], viewerOf(teamA.userId));
    for (const s of listed)
      for (const e of s.evaluations.filter((x) => x.testSetId === privateSetId))
        expect(e.scores).toEqual([]);

    const asCurator = await submissions.findById(web, a.good, viewerOf(curator.userId));
    const seen = asCurator!.evaluations.find((e) => e.testSetId === privateSetId)!;
    expect(seen.scoresShown).toBe(true);
    expect(seen.scores.find((s) => s.metric === 'roc_auc')!.value).toBe(0.89);

    const entry = await boards.getEntry(web, a.good, viewerOf(teamA.userId));
    expect(entry!.results.find((r) => r.testSetSlug === 'private')).toMatchObject({
      scoresHidden: true,
      scores: [],
      breakdowns: [],
      rankStats: [],
      rank: null,
    });
    const curatorEntry = await boards.getEntry(web, a.good, viewerOf(curator.userId));
    expect(curatorEntry!.results.find((r) => r.testSetSlug === 'private')).toMatchObject({
      scoresHidden: false,
      restriction: { kind: 'hidden-until-close', releaseAt: CLOSES_AT.toISOString() },
    });

    boards.clearBoardCache();
    const view = await boards.getBoardView(
      web,
      { slug, testSet: 'private' },
      viewerOf(curator.userId),
    );
    expect(view!.testSet).toMatchObject({ scoresHidden: true, releaseAt: CLOSES_AT.toISOString() });
    expect(view!.entries.every((e) => Object.keys(e.scores).length === 0 && e.rank === null)).toBe(
      true,
    );
    const model = await boards.getModel(web, 'a-good', null);
    expect(model!.entries.find((e) => e.testSet.slug === 'private')!.scores).toEqual({});
    const table = await boards.getBreakdownTable(web, {
      testSetId: privateSetId,
      version: 1,
      metric: 'roc_auc',
    });
    expect(table!.scoresHidden).toBe(true);
    expect(table!.dimensions.flatMap((d) => d.rows)).toEqual([]);
    const context = await rankStats.loadBoardQueryContext(worker, {
      slug,
      trackSlug: 'main',
      testSetSlug: 'private',
    });
    expect(context!.scoresHidden).toBe(true);
  });
});

describe('rescoring', () => {
  it('keeps every release decision, even where a fresh Ladder decision would differ', async () => {
    await owner.$transaction((tx) =>
      bumpEvaluatorVersion(tx, publicSetId, {
        reason: 'test',
        actorId: null,
      }),
    );
    const { run } = await rescoreRuns.requestForTestSet(owner, {
      testSetId: publicSetId,
      reason: 'test',
      actorId: curator.userId,
      benchmarkId,
      target: 'public',
    });
    const pending = await owner.submission.findMany({
      where: { trackId, status: 'SCORED' },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
    });
    // Decided afresh, these would be compared with the released v1 values (the constant 0.5
    // would now be withheld against 1) or with whatever was rescored before them (the withheld
    // 0.86 right after the constant one). Each keeps its original decision instead.
    const order = [
      a.constant,
      a.worse,
      ...pending.map((p) => p.id).filter((id) => id !== a.constant && id !== a.worse),
    ];
    for (const submissionId of order)
      expect(
        (
          await handleRescoreEvaluation(deps(), {
            rescoreRunId: run.id,
            submissionId,
            testSetId: publicSetId,
            evaluatorVersion: 2,
          })
        ).outcome,
      ).toBe('scored');
    for (const submissionId of order)
      expect([submissionId, await isReleased(submissionId, publicSetId, 2)]).toEqual([
        submissionId,
        await isReleased(submissionId, publicSetId, 1),
      ]);
    expect(await isReleased(a.worse, publicSetId, 2)).toBe(false);
    boards.clearBoardCache();
    const view = await boards.getBoardView(web, { slug, testSet: 'public' }, null);
    expect(view!.testSet.rankedVersion).toBe(2);
    expect(view!.entries.map((e) => e.id)).not.toContain(a.worse);
  });
});

describe('after the last phase closes', () => {
  it('shows the private split to everyone; a Ladder-withheld score stays withheld', async () => {
    await owner.phase.update({
      where: { id: phaseId },
      data: { closesAt: new Date(Date.now() - 60_000) },
    });
    boards.clearBoardCache();
    const asOwner = await submissions.findById(web, a.good, viewerOf(teamA.userId));
    const privateResult = asOwner!.evaluations.find((e) => e.testSetId === privateSetId)!;
    expect(privateResult).toMatchObject({ scoresShown: true, restriction: null });
    expect(privateResult.scores.find((s) => s.metric === 'roc_auc')!.value).toBe(0.89);
    const view = await boards.getBoardView(web, { slug, testSet: 'private' }, null);
    expect(view!.testSet.scoresHidden).toBe(false);
    expect(view!.entries.find((e) => e.id === a.good)!.scores.roc_auc!.value).toBe(0.89);
    const worse = await submissions.findById(web, a.worse, viewerOf(teamA.userId));
    expect(worse!.evaluations.find((e) => e.testSetId === publicSetId)).toMatchObject({
      scoresShown: false,
      restriction: { kind: 'withheld-by-ladder' },
    });
  });
});
