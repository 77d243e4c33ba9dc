// A model or endpoint run's timing on the board and its report on the status API, over HTTP on
// the route test server, with a submission scored by the compiled worker. The worker does not
// write Submission.inference / runReport for prediction files, so the test sets them on the
// scored submission as a model or endpoint run would have (a SCORED submission's update bumps the
// board's stamp, so the board reads it fresh). Every response goes through validateApiResponse.
import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { apiTokens, createDatabase } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../../tools/testing/test-platform';
import { operationFor, validateApiResponse } from '../../testing/api-response-validator';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });

const slug = `board-inference-${randomUUID().slice(0, 8)}`;
let platform: TestPlatform;
let dataDir: string;
const userIds: string[] = [];
const tokens = { alice: '', bob: '', stranger: '' };
type Who = keyof typeof tokens | 'anonymous';
const entries = { alice: '', bob: '' };

const cases = Array.from({ length: 20 }, (_, i) => ({
  id: `q${String(i + 1).padStart(2, '0')}`,
  answer: i % 2 ? 'left lung' : 'right lung',
}));

const definitionYaml = `slug: ${slug}
title: Board inference
summary: A model run's time per case on the board.
description: Seeded by board-inference.int.test.ts.
license: CC0 1.0
tracks:
  - slug: open
    name: Open questions
    taskType: open-vqa
    taskConfig: {}
    metrics: [vqa_exact_match]
    primaryMetric: vqa_exact_match
    testSets:
      - slug: test
        name: Test
        visibility: public
phases:
  - name: Open
    opensAt: 2024-01-01T00:00:00Z
    dailyQuota: 10
`;

// As the worker stores them: full precision, which the board and the status page round.
const STORED_INFERENCE = {
  kind: 'endpoint',
  cases: 20,
  meanMs: 812.345,
  p50Ms: 790.04,
  p95Ms: 1449.96,
  totalMs: 16246.9,
};
const STORED_REPORT = {
  requests: 23,
  retries: 3,
  failureCount: 2,
  failures: [
    { caseId: 'q03', kind: 'timeout', detail: 'no answer within 30000 ms' },
    { caseId: 'q07', kind: 'http', detail: 'HTTP 500: model overloaded' },
  ],
};

async function get(
  who: Who,
  template: string,
  params: Record<string, string>,
  query: Record<string, string> = {},
) {
  const url = new URL(
    template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!)),
    platform.url,
  );
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const response = await fetch(url, {
    headers: who === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[who]}` },
  });
  const isCsv = (response.headers.get('content-type') ?? '').startsWith('text/csv');
  const body = isCsv
    ? await response.text()
    : await validateApiResponse(operationFor('GET', template), response);
  return { status: response.status, body };
}

const BOARD = '/api/v1/benchmarks/{slug}/board';
const SUBMISSION = '/api/v1/submissions/{id}';

async function submit(who: 'alice' | 'bob', wrongEvery: number): Promise<string> {
  const csv = [
    'case_id,answer',
    ...cases.map((c, i) => `${c.id},${i % wrongEvery === 0 ? 'heart' : c.answer}`),
  ].join('\n');
  const form = new FormData();
  form.append('methodName', `Method of ${who}`);
  form.append('track', 'open');
  form.append('file', new Blob([`${csv}\n`], { type: 'text/csv' }), 'predictions.csv');
  const response = await fetch(new URL(`/api/v1/benchmarks/${slug}/submissions`, platform.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens[who]}` },
    body: form,
  });
  const body = (await response.json()) as { submission: { id: string } };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.submission.id;
}

