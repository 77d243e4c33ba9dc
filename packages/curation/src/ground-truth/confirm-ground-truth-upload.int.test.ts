// confirmGroundTruthUpload, the use case behind the curation page's button, the REST endpoint and
// `medrank ground-truth confirm`: only a READY upload of a benchmark one curates is confirmed,
// once; every refusal leaves the upload, the outbox and the audit log as they were.
import { randomUUID } from 'node:crypto';
import { AppError } from '@medrank/core';
import { createDatabase, groundTruthUploads } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/actor.js';
import { grantCurator } from '../access/curators.js';
import { createBenchmark } from '../benchmarks/manage-benchmark.js';
import { confirmGroundTruthUpload, startGroundTruthUpload } from './ground-truth-uploads.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 4 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

const slug = `confirm-${randomUUID().slice(0, 8)}`;
const published = `confirm-pub-${randomUUID().slice(0, 8)}`;
const userIds: string[] = [];
let curator: Actor;
let stranger: Actor;
let admin: Actor & { email: string };

async function user(role: string) {
  const u = await createUserWithTeam(web);
  userIds.push(u.userId);
  if (role !== 'user') await owner.user.update({ where: { id: u.userId }, data: { role } });
  return { userId: u.userId, role, email: u.email };
}

async function upload(benchmark = slug) {
  const { uploadId } = await startGroundTruthUpload(web, curator, {
    slug: benchmark,
    trackSlug: 'main',
    testSetSlug: 'test',
    file: {
      blobKey: `gt/${randomUUID()}.csv`,
      fileName: 'truth.csv',
      fileBytes: 10,
      sha256: 'f'.repeat(64),
    },
  });
  return uploadId;
}

/** Everything a refused confirm must leave alone. */
async function stateOf(uploadId: string) {
  return {
    status: (await owner.groundTruthUpload.findUniqueOrThrow({ where: { id: uploadId } })).status,
    applyJobs: await owner.outbox.count({ where: { jobId: `gt-apply-${uploadId}` } }),
    confirms: await owner.auditLog.count({
      where: { action: 'ground-truth.confirm', details: { path: ['uploadId'], equals: uploadId } },
    }),
  };
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
};

const definition = (s: string) => ({
  slug: s,
  title: 'Confirm',
  summary: 'Confirming ground truth.',
  tracks: [
    {
      slug: 'main',
      name: 'Main',
      taskType: 'classification',
      taskConfig: { classes: ['benign', 'malignant'] },
      metrics: ['accuracy'],
      primaryMetric: 'accuracy',
      testSets: [{ slug: 'test', name: 'Test' }],
    },
  ],
});

beforeAll(async () => {
  curator = await user('curator');
  stranger = await user('curator');
  admin = await user('admin');
  await createBenchmark(web, curator, definition(slug));
  await createBenchmark(web, admin, definition(published), { status: 'PUBLISHED' });
  await grantCurator(web, admin, {
    slug: published,
    email: (await owner.user.findUniqueOrThrow({ where: { id: curator.userId } })).email,
  });
});

afterAll(async () => {
  await owner.benchmark.deleteMany({ where: { slug: { in: [slug, published] } } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), workerDb.$disconnect()]);
});

describe('confirmGroundTruthUpload', () => {
  it('refuses a rejected file with its issues, and changes nothing', async () => {
    const id = await upload();
    const issues = [
      {
        line: 3,
        caseId: 'c2',
        message: 'line 3: case "c2" appears more than once (lines 2 and 3)',
      },
      { line: 4, caseId: 'c3', column: 'label', message: 'line 4: label "maybe" is not a class' },
    ];
    await groundTruthUploads.recordValidation(workerDb, id, {
      ok: false,
      error: { message: 'truth.csv: 2 problems; nothing was saved', issues, issueCount: 2 },
    });
    const before = await stateOf(id);
    expect(await refusal(confirmGroundTruthUpload(web, curator, id))).toEqual({
      code: 'CONFLICT',
      message:
        'the file was rejected (truth.csv: 2 problems; nothing was saved): fix the issues listed and upload it again',
      details: { fileName: 'truth.csv', issues, issueCount: 2 },
    });
    expect(await stateOf(id)).toEqual({ ...before, status: 'INVALID' });
  });

  it('refuses an upload still validating or superseded, and a stranger or an unknown id as not found', async () => {
    const validating = await upload();
    expect(await refusal(confirmGroundTruthUpload(web, curator, validating))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/still being validated/),
    });
    const superseded = await upload();
    await owner.groundTruthUpload.update({
      where: { id: superseded },
      data: { status: 'SUPERSEDED' },
    });
    expect(await refusal(confirmGroundTruthUpload(web, curator, superseded))).toMatchObject({
      code: 'CONFLICT',
      message: 'a newer upload replaced this one',
    });
    const ready = await upload();
    await groundTruthUploads.recordValidation(workerDb, ready, {
      ok: true,
      preview: { caseCount: 2, labelBalance: [], categories: [] },
    });
    // A draft's upload and a published benchmark's upload alike: unknown to a stranger.
    const publishedReady = await upload(published);
    await groundTruthUploads.recordValidation(workerDb, publishedReady, {
      ok: true,
      preview: { caseCount: 2, labelBalance: [], categories: [] },
    });
    for (const id of [ready, publishedReady])
      expect(await refusal(confirmGroundTruthUpload(web, stranger, id))).toMatchObject({
        code: 'NOT_FOUND',
      });
    expect(await refusal(confirmGroundTruthUpload(web, curator, 'no-such-upload'))).toMatchObject({
      code: 'NOT_FOUND',
    });
    for (const id of [validating, superseded, ready, publishedReady])
      expect(await stateOf(id)).toMatchObject({ applyJobs: 0, confirms: 0 });
    expect((await stateOf(ready)).status).toBe('READY');
  });

  it('confirms a READY upload once, however often it is asked', async () => {
    const id = await upload();
    await groundTruthUploads.recordValidation(workerDb, id, {
      ok: true,
      preview: { caseCount: 2, labelBalance: [], categories: [] },
    });
    const results = await Promise.all([
      confirmGroundTruthUpload(web, curator, id),
      confirmGroundTruthUpload(web, curator, id),
      confirmGroundTruthUpload(web, admin, id),
    ]);
    expect(results.filter((r) => r.enqueued)).toHaveLength(1);
    expect(results.every((r) => r.status === 'APPLYING')).toBe(true);
    expect(await stateOf(id)).toEqual({ status: 'APPLYING', applyJobs: 1, confirms: 1 });
  });
});
