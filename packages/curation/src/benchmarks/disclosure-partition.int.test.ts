// The disclosure partition follows what it is derived from: a curator's change of the minimum
// cell size or of a test set's category dimensions (through the web's role, as the browser and
// the CLI do) recomputes it and bumps the evaluator version when its groups change; a database
// from before partitions gets one from the reconciler, without a bump.
import { randomUUID } from 'node:crypto';
import { parseDisclosurePartition, type DisclosurePartition } from '@medrank/core';
import { boards, createDatabase, disclosure, groundTruth } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/actor.js';
import type { BenchmarkDefinitionInput } from '../definition/benchmark-definition.js';
import { createBenchmark, updateBenchmark } from './manage-benchmark.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

const slug = `disclosure-${randomUUID().slice(0, 8)}`;
let admin: Actor;
let benchmarkId: string;
let testSetId: string;

// 60 cases: lung 36 (ap 18, pa 18), heart 24 (ap 12, pa 12).
// k = 20: organ {lung}, {heart}; view {ap · pa}     → atoms 36, 24.
// k = 25 or 30: organ {lung · heart}; view {ap}, {pa} → atoms 30, 30 (the same cells).
const cases = Array.from({ length: 60 }, (_, i) => ({
  caseId: `c${String(i).padStart(2, '0')}`,
  metadata: { organ: i < 36 ? 'lung' : 'heart', view: i % 2 === 0 ? 'ap' : 'pa' },
  truth: { answer: 'A', options: ['yes', 'no'] },
}));

const definition = (
  minCategorySize: number,
  categoryDimensions = ['organ', 'view'],
): BenchmarkDefinitionInput => ({
  slug,
  title: 'Disclosure fixture',
  summary: 'Closed questions with two category dimensions.',
  minCategorySize,
  tracks: [
    {
      slug: 'closed',
      name: 'Closed',
      taskType: 'multiple-choice',
      taskConfig: {},
      metrics: ['vqa_accuracy'],
      primaryMetric: 'vqa_accuracy',
      testSets: [{ slug: 'test', name: 'Test', categoryDimensions }],
    },
  ],
  phases: [{ name: 'Open', opensAt: '2026-01-01', dailyQuota: 3 }],
});

const stored = async () => {
  const set = await owner.testSet.findUniqueOrThrow({
    where: { id: testSetId },
    select: { disclosure: true, evaluatorVersion: true },
  });
  return {
    partition: parseDisclosurePartition(set.disclosure)!,
    version: set.evaluatorVersion,
  };
};
const labels = (p: DisclosurePartition) =>
  Object.fromEntries(p.dimensions.map((d) => [d.dimension, d.groups.map((g) => g.label)]));

beforeAll(async () => {
  const u = await createUserWithTeam(web, `disclosure-${randomUUID().slice(0, 8)}@example.org`);
  await owner.user.update({ where: { id: u.userId }, data: { role: 'admin' } });
  admin = { userId: u.userId, role: 'admin' };
  benchmarkId = (await createBenchmark(web, admin, definition(20), { status: 'PUBLISHED' })).id;
  testSetId = (await owner.testSet.findFirstOrThrow({ where: { track: { benchmarkId } } })).id;
  await groundTruth.replaceForTestSet(owner, testSetId, cases);
});