async function scored(who: 'alice' | 'bob', id: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { body } = await get(who, SUBMISSION, { id });
    const { submission } = body as { submission: { status: string; error: unknown } };
    if (submission.status === 'SCORED') return;
    if (submission.status === 'FAILED' || Date.now() > deadline)
      throw new Error(
        `submission ${id} is ${submission.status}: ${JSON.stringify(submission.error)}\n${platform.output()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'medrank-board-inference-'));
  const dir = path.join(dataDir, 'catalog', slug);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'benchmark.yaml'), definitionYaml);
  await writeFile(
    path.join(dir, 'ground-truth.open.test.jsonl'),
    cases.map((c) => JSON.stringify({ id: c.id, answer: c.answer })).join('\n') + '\n',
  );
  const { seedCatalog } = await import('@medrank/curation/seed');
  const [seeded] = await seedCatalog(owner, { dataDir });
  expect(seeded).toMatchObject({ slug, published: true });
  for (const who of Object.keys(tokens) as (keyof typeof tokens)[]) {
    const user = await createUserWithTeam(owner);
    userIds.push(user.userId);
    tokens[who] = (await apiTokens.create(owner, user.userId, 'test')).token;
  }
  platform = await startTestPlatform({ label: 'board-inference' });
  entries.alice = await submit('alice', 4);
  entries.bob = await submit('bob', 3);
  await scored('alice', entries.alice);
  await scored('bob', entries.bob);
  await owner.submission.update({
    where: { id: entries.alice },
    data: { inference: STORED_INFERENCE, runReport: STORED_REPORT },
  });
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await owner.benchmark.deleteMany({ where: { slug } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await owner.$disconnect();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the board API', () => {
  it('gives an entry whose submission has a run its whole-run timing, rounded to 0.1 ms, and null to one without', async () => {
    const { status, body } = await get('anonymous', BOARD, { slug });
    expect(status).toBe(200);
    const board = (
      body as { board: { entries: { id: string; inference: unknown; scores: unknown }[] } }
    ).board;
    const byId = new Map(board.entries.map((e) => [e.id, e]));
    expect(byId.get(entries.alice)?.inference).toEqual({
      kind: 'endpoint',
      meanMs: 812.3,
      p50Ms: 790,
      p95Ms: 1450,
    });
    expect(byId.get(entries.bob)?.inference).toBeNull();
    // Nothing of the run report, the case count or the total reaches the public board.
    expect(JSON.stringify(board)).not.toMatch(/runReport|failures|q03|totalMs|"cases"/);
  });

  it('writes the timing into the CSV export', async () => {
    const { status, body } = await get('anonymous', BOARD, { slug }, { format: 'csv' });
    expect(status).toBe(200);
    const [header, ...rows] = String(body).trimEnd().split('\r\n');
    expect(header).toMatch(
      /,inference_ms_per_case,inference_p50_ms,inference_p95_ms,inference_kind,id$/,
    );
    expect(rows.find((r) => r.endsWith(`,${entries.alice}`))).toMatch(
      new RegExp(`,812\\.3,790,1450,endpoint,${entries.alice}$`),
    );
    expect(rows.find((r) => r.endsWith(`,${entries.bob}`))).toMatch(
      new RegExp(`,,,,,${entries.bob}$`),
    );
  });
});

describe('the submission API', () => {
  it('gives the submitting team the run summary and the run report', async () => {
    const { status, body } = await get('alice', SUBMISSION, { id: entries.alice });
    expect(status).toBe(200);
    expect((body as { submission: unknown }).submission).toMatchObject({
      id: entries.alice,
      inference: {
        kind: 'endpoint',
        cases: 20,
        meanMs: 812.3,
        p50Ms: 790,
        p95Ms: 1450,
        totalMs: 16246.9,
      },
      runReport: STORED_REPORT,
    });
  });

  it('gives a prediction file neither', async () => {
    const { body } = await get('bob', SUBMISSION, { id: entries.bob });
    expect((body as { submission: unknown }).submission).toMatchObject({
      inference: null,
      runReport: null,
    });
  });

  it('gives another user, and an anonymous caller, no submission and so no report', async () => {
    for (const who of ['stranger', 'bob'] as const) {
      const { status, body } = await get(who, SUBMISSION, { id: entries.alice });
      expect(status).toBe(403);
      expect(JSON.stringify(body)).not.toMatch(/runReport|inference|q03|overloaded/);
    }
    const anonymous = await get('anonymous', SUBMISSION, { id: entries.alice });
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/runReport|q03|overloaded/);
  });
});
