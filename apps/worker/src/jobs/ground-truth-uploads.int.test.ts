// Ground-truth uploads end to end: a curator's upload (web role) → outbox row → a real BullMQ
// worker on a private queue prefix validates it (worker role) → preview → confirm → apply
// replaces the hidden truth. Bad files: precise issues, nothing saved.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  confirmGroundTruthUpload,
  createBenchmark,
  exportBenchmarkDefinition,
  updateBenchmark,
  getGroundTruthUpload,
  listAuditLog,
  type Actor,
} from '@medrank/curation';
import { startGroundTruthUpload } from '@medrank/curation';
import { createDatabase, groundTruth } from '@medrank/db';
import {
  createUserWithTeam,
  testDatabaseUrls,
  testRedisUrl,
  uniqueQueuePrefix,
} from '@medrank/db/testing';
import {
  CURATION_QUEUE,
  QueueClient,
  applyGroundTruth,
  createRedisConnection,
  validateGroundTruth,
} from '@medrank/jobs';
import { FileBlobStore } from '@medrank/storage';
import { Worker } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCurationProcessor,
  handleApplyGroundTruth,
  handleValidateGroundTruth,
} from './ground-truth-uploads.js';
import { runIsolatedJobHere } from '../isolation/isolated-jobs.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 3 });
const logger = pino({ level: 'silent' });
const prefix = uniqueQueuePrefix('gt');
const producerConnection = createRedisConnection(testRedisUrl(), { role: 'worker' });
const workerConnection = createRedisConnection(testRedisUrl(), { role: 'worker' });
const queues = new QueueClient(producerConnection, prefix);

let dir: string;
let blobs: FileBlobStore;
let worker: Worker;
let curator: Actor;
const slug = `gt-${randomUUID().slice(0, 8)}`;
const userIds: string[] = [];

const truthCsv = (labels: string[]) =>
  'case_id,label\n' + labels.map((l, i) => `case-${i + 1},${l}`).join('\n') + '\n';
const LABELS = [...Array(30).fill('benign'), ...Array(20).fill('malignant')] as string[];
const metadataCsv = (ids: string[]) =>
  'case_id,site,view\n' +
  ids.map((id, i) => `${id},${i % 2 ? 'A' : 'B'},${i < 10 ? 'CC' : 'MLO'}`).join('\n') +
  '\n';
const ids = LABELS.map((_, i) => `case-${i + 1}`);

async function put(text: string, extension: string) {
  const blob = await blobs.put(Readable.from([Buffer.from(text)]), {
    keyPrefix: 'ground-truth',
    extension,
    maxBytes: 1 << 20,
  });
  return { blobKey: blob.key, fileBytes: blob.bytes, sha256: blob.sha256 };
}

async function upload(truth: string, metadata?: string) {
  const file = { ...(await put(truth, 'csv')), fileName: 'truth.csv' };
  const metadataFile = metadata ? { ...(await put(metadata, 'csv')), fileName: 'cases.csv' } : null;
  return startGroundTruthUpload(web, curator, {
    slug,
    trackSlug: 'main',
    testSetSlug: 'test',
    file,
    metadataFile,
  });
}

/** Sends the job the outbox row describes to the queue, as the relay would. */
async function relay(jobId: string) {
  const row = await owner.outbox.findFirstOrThrow({ where: { jobId } });
  const definition =
    row.jobName === validateGroundTruth.name ? validateGroundTruth : applyGroundTruth;
  expect(row.queue).toBe(CURATION_QUEUE);
  await queues.enqueue(definition, row.payload as { uploadId: string }, { jobId: row.jobId });
}

