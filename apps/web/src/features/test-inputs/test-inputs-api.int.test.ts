// Test inputs over HTTP: a curator uploads a zip with its manifest, the real worker validates it
// against the test set's cases, the curator confirms it, and anyone downloads the public inputs as
// a stream whose entries are the uploaded files and manifest; hidden inputs are refused to a
// participant and a visitor with the same 404 as a test set without inputs. Route handlers on the
// route test server, a compiled worker, the test database's roles. Every response is checked
// against the route's contract.
import { randomUUID } from 'node:crypto';
import { apiTokens, createDatabase } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { encodeZip, IssueCollector, readZipEntries } from '@medrank/formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../../tools/testing/test-platform';
import { operationFor, validateApiResponse } from '../../testing/api-response-validator';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });

let platform: TestPlatform;
const userIds: string[] = [];
const tokens = { curator: '', participant: '' };
const slug = `inputs-${randomUUID().slice(0, 8)}`;
type Who = keyof typeof tokens | 'anonymous';

const UPLOAD = '/api/v1/curation/benchmarks/{slug}/inputs';
const STATUS = '/api/v1/curation/test-inputs-uploads/{id}';
const CONFIRM = '/api/v1/curation/test-inputs-uploads/{id}/confirm';
const DOWNLOAD = '/api/v1/benchmarks/{slug}/inputs';

interface Body {
  upload: {
    id: string;
    status: string;
    preview: Record<string, unknown> | null;
    error: { issues: { line?: number; caseId?: string; message: string }[] } | null;
  };
  error: { code: string; message: string };
}

function urlOf(template: string, params: Record<string, string>, query = '') {
  const path = template.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n]!));
  return new URL(path + query, platform.url);
}

