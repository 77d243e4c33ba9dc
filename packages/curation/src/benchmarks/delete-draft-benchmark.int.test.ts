// Deleting a draft through the web's role (no access to `hidden`): everything the draft owns
// goes in one transaction, the hidden ground truth included (the foreign keys cascade), then its
// files; every refusal changes nothing.
import { randomUUID } from 'node:crypto';
import { AppError } from '@medrank/core';
import { createDatabase, groundTruthUploads, submissions } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/actor.js';
import { importReportedResults } from '../reported/import-reported-results.js';
import {
  confirmGroundTruthUpload,
  startGroundTruthUpload,
} from '../ground-truth/ground-truth-uploads.js';
import type { BenchmarkDefinitionInput } from '../definition/benchmark-definition.js';
import { applyGroundTruthUpload } from '../ground-truth/apply-ground-truth-upload.js';
import { deleteDraftBenchmark, type BlobRemover } from './delete-draft-benchmark.js';
import { createBenchmark, listAuditLog, publishBenchmark } from './manage-benchmark.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

const slugs: string[] = [];
const userIds: string[] = [];
let curator: Actor;
let otherCurator: Actor;
let admin: Actor;

async function user(role: string): Promise<Actor> {
  const u = await createUserWithTeam(web);
  userIds.push(u.userId);
  if (role !== 'user') await owner.user.update({ where: { id: u.userId }, data: { role } });
  return { userId: u.userId, role };
}

const definition = (slug: string): BenchmarkDefinitionInput => ({
  slug,
  title: 'Draft to delete',
  summary: 'A draft with truth, uploads, phases and reported results.',
  tracks: [
    {
      slug: 'main',
      name: 'Main',
      taskType: 'classification',
      taskConfig: { classes: ['benign', 'malignant'] },
      metrics: ['accuracy'],
      primaryMetric: 'accuracy',
      testSets: [
        { slug: 'public', name: 'Public' },
        { slug: 'private', name: 'Private', visibility: 'hidden-until-close' },
      ],
    },
  ],
  phases: [{ name: 'Open', opensAt: '2026-01-01', dailyQuota: 3 }],
});

const newSlug = (label: string) => {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  slugs.push(slug);
  return slug;
};

/** A blob store that records what it was asked to remove, and can fail on one key. */
function recordingBlobs(failOn?: string): BlobRemover & { removed: string[] } {
  const removed: string[] = [];
  return {
    removed,
    remove(key: string) {
      if (key === failOn) return Promise.reject(new Error('disk says no'));
      removed.push(key);
      return Promise.resolve();
    },
  };
}

const file = (n: number) => ({
  blobKey: `ground-truth/test/${randomUUID()}-${n}.csv`,
  fileName: `truth-${n}.csv`,
  fileBytes: 100,
  sha256: 'a'.repeat(64),
});

/** A draft with applied ground truth on `public` (hidden rows), a READY upload with metadata on
 * `private`, and one reported result. */
async function populatedDraft(slug: string) {
  await createBenchmark(web, curator, definition(slug));
  const applied = await startGroundTruthUpload(web, curator, {
    slug,
    trackSlug: 'main',
    testSetSlug: 'public',
    file: file(1),
  });
  await groundTruthUploads.recordValidation(workerDb, applied.uploadId, {
    ok: true,
    preview: { caseCount: 2, labelBalance: [], categories: [] },
  });
  await confirmGroundTruthUpload(web, curator, applied.uploadId);
  await applyGroundTruthUpload(workerDb, applied.uploadId, {
    cases: [
      { caseId: 'c1', truth: { label: 'benign' }, metadata: {} },
      { caseId: 'c2', truth: { label: 'malignant' }, metadata: {} },
    ],
    categoryDimensions: [],
  });
  const ready = await startGroundTruthUpload(web, curator, {
    slug,
    trackSlug: 'main',
    testSetSlug: 'private',
    file: file(2),
    metadataFile: { blobKey: `case-metadata/test/${randomUUID()}.csv`, fileName: 'meta.csv' },
  });
  await importReportedResults(web, curator, {
    slug,
    csv: 'model,institution,date,test_set,section,metric,value,source_link\nM,,2024,private,,accuracy,0.7,\n',
    fileName: 'r.csv',
  });
  return { readyUploadId: ready.uploadId };
}

async function footprint(slug: string) {
  const where = { testSet: { track: { benchmark: { slug } } } };
  const testSetIds = (
    await owner.testSet.findMany({
      where: { track: { benchmark: { slug } } },
      select: { id: true },
    })
  ).map((s) => s.id);
  return {
    benchmarks: await owner.benchmark.count({ where: { slug } }),
    tracks: await owner.track.count({ where: { benchmark: { slug } } }),
    testSets: testSetIds.length,
    cases: await owner.case.count({ where }),
    groundTruth: await owner.groundTruth.count({ where: { testSetId: { in: testSetIds } } }),
    uploads: await owner.groundTruthUpload.count({ where }),
    phases: await owner.phase.count({ where: { benchmark: { slug } } }),
    reported: await owner.reportedEntry.count({ where: { benchmark: { slug } } }),
    curators: await owner.benchmarkCurator.count({ where: { benchmark: { slug } } }),
  };
}

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

beforeAll(async () => {
  curator = await user('curator');
  otherCurator = await user('curator');
  admin = await user('admin');
});

afterAll(async () => {
  await owner.benchmark.deleteMany({ where: { slug: { in: slugs } } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), workerDb.$disconnect()]);
});

