// Registering an endpoint (POST /api/v1/benchmarks/{slug}/submissions with endpointUrl instead
// of a file), over HTTP on the route test server: what a participant gets wrong is refused with a
// precise 400 and leaves nothing behind (no submission, no blob); a registration the site allows
// stores the URL, the model name and the API key sealed (never in clear: not in the database, the
// blob, the response or the logs). The test platform allows 127.0.0.1/localhost, as a site's
// admins would allow their own hosts (tools/testing/test-platform.ts).
import { randomUUID } from 'node:crypto';
import { readdir, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { apiTokens, createDatabase } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../../tools/testing/test-platform';
import { operationFor, validateApiResponse } from '../../testing/api-response-validator';

const owner = createDatabase(testDatabaseUrls().ADMIN_DATABASE_URL, { maxConnections: 2 });
const slug = `endpoint-registration-${randomUUID().slice(0, 8)}`;
const API_KEY = 'sk-registration-secret-abcd1234';
let platform: TestPlatform;
let dataDir: string;
let userId = '';
let token = '';

const definitionYaml = `slug: ${slug}
title: Endpoint registration
summary: Tracks with and without an endpoint contract, and tracks that take runs only.
description: Seeded by endpoint-registration.int.test.ts.
license: CC0 1.0
tracks:
  - slug: calls
    name: Calls endpoints
    taskType: open-vqa
    taskConfig:
      endpoint:
        prompt: "{question}"
    metrics: [vqa_exact_match]
    primaryMetric: vqa_exact_match
    testSets:
      - slug: test
        name: Test
        visibility: public
  - slug: files
    name: Files only
    taskType: open-vqa
    taskConfig: {}
    metrics: [vqa_exact_match]
    primaryMetric: vqa_exact_match
    testSets:
      - slug: test
        name: Test
        visibility: public
  - slug: calls-only
    name: Endpoints only
    taskType: open-vqa
    taskConfig:
      endpoint:
        prompt: "{question}"
        exclusive: true
    metrics: [vqa_exact_match]
    primaryMetric: vqa_exact_match
    testSets:
      - slug: test
        name: Test
        visibility: public
  - slug: models-only
    name: Models only
    taskType: classification
    taskConfig:
      classes: [negative, positive]
      model:
        input: { name: x, shape: [N, 1, 28, 28] }
        output: { name: probability, values: probabilities }
        exclusive: true
    metrics: [accuracy]
    primaryMetric: accuracy
    testSets:
      - slug: test
        name: Test
        visibility: public
phases:
  - name: Open
    opensAt: 2024-01-01T00:00:00Z
    dailyQuota: 50
`;

async function submit(fields: Record<string, string>, file?: { name: string; body: string }) {
  const form = new FormData();
  form.append('methodName', 'Registration test');
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file) form.append('file', new Blob([file.body]), file.name);
  const response = await fetch(new URL(`/api/v1/benchmarks/${slug}/submissions`, platform.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await validateApiResponse(
    operationFor('POST', '/api/v1/benchmarks/{slug}/submissions'),
    response,
  )) as { submission?: { id: string }; error?: { message: string } };
  return { status: response.status, body, text: JSON.stringify(body) };
}

const submissionCount = () => owner.submission.count({ where: { track: { benchmark: { slug } } } });

async function blobFiles(): Promise<string[]> {
  const dir = path.join(platform.blobRoot, 'submissions');
  return readdir(dir, { recursive: true }).catch(() => [] as string[]);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'medrank-endpoint-registration-'));
  const dir = path.join(dataDir, 'catalog', slug);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'benchmark.yaml'), definitionYaml);
  for (const track of ['calls', 'files', 'calls-only'])
    await writeFile(
      path.join(dir, `ground-truth.${track}.test.jsonl`),
      `${JSON.stringify({ id: 'q1', answer: 'left' })}\n`,
    );
  await writeFile(
    path.join(dir, 'ground-truth.models-only.test.csv'),
    'case_id,label\n1,positive\n',
  );
  const { seedCatalog } = await import('@medrank/curation/seed');
  const [seeded] = await seedCatalog(owner, { dataDir });
  expect(seeded).toMatchObject({ slug, published: true });
  const user = await createUserWithTeam(owner);
  userId = user.userId;
  token = (await apiTokens.create(owner, userId, 'test')).token;
  platform = await startTestPlatform({ label: 'endpoint-registration', worker: false });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await owner.benchmark.deleteMany({ where: { slug } });
  await owner.auditLog.deleteMany({ where: { actorId: userId } });
  await owner.user.deleteMany({ where: { id: userId } });
  await owner.$disconnect();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('registering an endpoint', () => {
  it.each([
    [
      'a track without an endpoint contract',
      { track: 'files', endpointUrl: 'http://127.0.0.1:9/v1', endpointModel: 'm' },
      /track "files" does not take endpoint submissions .*declares no `endpoint` contract/,
    ],
    [
      'a host the site does not allow',
      { track: 'calls', endpointUrl: 'https://api.example.org/v1', endpointModel: 'm' },
      /api\.example\.org/,
    ],
    [
      'an address in a private range, given as a literal',
      { track: 'calls', endpointUrl: 'http://10.0.0.5/v1', endpointModel: 'm' },
      /10\.0\.0\.5/,
    ],
    [
      'a URL that is not one',
      { track: 'calls', endpointUrl: 'not a url', endpointModel: 'm' },
      /not a url|URL/,
    ],
    ['no model name', { track: 'calls', endpointUrl: 'http://127.0.0.1:9/v1' }, /endpointModel/],
    ['a model name without a URL', { track: 'calls', endpointModel: 'm' }, /endpointUrl/],
  ])('refuses %s with a precise 400, storing nothing', async (_, fields, message) => {
    const before = await blobFiles();
    const { status, body, text } = await submit(fields);
    expect(status, text).toBe(400);
    expect(body.error?.message).toMatch(message);
    expect(await submissionCount()).toBe(0);
    expect(await blobFiles()).toEqual(before);
  });

  it('refuses a file and an endpoint together, and an .onnx model on a track without a model contract', async () => {
    const both = await submit(
      { track: 'calls', endpointUrl: 'http://127.0.0.1:9/v1', endpointModel: 'm' },
      { name: 'p.csv', body: 'case_id,answer\nq1,left\n' },
    );
    expect(both.status).toBe(400);
    expect(both.body.error?.message).toMatch(/either a file or an endpoint, not both/);
    const model = await submit({ track: 'files' }, { name: 'model.onnx', body: 'not a model' });
    expect(model.status).toBe(400);
    expect(model.body.error?.message).toMatch(
      /track "files" takes prediction files, not models .*model\.onnx is an ONNX model/,
    );
    expect(await submissionCount()).toBe(0);
  });

  it('refuses a predictions file on a track whose endpoint or model contract is exclusive, and an endpoint on a models-only track, storing nothing', async () => {
    const before = await blobFiles();
    const onEndpoints = await submit(
      { track: 'calls-only' },
      { name: 'answers.csv', body: 'case_id,answer\nq1,left\n' },
    );
    expect(onEndpoints.status, onEndpoints.text).toBe(400);
    expect(onEndpoints.body.error?.message).toMatch(
      /track "calls-only" takes endpoints only, not prediction files \(its `endpoint` contract says exclusive: true\): register an endpoint .* instead of uploading answers\.csv/,
    );
    const onModels = await submit(
      { track: 'models-only' },
      { name: 'p.csv', body: 'case_id,p_negative,p_positive\n1,0.2,0.8\n' },
    );
    expect(onModels.status, onModels.text).toBe(400);
    expect(onModels.body.error?.message).toMatch(
      /track "models-only" takes ONNX models only, not prediction files \(its `model` contract says exclusive: true\): upload a \.onnx model instead of p\.csv/,
    );
    const endpointOnModels = await submit({
      track: 'models-only',
      endpointUrl: 'http://127.0.0.1:9/v1',
      endpointModel: 'm',
    });
    expect(endpointOnModels.status).toBe(400);
    expect(endpointOnModels.body.error?.message).toMatch(
      /track "models-only" does not take endpoint submissions .*: upload an ONNX model \(\.onnx\)/,
    );
    expect(await submissionCount()).toBe(0);
    expect(await blobFiles()).toEqual(before);
  });

  it('stores an allowed endpoint with its key sealed: never in clear in the database, the blob or the answer', async () => {
    const { status, body, text } = await submit({
      track: 'calls',
      endpointUrl: 'http://localhost:9/v1',
      endpointModel: 'my-vlm',
      endpointApiKey: API_KEY,
    });
    expect(status, text).toBe(201);
    expect(text).not.toContain(API_KEY);
    const stored = await owner.submission.findUniqueOrThrow({
      where: { id: body.submission!.id },
      include: { endpoint: true },
    });
    expect(stored.kind).toBe('ENDPOINT');
    expect(stored.status).toBe('QUEUED');
    // An API base is stored as the chat-completions URL the workers will call.
    expect(stored.endpoint).toMatchObject({
      url: 'http://localhost:9/v1/chat/completions',
      modelName: 'my-vlm',
      apiKeyHint: '…1234',
    });
    const sealed = Buffer.from(stored.endpoint!.sealedApiKey!);
    expect(sealed.length).toBeGreaterThan(API_KEY.length);
    expect(sealed.includes(Buffer.from(API_KEY))).toBe(false);
    const blob = await readFile(path.join(platform.blobRoot, stored.blobKey), 'utf8');
    expect(JSON.parse(blob)).toEqual({
      url: 'http://localhost:9/v1/chat/completions',
      model: 'my-vlm',
    });
    expect(platform.output()).not.toContain(API_KEY);
  });

  it('takes an endpoint on a track whose endpoint contract is exclusive', async () => {
    const { status, text } = await submit({
      track: 'calls-only',
      endpointUrl: 'http://127.0.0.1:9/v1',
      endpointModel: 'my-vlm',
    });
    expect(status, text).toBe(201);
  });
});