async function waitForStatus(uploadId: string, status: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await getGroundTruthUpload(web, curator, uploadId);
    if (current.status === status) return current;
    if (Date.now() > deadline)
      throw new Error(`upload ${uploadId} is ${current.status}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'medrank-gt-'));
  blobs = new FileBlobStore(path.join(dir, 'blobs'));
  const user = await createUserWithTeam(web);
  userIds.push(user.userId);
  await owner.user.update({ where: { id: user.userId }, data: { role: 'curator' } });
  curator = { userId: user.userId, role: 'curator' };
  await createBenchmark(web, curator, {
    slug,
    title: 'Mammography triage',
    summary: 'Benign vs malignant',
    tracks: [
      {
        slug: 'main',
        name: 'Main',
        taskType: 'classification',
        taskConfig: { classes: ['benign', 'malignant'], positiveClass: 'malignant' },
        metrics: ['roc_auc', 'balanced_accuracy'],
        primaryMetric: 'roc_auc',
        testSets: [{ slug: 'test', name: 'Test', categoryDimensions: ['site', 'view'] }],
      },
    ],
    phases: [{ name: 'Open', opensAt: '2026-01-01' }],
  });
  worker = new Worker(
    CURATION_QUEUE,
    // In this process: the job-process boundary has tests of its own (job-limits.int.test.ts).
    createCurationProcessor((jobName, payload) =>
      runIsolatedJobHere(
        {
          db: workerDb,
          blobs,
          logger,
          bootstrapReplicates: 0,
          jobMemoryBudgetBytes: 512 * 1024 * 1024,
        },
        jobName,
        payload,
      ),
    ),
    {
      connection: workerConnection,
      prefix,
      concurrency: 1,
    },
  );
});

afterAll(async () => {
  await worker.close();
  await queues.close();
  producerConnection.disconnect();
  workerConnection.disconnect();
  await owner.benchmark.deleteMany({ where: { slug } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), workerDb.$disconnect()]);
  await rm(dir, { recursive: true, force: true });
});

const testSet = () =>
  owner.testSet.findFirstOrThrow({ where: { slug: 'test', track: { benchmark: { slug } } } });

describe('ground-truth upload through the queue', () => {
  it('validates, previews, applies on confirmation, and ignores a second apply', async () => {
    const { uploadId } = await upload(truthCsv(LABELS), metadataCsv(ids));
    await relay(`gt-validate-${uploadId}`);
    const ready = await waitForStatus(uploadId, 'READY');
    expect(ready.preview).toEqual({
      caseCount: 50,
      labelBalance: [
        { label: 'benign', count: 30 },
        { label: 'malignant', count: 20 },
      ],
      categories: [
        {
          dimension: 'site',
          counts: [
            { category: 'A', count: 25 },
            { category: 'B', count: 25 },
          ],
        },
        {
          dimension: 'view',
          counts: [
            { category: 'MLO', count: 40 },
            { category: 'CC', count: 10 },
          ],
        },
      ],
      summary: {
        kind: 'classes',
        classes: [
          { label: 'benign', count: 30 },
          { label: 'malignant', count: 20 },
        ],
      },
    });
    expect((await testSet()).caseCount).toBe(0); // nothing applied before confirmation

    const confirmed = await confirmGroundTruthUpload(web, curator, uploadId);
    expect(confirmed).toMatchObject({ status: 'APPLYING', enqueued: true });
    expect(await confirmGroundTruthUpload(web, curator, uploadId)).toMatchObject({
      enqueued: false,
    });
    expect(await owner.outbox.count({ where: { jobId: `gt-apply-${uploadId}` } })).toBe(1);
    await relay(`gt-apply-${uploadId}`);
    const applied = await waitForStatus(uploadId, 'APPLIED');
    expect(applied.appliedVersion).toBe(1); // first truth: no bump

    const set = await testSet();
    expect(set).toMatchObject({
      caseCount: 50,
      evaluatorVersion: 1,
      categoryDimensions: ['site', 'view'],
    });
    const cases = await owner.case.findMany({
      where: { testSetId: set.id },
      orderBy: { caseId: 'asc' },
    });
    expect(cases).toHaveLength(50);
    expect(cases.find((c) => c.caseId === 'case-1')!.metadata).toEqual({ site: 'B', view: 'CC' });
    const truth = await groundTruth.loadForTestSet(workerDb, set.id);
    expect(truth.get('case-31')).toEqual({ label: 'malignant' });

    // A second apply job (e.g. a duplicate relay under another id) changes nothing.
    await queues.enqueue(applyGroundTruth, { uploadId }, { jobId: `gt-apply-${uploadId}-again` });
    const job = await queues.queue(CURATION_QUEUE).getJob(`gt-apply-${uploadId}-again`);
    await expect(
      (async () => {
        for (let i = 0; i < 200; i++) {
          const state = await job!.getState();
          if (state === 'completed')
            return (await queues.queue(CURATION_QUEUE).getJob(job!.id!))!.returnvalue;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('second apply did not complete');
      })(),
    ).resolves.toEqual({ outcome: 'skipped', reason: 'already APPLIED' });
    expect((await testSet()).evaluatorVersion).toBe(1);
  });

  it('a replacement bumps the evaluator version and supersedes the previous upload', async () => {
    const before = await testSet();
    const previous = await owner.groundTruthUpload.findFirstOrThrow({
      where: { testSetId: before.id, status: 'APPLIED' },
    });
    const flipped = LABELS.map((l, i) => (i === 0 ? 'malignant' : l));
    const { uploadId } = await upload(truthCsv(flipped), metadataCsv(ids));
    await relay(`gt-validate-${uploadId}`);
    await waitForStatus(uploadId, 'READY');
    await confirmGroundTruthUpload(web, curator, uploadId);
    await relay(`gt-apply-${uploadId}`);
    const applied = await waitForStatus(uploadId, 'APPLIED');
    expect(applied.appliedVersion).toBe(2);
    expect((await testSet()).evaluatorVersion).toBe(2);
    expect(
      (await owner.groundTruthUpload.findUniqueOrThrow({ where: { id: previous.id } })).status,
    ).toBe('SUPERSEDED');
    expect((await groundTruth.loadForTestSet(workerDb, before.id)).get('case-1')).toEqual({
      label: 'malignant',
    });
    const actions = (await listAuditLog(web, curator, slug)).map((a) => a.action);
    expect(actions.slice(0, 3)).toEqual([
      'ground-truth.apply',
      'ground-truth.confirm',
      'ground-truth.upload',
    ]);

    // Re-importing a definition that leaves categoryDimensions out keeps the applied ones.
    const definition = await exportBenchmarkDefinition(web, slug);
    delete definition.tracks[0]!.testSets[0]!.categoryDimensions;
    definition.title = 'Mammography triage (renamed)';
    await updateBenchmark(web, curator, slug, definition);
    expect((await testSet()).categoryDimensions).toEqual(['site', 'view']);
  });
});

describe('bad ground-truth files: precise issues, nothing saved', () => {
  const deps = () => ({ db: workerDb, blobs, logger, jobMemoryBudgetBytes: 512 * 1024 * 1024 });
  async function rejected(truth: string, metadata?: string) {
    const casesBefore = await owner.case.count({ where: { testSetId: (await testSet()).id } });
    const { uploadId } = await upload(truth, metadata);
    expect(await handleValidateGroundTruth(deps(), { uploadId })).toMatchObject({
      outcome: 'invalid',
    });
    const result = await getGroundTruthUpload(web, curator, uploadId);
    expect(result.status).toBe('INVALID');
    expect(result.preview).toBeNull();
    await expect(confirmGroundTruthUpload(web, curator, uploadId)).rejects.toThrowError(
      /the file was rejected/,
    );
    expect(await handleApplyGroundTruth(deps(), { uploadId })).toMatchObject({
      outcome: 'skipped',
    });
    expect(await owner.case.count({ where: { testSetId: (await testSet()).id } })).toBe(
      casesBefore,
    );
    return result.error!;
  }

  it('duplicate case ids name both lines', async () => {
    const error = await rejected('case_id,label\ncase-1,benign\ncase-2,malignant\ncase-1,benign\n');
    expect(error.issues).toEqual([
      expect.objectContaining({
        line: 4,
        caseId: 'case-1',
        message: expect.stringContaining('lines 2 and 4'),
      }),
    ]);
  });

  it('a label outside the declared classes names the line and the classes', async () => {
    const error = await rejected('case_id,label\ncase-1,benign\ncase-2,cancer\n', undefined);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ line: 3, column: 'label', caseId: 'case-2' });
    expect(error.issues[0]!.message).toMatch(/cancer/);
    expect(error.issues[0]!.message).toMatch(/benign/);
  });

  it('metadata ids that do not match: unknown ids by line, missing ids by case', async () => {
    const metadata = metadataCsv([...ids.slice(0, 48), 'case-999', 'case-1000']);
    const error = await rejected(truthCsv(LABELS), metadata);
    expect(error.issueCount).toBe(4);
    expect(error.issues.map((i) => i.message)).toEqual([
      'line 50: case "case-999" is not in the ground-truth file',
      'line 51: case "case-1000" is not in the ground-truth file',
      'case "case-49" of the ground truth has no row in cases.csv',
      'case "case-50" of the ground truth has no row in cases.csv',
    ]);
  });

  it('a metadata column that is not a declared dimension is refused', async () => {
    const metadata = 'case_id,site,scanner\n' + ids.map((id) => `${id},A,X`).join('\n') + '\n';
    const error = await rejected(truthCsv(LABELS), metadata);
    expect(error.issues.map((i) => i.message)).toEqual([
      'the test set declares the category dimension "view", but neither the ground truth\'s categories nor the metadata file has it',
      'cases.csv: column "scanner" is not a category dimension of this test set (declared: site, view); rename it or add it to the definition',
    ]);
  });
});