describe('deleteDraftBenchmark', () => {
  it('deletes the draft with its hidden ground truth, uploads, phases and results, then its files, audited', async () => {
    const slug = newSlug('delete');
    await populatedDraft(slug);
    const before = await footprint(slug);
    expect(before).toMatchObject({ tracks: 1, testSets: 2, cases: 2, groundTruth: 2, uploads: 2 });
    const keys = (
      await owner.groundTruthUpload.findMany({
        where: { testSet: { track: { benchmark: { slug } } } },
        select: { blobKey: true, metadataBlobKey: true },
      })
    ).flatMap((u) => [u.blobKey, u.metadataBlobKey].filter((k): k is string => k !== null));
    const benchmarkId = (await owner.benchmark.findUniqueOrThrow({ where: { slug } })).id;
    const testSetIds = (
      await owner.testSet.findMany({ where: { track: { benchmarkId } }, select: { id: true } })
    ).map((s) => s.id);

    const blobs = recordingBlobs();
    const deleted = await deleteDraftBenchmark(web, curator, slug, { blobs });
    expect(deleted).toEqual({
      slug,
      tracks: 1,
      testSets: 2,
      testSetsWithGroundTruth: 1,
      groundTruthUploads: 2,
      reportedEntries: 1,
      phases: 1,
      filesRemoved: 3,
      filesLeft: [],
    });
    expect(blobs.removed.sort()).toEqual(keys.sort());
    expect(await footprint(slug)).toEqual({
      benchmarks: 0,
      tracks: 0,
      testSets: 0,
      cases: 0,
      groundTruth: 0,
      uploads: 0,
      phases: 0,
      reported: 0,
      curators: 0,
    });
    // No hidden or public row of its former test sets is left (by id: the test sets are gone).
    const ofTestSets = { where: { testSetId: { in: testSetIds } } };
    expect(await owner.groundTruth.count(ofTestSets)).toBe(0);
    expect(await owner.case.count(ofTestSets)).toBe(0);
    expect(await owner.rescoreRun.count(ofTestSets)).toBe(0);
    const audit = await owner.auditLog.findFirstOrThrow({
      where: { targetId: benchmarkId, action: 'benchmark.delete' },
    });
    expect(audit.actorId).toBe(curator.userId);
    expect(audit.details).toMatchObject({
      target: `benchmark ${slug}`,
      testSets: 2,
      testSetsWithGroundTruth: 1,
      files: 3,
    });
    // Gone is gone: the same call again is a plain NOT_FOUND.
    expect(await codeOf(deleteDraftBenchmark(web, curator, slug, { blobs }))).toBe('NOT_FOUND');
  });

  it('lists files it could not remove instead of failing, after the rows are gone', async () => {
    const slug = newSlug('delete-files');
    await populatedDraft(slug);
    const [first] = await owner.groundTruthUpload.findMany({
      where: { testSet: { track: { benchmark: { slug } } } },
      orderBy: { createdAt: 'asc' },
    });
    const deleted = await deleteDraftBenchmark(web, admin, slug, {
      blobs: recordingBlobs(first!.blobKey),
    });
    expect(deleted).toMatchObject({ filesRemoved: 2, filesLeft: [first!.blobKey] });
    expect((await footprint(slug)).benchmarks).toBe(0);
  });

  it('refuses strangers, a published benchmark and a draft with submissions, and changes nothing', async () => {
    const draft = newSlug('keep-draft');
    await populatedDraft(draft);
    const published = newSlug('keep-published');
    await createBenchmark(web, curator, definition(published));
    await importReportedResults(web, curator, {
      slug: published,
      csv: 'model,institution,date,test_set,section,metric,value,source_link\nM,,2024,public,,accuracy,0.7,\nM,,2024,private,,accuracy,0.6,\n',
      fileName: 'r.csv',
    });
    await publishBenchmark(web, curator, published);
    const before = { draft: await footprint(draft), published: await footprint(published) };
    const auditBefore = await owner.auditLog.count({ where: { action: 'benchmark.delete' } });
    const blobs = recordingBlobs();

    // A draft's existence does not leak; a published one says who may not.
    expect(await codeOf(deleteDraftBenchmark(web, otherCurator, draft, { blobs }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(deleteDraftBenchmark(web, otherCurator, published, { blobs }))).toBe(
      'FORBIDDEN',
    );
    await expect(deleteDraftBenchmark(web, curator, published, { blobs })).rejects.toThrowError(
      /is published and cannot be deleted/,
    );
    expect(await codeOf(deleteDraftBenchmark(web, admin, published, { blobs }))).toBe('CONFLICT');
    expect(await codeOf(deleteDraftBenchmark(web, curator, 'no-such-benchmark', { blobs }))).toBe(
      'NOT_FOUND',
    );

    // A draft cannot take submissions; one that has some anyway is not the web's to delete.
    const participant = await createUserWithTeam(web);
    userIds.push(participant.userId);
    const track = await owner.track.findFirstOrThrow({ where: { benchmark: { slug: draft } } });
    const { id: submissionId } = await submissions.createWithOutbox(web, {
      teamId: participant.teamId,
      trackId: track.id,
      phaseId: null,
      submittedById: participant.userId,
      methodName: 'Stray',
      blobKey: 'submissions/none.csv',
      fileName: 'p.csv',
      fileBytes: 1,
      sha256: 'b'.repeat(64),
    });
    await expect(deleteDraftBenchmark(web, curator, draft, { blobs })).rejects.toThrowError(
      /has 1 submission\(s\) and cannot be deleted/,
    );
    await owner.submission.delete({ where: { id: submissionId } });

    expect(blobs.removed).toEqual([]);
    expect({ draft: await footprint(draft), published: await footprint(published) }).toEqual(
      before,
    );
    expect(await owner.auditLog.count({ where: { action: 'benchmark.delete' } })).toBe(auditBefore);
    expect((await listAuditLog(web, curator, draft))[0]!.action).not.toBe('benchmark.delete');
  });
});