async function call(
  who: Who,
  method: 'GET' | 'POST',
  template: string,
  params: Record<string, string>,
  body?: FormData,
) {
  const response = await fetch(urlOf(template, params), {
    method,
    headers: who === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[who]}` },
    ...(body ? { body } : {}),
  });
  const json = (await validateApiResponse(operationFor(method, template), response)) as Body;
  return { status: response.status, json };
}

function inputsForm(testSet: string, zip: Buffer) {
  const form = new FormData();
  form.append('track', 'main');
  form.append('testSet', testSet);
  form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'inputs.zip');
  return form;
}

const image = (n: number) => Buffer.from(`fake image ${n} `.repeat(50 + n));
const GOOD_MANIFEST =
  'case_id,file,question,options\n' +
  'c1,images/1.png,Is there a lesion?,yes|no\n' +
  'c2,images/1.png,Which side?,left|right\n' +
  'c3,images/2.png,Is this a CT?,yes|no\n';
const goodZip = () =>
  encodeZip([
    { name: 'manifest.csv', data: Buffer.from(GOOD_MANIFEST) },
    { name: 'images/1.png', data: image(1) },
    { name: 'images/2.png', data: image(2) },
  ]);

/** Uploads as the curator and waits for the worker's verdict. */
async function uploadAndValidate(testSet: string, zip: Buffer) {
  const created = await call('curator', 'POST', UPLOAD, { slug }, inputsForm(testSet, zip));
  expect(created.status).toBe(201);
  expect(created.json.upload.status).toBe('VALIDATING');
  const id = created.json.upload.id;
  for (let i = 0; i < 120; i++) {
    const { json } = await call('curator', 'GET', STATUS, { id });
    if (json.upload.status !== 'VALIDATING') return json.upload;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`upload ${id} was not validated in time\n${platform.output()}`);
}

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'test-inputs' });
  const { createBenchmark } = await import('@medrank/curation');
  for (const who of ['curator', 'participant'] as const) {
    const u = await createUserWithTeam(owner);
    userIds.push(u.userId);
    if (who === 'curator')
      await owner.user.update({ where: { id: u.userId }, data: { role: 'curator' } });
    tokens[who] = (await apiTokens.create(owner, u.userId, 'test')).token;
  }
  const curator = { userId: userIds[0]!, role: 'curator' as const };
  await createBenchmark(owner, curator, {
    slug,
    title: 'Test inputs',
    summary: 'Routes under test.',
    tracks: [
      {
        slug: 'main',
        name: 'Main',
        taskType: 'classification',
        taskConfig: { classes: ['yes', 'no'] },
        metrics: ['accuracy'],
        primaryMetric: 'accuracy',
        testSets: [
          { slug: 'open', name: 'Open', inputs: 'public' },
          { slug: 'sealed', name: 'Sealed', inputs: 'hidden' },
        ],
      },
    ],
    phases: [{ name: 'Main', opensAt: '2025-01-01T00:00:00Z' }],
  });
  // The cases a ground-truth upload would have stored (public ids; the truth is not needed here).
  const sets = await owner.testSet.findMany({ where: { track: { benchmark: { slug } } } });
  for (const set of sets)
    await owner.case.createMany({
      data: ['c1', 'c2', 'c3'].map((caseId) => ({ testSetId: set.id, caseId })),
    });
  // Published as the catalog is, without ground truth: these tests are about the inputs.
  await owner.benchmark.update({ where: { slug }, data: { status: 'PUBLISHED' } });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await owner.benchmark.deleteMany({ where: { slug } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await owner.$disconnect();
});

describe('test inputs: upload → validate → confirm → download', () => {
  it('rejects a zip whose manifest misses a case, names an unknown one, a missing file and a traversal', async () => {
    const zip = encodeZip([
      {
        name: 'manifest.csv',
        data: Buffer.from(
          'case_id,file\nc1,images/1.png\nc9,images/1.png\nc2,images/none.png\nc3,../x.png\n',
        ),
      },
      { name: 'images/1.png', data: image(1) },
      { name: 'extra.txt', data: Buffer.from('stray') },
    ]);
    const upload = await uploadAndValidate('open', zip);
    expect(upload.status).toBe('INVALID');
    const issues = upload.error!.issues;
    expect(issues).toEqual([
      expect.objectContaining({
        line: 5,
        caseId: 'c3',
        message: expect.stringContaining('path traversal'),
      }),
    ]);
    // Path problems stop before the cross-checks; fixed, the other problems show.
    const second = await uploadAndValidate(
      'open',
      encodeZip([
        {
          name: 'manifest.csv',
          data: Buffer.from('case_id,file\nc1,images/1.png\nc9,images/1.png\nc2,images/none.png\n'),
        },
        { name: 'images/1.png', data: image(1) },
        { name: 'extra.txt', data: Buffer.from('stray') },
      ]),
    );
    expect(second.status).toBe('INVALID');
    expect(second.error!.issues.map((i) => [i.line, i.caseId])).toEqual([
      [3, 'c9'],
      [4, 'c2'],
      [undefined, 'c3'],
      [undefined, undefined],
    ]);
    expect(second.error!.issues[3]!.message).toContain('"extra.txt" is in the zip');
    const confirm = await call('curator', 'POST', CONFIRM, { id: second.id });
    expect(confirm.status).toBe(409);
  });

  it('streams the confirmed public inputs as the uploaded zip; its entries are the files and the manifest', async () => {
    const zip = goodZip();
    const upload = await uploadAndValidate('open', zip);
    expect(upload).toMatchObject({
      status: 'READY',
      preview: {
        caseCount: 3,
        fileCount: 2,
        inputBytes: image(1).length + image(2).length,
        manifestName: 'manifest.csv',
        manifestColumns: ['case_id', 'file', 'question', 'options'],
      },
    });
    // Not downloadable before confirmation.
    expect((await call('anonymous', 'GET', DOWNLOAD, { slug }, undefined)).status).toBe(400);
    const before = await fetch(urlOf(DOWNLOAD, { slug }, '?track=main&testSet=open'));
    expect(before.status).toBe(404);
    await before.body?.cancel();

    const confirmed = await call('curator', 'POST', CONFIRM, { id: upload.id });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.upload.status).toBe('APPLIED');

    for (const who of ['anonymous', 'participant'] as const) {
      const response = await fetch(urlOf(DOWNLOAD, { slug }, '?track=main&testSet=open'), {
        headers: who === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[who]}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="${slug}-main-open-inputs.zip"`,
      );
      expect(Number(response.headers.get('content-length'))).toBe(zip.length);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(zip)).toBe(true);
      const entries: Record<string, string> = {};
      for await (const e of readZipEntries(body, { issues: new IssueCollector(10) }))
        entries[e.name] = e.bytes.toString();
      expect(entries).toEqual({
        'manifest.csv': GOOD_MANIFEST,
        'images/1.png': image(1).toString(),
        'images/2.png': image(2).toString(),
      });
    }
    // testSet may be left out when the track has one test set with public inputs.
    const byTrack = await fetch(urlOf(DOWNLOAD, { slug }, '?track=main'));
    expect(byTrack.status).toBe(200);
    await byTrack.body?.cancel();
  });

  it('never serves hidden inputs: participant and visitor get the 404 of a test set without inputs', async () => {
    const upload = await uploadAndValidate('sealed', goodZip());
    expect(upload.status).toBe('READY');
    expect((await call('curator', 'POST', CONFIRM, { id: upload.id })).status).toBe(200);
    const refusals = [];
    for (const who of ['anonymous', 'participant', 'curator'] as const) {
      const response = await fetch(urlOf(DOWNLOAD, { slug }, '?track=main&testSet=sealed'), {
        headers: who === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[who]}` },
      });
      refusals.push({
        status: response.status,
        body: (await validateApiResponse(operationFor('GET', DOWNLOAD), response)) as Body,
      });
    }
    const none = await fetch(urlOf(DOWNLOAD, { slug }, '?track=main&testSet=no-such-set'));
    const noneBody = (await validateApiResponse(operationFor('GET', DOWNLOAD), none)) as Body;
    for (const refusal of refusals) {
      expect(refusal.status).toBe(404);
      expect(refusal.body.error.code).toBe(noneBody.error.code);
      // Nothing names the blob or its key.
      expect(JSON.stringify(refusal.body)).not.toMatch(/test-inputs\/|blob|\.zip/);
    }
    // The curator's own view of the upload names no blob key either.
    const status = await call('curator', 'GET', STATUS, { id: upload.id });
    const stored = await owner.testInputsUpload.findUniqueOrThrow({ where: { id: upload.id } });
    expect(JSON.stringify(status.json)).not.toContain(stored.blobKey);
    // Switching the definition to public publishes them; to hidden again withdraws them at once.
    await owner.testSet.updateMany({
      where: { slug: 'sealed', track: { benchmark: { slug } } },
      data: { inputs: 'PUBLIC' },
    });
    const published = await fetch(urlOf(DOWNLOAD, { slug }, '?track=main&testSet=sealed'));
    expect(published.status).toBe(200);
    await published.body?.cancel();
    await owner.testSet.updateMany({
      where: { slug: 'sealed', track: { benchmark: { slug } } },
      data: { inputs: 'HIDDEN' },
    });
    const withdrawn = await fetch(urlOf(DOWNLOAD, { slug }, '?track=main&testSet=sealed'));
    expect(withdrawn.status).toBe(404);
    await withdrawn.body?.cancel();
  });

  it('hides uploads from anyone who does not curate the benchmark', async () => {
    const upload = await owner.testInputsUpload.findFirstOrThrow({
      where: { testSet: { track: { benchmark: { slug } } } },
    });
    expect((await call('participant', 'GET', STATUS, { id: upload.id })).status).toBe(404);
    expect((await call('participant', 'POST', CONFIRM, { id: upload.id })).status).toBe(404);
    expect((await call('anonymous', 'GET', STATUS, { id: upload.id })).status).toBe(401);
  });
});
