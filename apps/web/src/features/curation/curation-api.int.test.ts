// The curation REST routes for ground truth and drafts, called over HTTP with API tokens: the
// route handlers themselves on the route test server (no Next build), the test database's web
// role, Redis. The worker's steps (validation, apply) are done here with the worker's role, so
// every state is reached on purpose. Every response must be one the OpenAPI document describes
// for the route (status, content type, body schema), and every refusal must leave the database and the blob store as they were.
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { apiTokens, createDatabase, groundTruthUploads } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../../tools/testing/test-platform';
import { operationFor, validateApiResponse } from '../../testing/api-response-validator';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

let platform: TestPlatform;
const userIds: string[] = [];
const slugs: string[] = [];
const tokens = { curator: '', stranger: '', admin: '' };
let draft: string;
let published: string;

type Who = keyof typeof tokens | 'anonymous';

/** The fields these routes answer with (success or error), loosely. */
interface Body {
  upload: { id: string; status: string } & Record<string, unknown>;
  statusUrl?: string;
  deleted?: Record<string, unknown>;
  error: { code: string; message: string; issues?: unknown };
}

/** Calls the route as `who` and checks the response against the contract of `template` + method. */
async function call(
  who: Who,
  method: 'GET' | 'POST' | 'DELETE',
  template: string,
  params: Record<string, string>,
  body?: FormData,
) {
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name]!),
  );
  const response = await fetch(new URL(url, platform.url), {
    method,
    headers: who === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[who]}` },
    ...(body ? { body } : {}),
  });
  // Status, content type and body as the route's contract (the OpenAPI document) describes them.
  const json = (await validateApiResponse(operationFor(method, template), response)) as Body;
  return { status: response.status, json, location: response.headers.get('location') };
}

const UPLOAD = '/api/v1/curation/benchmarks/{slug}/ground-truth';
const STATUS = '/api/v1/curation/ground-truth-uploads/{id}';
const CONFIRM = '/api/v1/curation/ground-truth-uploads/{id}/confirm';
const BENCHMARK = '/api/v1/curation/benchmarks/{slug}';

function truthForm(
  fields: Record<string, string>,
  csv = 'case_id,label\nc1,benign\nc2,malignant\n',
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'truth.csv');
  return form;
}

async function blobFiles(): Promise<string[]> {
  const files = await readdir(platform.blobRoot, { recursive: true, withFileTypes: true }).catch(
    () => [],
  );
  return files.filter((f) => f.isFile()).map((f) => path.join(f.parentPath, f.name));
}

async function uploadsOf(slug: string) {
  return owner.groundTruthUpload.count({ where: { testSet: { track: { benchmark: { slug } } } } });
}

async function newUpload(slug: string) {
  const { status, json } = await call(
    'curator',
    'POST',
    UPLOAD,
    { slug },
    truthForm({ track: 'main', testSet: 'test' }),
  );
  expect(status).toBe(201);
  return json.upload.id;
}

const markReady = (id: string) =>
  groundTruthUploads.recordValidation(workerDb, id, {
    ok: true,
    preview: { caseCount: 2, labelBalance: [], categories: [] },
  });

const definition = (slug: string) => ({
  slug,
  title: 'Curation API',
  summary: 'Routes under test.',
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
  platform = await startTestPlatform({ label: 'curation-api', worker: false });
  const { createBenchmark } = await import('@medrank/curation');
  for (const [who, role] of [
    ['curator', 'curator'],
    ['stranger', 'curator'],
    ['admin', 'admin'],
  ] as const) {
    const u = await createUserWithTeam(owner);
    userIds.push(u.userId);
    await owner.user.update({ where: { id: u.userId }, data: { role } });
    tokens[who] = (await apiTokens.create(owner, u.userId, 'test')).token;
    if (who === 'curator') {
      draft = `api-draft-${randomUUID().slice(0, 8)}`;
      published = `api-pub-${randomUUID().slice(0, 8)}`;
      slugs.push(draft, published);
      await createBenchmark(owner, { userId: u.userId, role }, definition(draft));
      await createBenchmark(owner, { userId: u.userId, role }, definition(published));
      await owner.benchmark.update({ where: { slug: published }, data: { status: 'PUBLISHED' } });
    }
  }
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await owner.benchmark.deleteMany({ where: { slug: { in: slugs } } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await Promise.all([owner.$disconnect(), workerDb.$disconnect()]);
});

describe('POST /api/v1/curation/benchmarks/{slug}/ground-truth', () => {
  it('creates the upload at once (201, Location and statusUrl), validating', async () => {
    const { status, json, location } = await call(
      'curator',
      'POST',
      UPLOAD,
      { slug: draft },
      truthForm({ track: 'main', testSet: 'test' }),
    );
    expect(status).toBe(201);
    expect(json.upload).toMatchObject({
      benchmarkSlug: draft,
      trackSlug: 'main',
      testSetSlug: 'test',
      status: 'VALIDATING',
      fileName: 'truth.csv',
    });
    expect(json.statusUrl).toBe(`/api/v1/curation/ground-truth-uploads/${json.upload.id}`);
    expect(location).toBe(json.statusUrl);
    expect(await owner.outbox.count({ where: { jobId: `gt-validate-${json.upload.id}` } })).toBe(1);
  });

  it('refuses a wrong track or test set, strangers and anonymous callers, storing nothing', async () => {
    const uploads = await uploadsOf(draft);
    const files = await blobFiles();
    const refusals = [
      await call(
        'curator',
        'POST',
        UPLOAD,
        { slug: draft },
        truthForm({ track: 'nope', testSet: 'test' }),
      ),
      await call(
        'curator',
        'POST',
        UPLOAD,
        { slug: draft },
        truthForm({ track: 'main', testSet: 'nope' }),
      ),
      await call(
        'curator',
        'POST',
        UPLOAD,
        { slug: 'no-such-benchmark' },
        truthForm({ track: 'main', testSet: 'test' }),
      ),
      await call(
        'stranger',
        'POST',
        UPLOAD,
        { slug: draft },
        truthForm({ track: 'main', testSet: 'test' }),
      ),
      await call(
        'stranger',
        'POST',
        UPLOAD,
        { slug: published },
        truthForm({ track: 'main', testSet: 'test' }),
      ),
      await call(
        'anonymous',
        'POST',
        UPLOAD,
        { slug: draft },
        truthForm({ track: 'main', testSet: 'test' }),
      ),
    ];
    expect(refusals.map((r) => [r.status, r.json.error.message])).toEqual([
      [404, 'no test set "test" in track "nope"'],
      [404, 'no test set "nope" in track "main"'],
      [404, 'no benchmark "no-such-benchmark"'],
      [404, `no benchmark "${draft}"`],
      [403, `you are not a curator of "${published}"`],
      [401, expect.stringContaining('sign in')],
    ]);
    expect(await uploadsOf(draft)).toBe(uploads);
    expect(await uploadsOf(published)).toBe(0);
    expect(await blobFiles()).toEqual(files);
  });
});

describe('GET and confirm a ground-truth upload', () => {
  it('shows the upload to its curators only', async () => {
    const id = await newUpload(draft);
    expect((await call('curator', 'GET', STATUS, { id })).json.upload.status).toBe('VALIDATING');
    expect((await call('admin', 'GET', STATUS, { id })).status).toBe(200);
    expect((await call('stranger', 'GET', STATUS, { id })).status).toBe(404);
    expect((await call('anonymous', 'GET', STATUS, { id })).status).toBe(401);
    expect((await call('curator', 'GET', STATUS, { id: 'no-such-upload' })).status).toBe(404);
  });

  it('confirms a READY upload: 202 while it is applied, the same on a second request, 200 once applied', async () => {
    const id = await newUpload(draft);
    await markReady(id);
    // Strangers first: as if it did not exist, and nothing changes.
    expect((await call('stranger', 'POST', CONFIRM, { id })).status).toBe(404);
    expect((await call('anonymous', 'POST', CONFIRM, { id })).status).toBe(401);
    expect((await owner.groundTruthUpload.findUniqueOrThrow({ where: { id } })).status).toBe(
      'READY',
    );
    expect(await owner.outbox.count({ where: { jobId: `gt-apply-${id}` } })).toBe(0);

    const first = await call('curator', 'POST', CONFIRM, { id });
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({
      upload: { id, status: 'APPLYING' },
      statusUrl: `/api/v1/curation/ground-truth-uploads/${id}`,
    });
    const again = await call('curator', 'POST', CONFIRM, { id });
    expect(again.status).toBe(202);
    expect(await owner.outbox.count({ where: { jobId: `gt-apply-${id}` } })).toBe(1);
    expect(
      await owner.auditLog.count({
        where: { action: 'ground-truth.confirm', details: { path: ['uploadId'], equals: id } },
      }),
    ).toBe(1);

    const { applyGroundTruthUpload } = await import('@medrank/curation');
    await applyGroundTruthUpload(workerDb, id, {
      cases: [
        { caseId: 'c1', truth: { label: 'benign' }, metadata: {} },
        { caseId: 'c2', truth: { label: 'malignant' }, metadata: {} },
      ],
      categoryDimensions: [],
    });
    const applied = await call('curator', 'POST', CONFIRM, { id });
    expect(applied.status).toBe(200);
    expect(applied.json.upload).toMatchObject({ status: 'APPLIED', appliedVersion: 1 });
  });

  it('refuses to confirm a rejected file (409 with its issues), one still validating and an unknown id', async () => {
    const rejected = await newUpload(draft);
    const issues = [
      {
        line: 3,
        caseId: 'c2',
        message: 'line 3: case "c2" appears more than once (lines 2 and 3)',
      },
    ];
    await groundTruthUploads.recordValidation(workerDb, rejected, {
      ok: false,
      error: { message: 'truth.csv: 1 problem; nothing was saved', issues, issueCount: 1 },
    });
    const refused = await call('curator', 'POST', CONFIRM, { id: rejected });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({
      code: 'CONFLICT',
      message: expect.stringContaining('the file was rejected'),
      issues: { fileName: 'truth.csv', issues, issueCount: 1 },
    });
    const validating = await newUpload(draft);
    expect((await call('curator', 'POST', CONFIRM, { id: validating })).status).toBe(409);
    expect((await call('curator', 'POST', CONFIRM, { id: 'no-such-upload' })).status).toBe(404);
    for (const [id, status] of [
      [rejected, 'INVALID'],
      [validating, 'VALIDATING'],
    ] as const) {
      expect((await owner.groundTruthUpload.findUniqueOrThrow({ where: { id } })).status).toBe(
        status,
      );
      expect(await owner.outbox.count({ where: { jobId: `gt-apply-${id}` } })).toBe(0);
    }
  });
});

describe('DELETE /api/v1/curation/benchmarks/{slug}', () => {
  it('refuses a published benchmark (409 for its curators, 403 for others) and strangers of a draft (404), deleting nothing', async () => {
    const files = await blobFiles();
    expect(
      (await call('curator', 'DELETE', BENCHMARK, { slug: published })).json.error.message,
    ).toMatch(/is published and cannot be deleted/);
    expect((await call('admin', 'DELETE', BENCHMARK, { slug: published })).status).toBe(409);
    expect((await call('stranger', 'DELETE', BENCHMARK, { slug: published })).status).toBe(403);
    expect((await call('stranger', 'DELETE', BENCHMARK, { slug: draft })).status).toBe(404);
    expect((await call('anonymous', 'DELETE', BENCHMARK, { slug: draft })).status).toBe(401);
    expect((await call('curator', 'DELETE', BENCHMARK, { slug: 'no-such-benchmark' })).status).toBe(
      404,
    );
    expect(await owner.benchmark.count({ where: { slug: { in: [draft, published] } } })).toBe(2);
    expect(await blobFiles()).toEqual(files);
  });

  it('deletes a draft with its hidden truth and uploaded files (200, what went), then answers 404', async () => {
    const testSet = await owner.testSet.findFirstOrThrow({
      where: { track: { benchmark: { slug: draft } } },
    });
    expect(await owner.groundTruth.count({ where: { testSetId: testSet.id } })).toBe(2);
    const uploads = await uploadsOf(draft);
    expect((await blobFiles()).length).toBeGreaterThanOrEqual(uploads);

    const { status, json } = await call('curator', 'DELETE', BENCHMARK, { slug: draft });
    expect(status).toBe(200);
    expect(json.deleted).toEqual({
      slug: draft,
      tracks: 1,
      testSets: 1,
      testSetsWithGroundTruth: 1,
      groundTruthUploads: uploads,
      reportedEntries: 0,
      phases: 0,
      filesRemoved: uploads,
      filesLeft: 0,
    });
    expect(await owner.benchmark.count({ where: { slug: draft } })).toBe(0);
    expect(await owner.groundTruth.count({ where: { testSetId: testSet.id } })).toBe(0);
    expect(await owner.groundTruthUpload.count({ where: { testSetId: testSet.id } })).toBe(0);
    // The uploads of the deleted draft were the only files with a row; nothing of theirs is left.
    expect(await blobFiles()).toEqual([]);
    expect((await call('curator', 'DELETE', BENCHMARK, { slug: draft })).status).toBe(404);
  });
});
