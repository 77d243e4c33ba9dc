// What curators are told about evaluator versions matches what the database does: a fresh draft's
// definition changes need no rescore (and say nothing), a track with scored entries does; the
// first ground truth keeps the version, a replacement creates the next one.
import { randomUUID } from 'node:crypto';
import { benchmarkDefinitions, createDatabase, groundTruthUploads, submissions } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/actor.js';
import type { BenchmarkDefinitionInput } from '../definition/benchmark-definition.js';
import { applyGroundTruthUpload } from '../ground-truth/apply-ground-truth-upload.js';
import {
  confirmGroundTruthUpload,
  startGroundTruthUpload,
} from '../ground-truth/ground-truth-uploads.js';
import { createBenchmark, updateBenchmark } from './manage-benchmark.js';
import { groundTruthConfirmNote, versionBumpNotices } from './version-notes.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

const slugs: string[] = [];
const userIds: string[] = [];
let curator: Actor;

const definition = (slug: string, metrics = ['accuracy']): BenchmarkDefinitionInput => ({
  slug,
  title: 'Versions',
  summary: 'Evaluator versions and what curators read about them.',
  tracks: [
    {
      slug: 'main',
      name: 'Main',
      taskType: 'classification',
      taskConfig: { classes: ['benign', 'malignant'] },
      metrics,
      primaryMetric: 'accuracy',
      testSets: [{ slug: 'test', name: 'Test' }],
    },
  ],
});

async function draft(label: string) {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  slugs.push(slug);
  const { id } = await createBenchmark(web, curator, definition(slug));
  return { slug, benchmarkId: id };
}

async function testSetState(benchmarkId: string) {
  const set = await benchmarkDefinitions.findTestSet(web, benchmarkId, 'main', 'test');
  return {
    testSetName: set!.testSetName,
    caseCount: set!.caseCount,
    evaluatorVersion: set!.evaluatorVersion,
  };
}

/** Upload → validated → confirmed → applied, the worker's steps done with the worker's role. */
async function applyTruth(slug: string, labels: string[]) {
  const { uploadId } = await startGroundTruthUpload(web, curator, {
    slug,
    trackSlug: 'main',
    testSetSlug: 'test',
    file: {
      blobKey: `gt/${randomUUID()}.csv`,
      fileName: 'truth.csv',
      fileBytes: 10,
      sha256: 'd'.repeat(64),
    },
  });
  await groundTruthUploads.recordValidation(workerDb, uploadId, {
    ok: true,
    preview: { caseCount: labels.length, labelBalance: [], categories: [] },
  });
  await confirmGroundTruthUpload(web, curator, uploadId);
  return applyGroundTruthUpload(workerDb, uploadId, {
    cases: labels.map((label, i) => ({ caseId: `c${i}`, truth: { label }, metadata: {} })),
    categoryDimensions: [],
  });
}

beforeAll(async () => {
  const u = await createUserWithTeam(web);
  userIds.push(u.userId);
  await owner.user.update({ where: { id: u.userId }, data: { role: 'curator' } });
  curator = { userId: u.userId, role: 'curator' };
});

afterAll(async () => {
  await owner.benchmark.deleteMany({ where: { slug: { in: slugs } } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), workerDb.$disconnect()]);
});

describe('version notices after a definition change', () => {
  it('a fresh draft (no truth, nothing scored) moves on without asking for a rescore', async () => {
    const { slug } = await draft('fresh');
    const result = await updateBenchmark(
      web,
      curator,
      slug,
      definition(slug, ['accuracy', 'roc_auc']),
    );
    expect(result.bumped).toEqual([
      { track: 'main', testSet: 'test', version: 2, needsRescore: false },
    ]);
    expect(versionBumpNotices(result.bumped)).toEqual([]);
    // What happened: the board moved to v2 at once (an empty, finished run), nothing waits.
    const runs = await owner.rescoreRun.findMany({
      where: { testSet: { track: { benchmark: { slug } } } },
    });
    expect(runs).toMatchObject([{ evaluatorVersion: 2, total: 0, status: 'DONE' }]);
  });

  it('a track with a scored entry is told to rescore, naming the new version', async () => {
    const { slug } = await draft('scored');
    const participant = await createUserWithTeam(web);
    userIds.push(participant.userId);
    const track = await owner.track.findFirstOrThrow({ where: { benchmark: { slug } } });
    const { id } = await submissions.createWithOutbox(web, {
      teamId: participant.teamId,
      trackId: track.id,
      phaseId: null,
      submittedById: participant.userId,
      methodName: 'Scored',
      blobKey: 'submissions/none.csv',
      fileName: 'p.csv',
      fileBytes: 1,
      sha256: 'e'.repeat(64),
    });
    await owner.submission.update({ where: { id }, data: { status: 'SCORED' } });
    const result = await updateBenchmark(
      web,
      curator,
      slug,
      definition(slug, ['accuracy', 'roc_auc']),
    );
    expect(versionBumpNotices(result.bumped)).toEqual([
      'This change creates evaluator v2 of main / test; its entries keep their current ranking until you rescore them.',
    ]);
    expect(
      await owner.rescoreRun.count({ where: { testSet: { track: { benchmark: { slug } } } } }),
    ).toBe(0);
  });
});

describe('the note before confirming ground truth', () => {
  it('says a first upload keeps the version, and it does; a replacement creates the next one, and it does', async () => {
    const { slug, benchmarkId } = await draft('truth');
    const first = await testSetState(benchmarkId);
    expect(groundTruthConfirmNote(first)).toBe(
      'Becomes the hidden truth of Test. It stays evaluator v1: a first upload creates no new version.',
    );
    expect(await applyTruth(slug, ['benign', 'malignant'])).toEqual({ applied: true, version: 1 });
    const second = await testSetState(benchmarkId);
    expect(second).toMatchObject({ caseCount: 2, evaluatorVersion: 1 });

    expect(groundTruthConfirmNote(second)).toBe(
      'Replaces the hidden truth of Test (2 cases in use) and creates evaluator v2; entries scored before keep their ranking until you rescore them.',
    );
    expect(await applyTruth(slug, ['benign', 'benign', 'malignant'])).toEqual({
      applied: true,
      version: 2,
    });
    expect(await testSetState(benchmarkId)).toMatchObject({ caseCount: 3, evaluatorVersion: 2 });
  });
});