afterAll(async () => {
  await owner.benchmark.deleteMany({ where: { slug } });
  await owner.auditLog.deleteMany({
    where: { OR: [{ actorId: admin.userId }, { targetId: benchmarkId }] },
  });
  await owner.user.deleteMany({ where: { id: admin.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
});

describe('a curator changing what the partition is derived from', () => {
  it('stores the partition with the cases, and each case its atom', async () => {
    const { partition, version } = await stored();
    expect(labels(partition)).toEqual({ organ: ['lung', 'heart'], view: ['ap · pa'] });
    expect(partition).toMatchObject({ minCellSize: 20, atomSizes: [36, 24], casesVersion: 1 });
    expect(version).toBe(1);
    const atoms = await owner.case.findMany({ where: { testSetId }, select: { atom: true } });
    expect(atoms.filter((c) => c.atom === 0)).toHaveLength(36);
    expect(atoms.filter((c) => c.atom === 1)).toHaveLength(24);
  });

  it('raising the minimum regroups and bumps the evaluator version, saying why', async () => {
    const result = await updateBenchmark(web, admin, slug, definition(30));
    const { partition, version } = await stored();
    expect(labels(partition)).toEqual({ organ: ['lung · heart'], view: ['ap', 'pa'] });
    expect(partition.atomSizes).toEqual([30, 30]);
    expect(version).toBe(2);
    expect(result.bumped).toEqual([
      { track: 'closed', testSet: 'test', version: 2, needsRescore: false },
    ]);
    expect(result.changes).toContain(
      'test set closed/test: breakdown groups recomputed: organ: 1 group, view: 2 groups; 2 cells of at least 30 cases',
    );
    const run = await owner.rescoreRun.findFirstOrThrow({
      where: { testSetId, evaluatorVersion: 2 },
    });
    expect(run.reason).toBe(
      'breakdown groups recomputed (minimum cell size 20 → 30) (no scored submissions to rescore)',
    );
  });

  it('a minimum that leaves the groups as they are changes no version', async () => {
    const result = await updateBenchmark(web, admin, slug, definition(25));
    const { partition, version } = await stored();
    expect(partition).toMatchObject({ minCellSize: 25, atomSizes: [30, 30] });
    expect(version).toBe(2);
    expect(result.bumped).toEqual([]);
  });

  it('reordering the dimensions regroups along the new order and bumps the version', async () => {
    const result = await updateBenchmark(web, admin, slug, definition(25, ['view', 'organ']));
    const { partition, version } = await stored();
    expect(partition.dimensions.map((d) => d.dimension)).toEqual(['view', 'organ']);
    expect(version).toBe(3);
    expect(result.changes).toContain(
      'test set closed/test: category dimensions organ, view → view, organ',
    );
    const run = await owner.rescoreRun.findFirstOrThrow({
      where: { testSetId, evaluatorVersion: 3 },
    });
    expect(run.reason).toMatch(/^breakdown groups recomputed \(category dimensions view, organ\)/);
  });
});

describe('a test set stored before partitions existed', () => {
  it('is shown with a partition computed on the fly, and the reconciler stores it without a bump', async () => {
    await owner.$executeRaw`UPDATE public.test_sets SET disclosure = NULL WHERE id = ${testSetId}`;
    await owner.$executeRaw`UPDATE public.cases SET atom = NULL WHERE "testSetId" = ${testSetId}`;
    const before = await owner.testSet.findUniqueOrThrow({
      where: { id: testSetId },
      select: { evaluatorVersion: true },
    });

    // The web role reads groups without storing anything.
    const tree = (await boards.listCategoryTree(web, testSetId))!;
    expect(tree.dimensions.map((d) => [d.dimension, d.groups.map((g) => g.label)])).toEqual([
      ['view', ['ap', 'pa']],
      ['organ', ['lung · heart']],
    ]);
    expect(tree.atomCount).toBe(2);
    expect(
      (await owner.testSet.findUniqueOrThrow({ where: { id: testSetId } })).disclosure,
    ).toBeNull();

    expect(await disclosure.listOutdated(worker, { limit: 10_000 })).toContain(testSetId);
    const storedIds = await disclosure.storeOutdated(worker, { limit: 10_000 });
    expect(storedIds).toContain(testSetId);
    expect(await disclosure.listOutdated(worker, { limit: 10_000 })).not.toContain(testSetId);
    const { partition, version } = await stored();
    expect(partition.atomSizes).toEqual([30, 30]);
    expect(version).toBe(before.evaluatorVersion);
    expect(await owner.case.count({ where: { testSetId, atom: null } })).toBe(0);
    const audit = await owner.auditLog.findFirstOrThrow({
      where: { action: 'disclosure.compute', targetType: 'benchmark', targetId: benchmarkId },
    });
    expect(audit.details).toMatchObject({ target: 'track closed / test set test', atoms: 2 });
  });
});
