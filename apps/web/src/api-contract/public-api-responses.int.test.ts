// Every public GET route of /api/v1 answers what its contract (api-contract/*.ts, the source of
// the OpenAPI document) says, on real data: a benchmark seeded by the catalog seed
// (@medrank/curation/seed) from a catalog folder written here, two entries submitted over the API
// and scored by the compiled worker, published results of the seed's reported.csv. Each
// response, success or documented error, goes through validateApiResponse (status, content
// type, body schema, no undocumented field), whose failure names the operation, the status and
// the path. The route handlers run on the route test server (no Next build).
import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { apiTokens, createDatabase } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestPlatform, type TestPlatform } from '../../../../tools/testing/test-platform';
import { operationFor, validateApiResponse } from '../testing/api-response-validator';
import { getBoard } from './boards';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });

const slug = `api-public-${randomUUID().slice(0, 8)}`;
let platform: TestPlatform;
let dataDir: string;
const userIds: string[] = [];
const tokens = { alice: '', bob: '', curator: '', stranger: '' };
type Who = keyof typeof tokens | 'anonymous';
const entries = { alice: '', bob: '' };

// 40 open questions in two sites of 20 (the benchmark's minimum cell size), so a subset of one
// site is a union of whole cells.
const cases = Array.from({ length: 40 }, (_, i) => ({
  id: `q${String(i + 1).padStart(2, '0')}`,
  answer: i % 2 ? 'left lung' : 'right lung',
  site: i < 20 ? 'A' : 'B',
}));

const definitionYaml = `slug: ${slug}
title: Public API responses
summary: Every public route against its contract.
description: Seeded by public-api-responses.int.test.ts.
license: CC0 1.0
minCategorySize: 20
tracks:
  - slug: open
    name: Open questions
    taskType: open-vqa
    taskConfig: {}
    metrics: [vqa_exact_match, vqa_token_f1]
    primaryMetric: vqa_exact_match
    testSets:
      - slug: test
        name: Test
        visibility: public
        categoryDimensions: [site]
  - slug: reports
    name: Reports
    taskType: report-generation
    taskConfig:
      sections: [findings]
    metrics: [bleu4_corpus]
    primaryMetric: bleu4_corpus
    testSets:
      - slug: test
        name: Test
        visibility: public
  - slug: published
    name: Published results only
    taskType: report-generation
    taskConfig:
      sections: [findings]
    metrics: []
    primaryMetric: bleu
    reportedMetrics:
      - key: bleu
        label: BLEU
        higherIsBetter: true
        decimals: 3
    testSets:
      - slug: test
        name: Test
        visibility: public
phases:
  - name: Open
    opensAt: 2024-01-01T00:00:00Z
    dailyQuota: 10
`;

const REPORTED_HEADER =
  'model,institution,date,test_set,section,metric,value,source_link,track,dimension,category,model_url,model_group,parameters,open_weights,baseline';
const reportedCsv = [
  REPORTED_HEADER,
  'Paper model,Some lab,2024,test,,vqa_exact_match,0.612,https://example.org/paper,open,,,,,,,',
  'Report model,Some lab,2024,test,findings,bleu,0.123,https://example.org/paper,published,,,,,,,',
].join('\n');

async function writeCatalog() {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'medrank-public-api-'));
  const dir = path.join(dataDir, 'catalog', slug);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'benchmark.yaml'), definitionYaml);
  await writeFile(
    path.join(dir, 'ground-truth.open.test.jsonl'),
    cases
      .map((c) => JSON.stringify({ id: c.id, answer: c.answer, categories: { site: c.site } }))
      .join('\n') + '\n',
  );
  await writeFile(
    path.join(dir, 'ground-truth.reports.test.jsonl'),
    ['s1', 's2', 's3']
      .map((id) => JSON.stringify({ id, findings: `No focal consolidation in study ${id}.` }))
      .join('\n') + '\n',
  );
  await writeFile(path.join(dir, 'reported.csv'), `${reportedCsv}\n`);
}

interface Called {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * Calls `template` as `who` and validates the response against the contract of method +
 * template; the validator's error names the operation, the status and the issue path.
 */
async function call(
  who: Who,
  method: 'GET' | 'POST',
  template: string,
  {
    params = { slug },
    query = {},
    headers = {},
    body,
  }: {
    params?: Record<string, string>;
    query?: Record<string, string | string[]>;
    headers?: Record<string, string>;
    body?: FormData;
  } = {},
): Promise<Called> {
  const url = new URL(
    template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!)),
    platform.url,
  );
  for (const [key, value] of Object.entries(query))
    for (const v of [value].flat()) url.searchParams.append(key, v);
  const response = await fetch(url, {
    method,
    headers: {
      ...headers,
      ...(who === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[who]}` }),
    },
    ...(body ? { body } : {}),
  });
  const validated = await validateApiResponse(operationFor(method, template), response);
  return { status: response.status, body: validated, headers: response.headers };
}

const get = (who: Who, template: string, options?: Parameters<typeof call>[3]) =>
  call(who, 'GET', template, options);

/** The error code and message of a validated error body. */
const errorOf = (called: Called) =>
  (called.body as { error: { code: string; message: string } }).error;

const LIST = '/api/v1/benchmarks';
const BENCHMARK = '/api/v1/benchmarks/{slug}';
const BOARD = '/api/v1/benchmarks/{slug}/board';
const HISTORY = '/api/v1/benchmarks/{slug}/history';
const BADGE = '/api/v1/benchmarks/{slug}/badge';
const COMPARE = '/api/v1/benchmarks/{slug}/compare';
const SUBSET = '/api/v1/benchmarks/{slug}/subset';
const TEMPLATE = '/api/v1/benchmarks/{slug}/template';
const PARTICIPATION = '/api/v1/benchmarks/{slug}/participation';
const SUBMIT = '/api/v1/benchmarks/{slug}/submissions';
const SUBMISSION = '/api/v1/submissions/{id}';
const OPENAPI = '/api/v1/openapi.json';
const CASES = '/api/v1/curation/benchmarks/{slug}/entries/{submissionId}/cases';

const submissionSchema = z.object({
  submission: z.object({ id: z.string(), status: z.string(), error: z.unknown() }),
});

async function submit(who: 'alice' | 'bob', wrongEvery: number): Promise<string> {
  const csv = [
    'case_id,answer',
    ...cases.map((c, i) => `${c.id},${i % wrongEvery === 0 ? 'heart' : c.answer}`),
  ].join('\n');
  const form = new FormData();
  form.append('methodName', `Method of ${who}`);
  form.append('track', 'open');
  form.append('file', new Blob([`${csv}\n`], { type: 'text/csv' }), 'predictions.csv');
  const created = await call(who, 'POST', SUBMIT, { body: form });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return submissionSchema.parse(created.body).submission.id;
}

/** Polls the submission (through the validated route) until the worker has scored it. */
async function scored(who: 'alice' | 'bob', id: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { body } = await get(who, SUBMISSION, { params: { id } });
    const { submission } = submissionSchema.parse(body);
    if (submission.status === 'SCORED') return submission;
    if (submission.status === 'FAILED' || Date.now() > deadline)
      throw new Error(
        `submission ${id} is ${submission.status}: ${JSON.stringify(submission.error)}\n${platform.output()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  await writeCatalog();
  const { seedCatalog } = await import('@medrank/curation/seed');
  const [seeded] = await seedCatalog(owner, { dataDir });
  expect(seeded).toMatchObject({ slug, published: true });
  const benchmark = await owner.benchmark.findUniqueOrThrow({ where: { slug } });
  for (const who of Object.keys(tokens) as (keyof typeof tokens)[]) {
    const user = await createUserWithTeam(owner);
    userIds.push(user.userId);
    tokens[who] = (await apiTokens.create(owner, user.userId, 'test')).token;
    if (who === 'curator')
      await owner.benchmarkCurator.create({
        data: { benchmarkId: benchmark.id, userId: user.userId },
      });
  }
  platform = await startTestPlatform({ label: 'public-api' });
  entries.alice = await submit('alice', 4);
  entries.bob = await submit('bob', 3);
  await scored('alice', entries.alice);
  await scored('bob', entries.bob);
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await owner.benchmark.deleteMany({ where: { slug } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await owner.$disconnect();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('catalog', () => {
  it('lists the benchmark, shows it, and answers 404 for an unknown slug', async () => {
    const list = await get('anonymous', LIST, { params: {} });
    expect(list.status).toBe(200);
    expect((list.body as { benchmarks: { slug: string }[] }).benchmarks).toContainEqual(
      expect.objectContaining({ slug }),
    );
    const one = await get('anonymous', BENCHMARK);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      benchmark: { slug, tracks: [{ slug: 'open' }, { slug: 'reports' }, { slug: 'published' }] },
    });
    expect(
      (await get('anonymous', BENCHMARK, { params: { slug: 'no-such-benchmark' } })).status,
    ).toBe(404);
  });

  it('serves the OpenAPI document', async () => {
    const document = await get('anonymous', OPENAPI, { params: {} });
    expect(document.status).toBe(200);
    expect(Object.keys((document.body as { paths: object }).paths)).toContain(BOARD);
  });
});

describe('board', () => {
  it('answers JSON with both scored entries and the reported one, as the contract types it', async () => {
    const { status, body, headers } = await get('anonymous', BOARD, { query: { track: 'open' } });
    expect(status).toBe(200);
    // The pre-serialised body parses with the operation's 200 schema (the validator checked the
    // same and that nothing beyond it is there).
    const board = getBoard.responses['200'].content['application/json'].parse(body).board;
    expect(board.entries.map((e) => [e.kind, e.methodName, e.rank])).toEqual([
      ['verified', 'Method of alice', 1],
      ['verified', 'Method of bob', 2],
      // Reported rows are shown but never ranked (docs/boards.md, "Who is ranked").
      ['reported', 'Paper model', null],
    ]);
    expect(board.entries[0]!.scores.vqa_exact_match!.value).toBeCloseTo(0.75, 6);
    expect(board.entries[0]!.scores.vqa_exact_match!.ciLow).not.toBeNull();

    const again = await fetch(
      new URL(`${BOARD.replace('{slug}', slug)}?track=open`, platform.url),
      {
        headers: { 'If-None-Match': headers.get('etag')! },
      },
    );
    expect(again.status).toBe(304);
    await validateApiResponse(getBoard, again);
  });

  it('answers one page, CSV, and the documented 400 and 404', async () => {
    const paged = await get('anonymous', BOARD, {
      query: { track: 'open', page: '2', perPage: '2' },
    });
    expect(paged.body).toMatchObject({
      board: { entries: [{ methodName: 'Paper model' }] },
      page: { page: 2, perPage: 2, pageCount: 2, total: 3 },
    });
    const csv = await get('anonymous', BOARD, { query: { track: 'open', format: 'csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    expect((csv.body as string).split('\n')[0]).toContain('vqa_exact_match');

    const refused = await get('anonymous', BOARD, { query: { track: 'open', dir: 'sideways' } });
    expect([refused.status, errorOf(refused).message]).toEqual([
      400,
      'dir: expected "asc" or "desc", got "sideways"',
    ]);
    const badFormat = await get('anonymous', BOARD, { query: { format: 'xml' } });
    expect(badFormat.status).toBe(400);
    const unknownSort = await get('anonymous', BOARD, {
      query: { track: 'open', sort: 'nonsense' },
    });
    expect([unknownSort.status, errorOf(unknownSort).message]).toEqual([
      400,
      'sort: expected a metric of this board (vqa_exact_match, vqa_token_f1), got "nonsense"',
    ]);
    // A reported metric is one of the board's too.
    const byReported = await get('anonymous', BOARD, {
      query: { track: 'published', sort: 'bleu' },
    });
    expect(byReported.body).toMatchObject({ board: { sort: { metric: 'bleu' } } });
    expect((await get('anonymous', BOARD, { query: { track: 'nope' } })).status).toBe(404);
    expect((await get('anonymous', BOARD, { params: { slug: 'no-such-benchmark' } })).status).toBe(
      404,
    );
  });
});

describe('history and badge', () => {
  it('answers the history, and 400 and 404 as documented', async () => {
    const history = await get('anonymous', HISTORY, { query: { track: 'open' } });
    expect(history.status).toBe(200);
    expect(
      (history.body as { history: { points: { methodName: string }[] } }).history.points.map(
        (p) => p.methodName,
      ),
    ).toEqual(expect.arrayContaining(['Method of alice', 'Method of bob', 'Paper model']));
    expect((await get('anonymous', HISTORY, { query: { metric: '../x' } })).status).toBe(400);
    const unknown = await get('anonymous', HISTORY, { query: { track: 'open', metric: 'dice' } });
    expect([unknown.status, errorOf(unknown).message]).toEqual([
      400,
      'metric: expected a metric of this board, got "dice"',
    ]);
    expect(
      (await get('anonymous', HISTORY, { params: { slug: 'no-such-benchmark' } })).status,
    ).toBe(404);
  });

  it('draws the badge of an entry, and SVG errors with their status', async () => {
    const badge = await get('anonymous', BADGE, { query: { entry: entries.alice, track: 'open' } });
    expect(badge.status).toBe(200);
    expect(badge.body).toMatch(/^<svg[^>]*>[\s\S]*rank 1/);
    expect((await get('anonymous', BADGE, { query: {} })).status).toBe(400);
    expect(
      (
        await get('anonymous', BADGE, {
          params: { slug: 'no-such-benchmark' },
          query: { entry: 'x' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('analysis (account only)', () => {
  it('compares two entries, and refuses as documented', async () => {
    const compared = await get('alice', COMPARE, {
      query: { track: 'open', a: entries.alice, b: entries.bob },
    });
    expect(compared.status).toBe(200);
    expect(compared.body).toMatchObject({
      a: { id: entries.alice },
      b: { id: entries.bob },
      metrics: expect.arrayContaining([expect.objectContaining({ metric: 'vqa_exact_match' })]),
    });
    const same = await get('alice', COMPARE, {
      query: { track: 'open', a: entries.alice, b: entries.alice },
    });
    expect([same.status, errorOf(same).code]).toEqual([400, 'BAD_REQUEST']);
    expect(
      (await get('anonymous', COMPARE, { query: { a: entries.alice, b: entries.bob } })).status,
    ).toBe(401);
    expect(
      (await get('alice', COMPARE, { query: { track: 'open', a: entries.alice, b: 'nope' } }))
        .status,
    ).toBe(404);
  });

  it('recomputes the metrics on a subset, and refuses as documented', async () => {
    const subset = await get('bob', SUBSET, { query: { track: 'open', cat: 'site:A' } });
    expect(subset.status).toBe(200);
    expect(subset.body).toMatchObject({ n: 20, metrics: ['vqa_exact_match', 'vqa_token_f1'] });
    expect((subset.body as { entries: unknown[] }).entries).toHaveLength(2);
    expect((await get('bob', SUBSET, { query: { track: 'open' } })).status).toBe(400);
    expect(
      (await get('bob', SUBSET, { query: { track: 'open', cat: 'organ:Chest' } })).status,
    ).toBe(400);
    expect((await get('anonymous', SUBSET, { query: { cat: 'site:A' } })).status).toBe(401);
    expect(
      (
        await get('bob', SUBSET, {
          params: { slug: 'no-such-benchmark' },
          query: { cat: 'site:A' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('submissions', () => {
  it('shows a submission to its team only', async () => {
    const mine = await get('alice', SUBMISSION, { params: { id: entries.alice } });
    expect(mine.body).toMatchObject({
      submission: { id: entries.alice, status: 'SCORED', track: { slug: 'open' } },
    });
    expect((await get('bob', SUBMISSION, { params: { id: entries.alice } })).status).toBe(403);
    expect((await get('anonymous', SUBMISSION, { params: { id: entries.alice } })).status).toBe(
      401,
    );
    expect((await get('alice', SUBMISSION, { params: { id: 'no-such-submission' } })).status).toBe(
      404,
    );
  });

  it('gives CSV and JSONL templates, and 400 for a published-results-only track', async () => {
    const csv = await get('anonymous', TEMPLATE, { query: { track: 'open' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((csv.body as string).split('\n').slice(0, 2)).toEqual(['case_id,answer', 'q01,']);
    const jsonl = await get('anonymous', TEMPLATE, { query: { track: 'reports' } });
    expect(jsonl.headers.get('content-type')).toMatch(/^application\/jsonl/);
    expect(
      (jsonl.body as string)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { id: 's1', findings: '' },
      { id: 's2', findings: '' },
      { id: 's3', findings: '' },
    ]);
    const reportedOnly = await get('anonymous', TEMPLATE, { query: { track: 'published' } });
    expect([reportedOnly.status, errorOf(reportedOnly).message]).toEqual([
      400,
      expect.stringContaining('lists published results only'),
    ]);
    expect((await get('anonymous', TEMPLATE, { query: { track: 'nope' } })).status).toBe(400);
    expect(
      (await get('anonymous', TEMPLATE, { params: { slug: 'no-such-benchmark' } })).status,
    ).toBe(404);
  });

  it('answers the participation state to an account only', async () => {
    const state = await get('alice', PARTICIPATION);
    expect(state.body).toMatchObject({ phase: null, participation: null, isApproved: true });
    expect((await get('anonymous', PARTICIPATION)).status).toBe(401);
    expect(
      (await get('alice', PARTICIPATION, { params: { slug: 'no-such-benchmark' } })).status,
    ).toBe(404);
  });
});

describe('per-case results of an entry (curators)', () => {
  const at = (submissionId: string) => ({ slug, submissionId });

  it('checks the caller before the query, then parses the query by the contract', async () => {
    const testSet = await owner.testSet.findFirstOrThrow({
      where: { slug: 'test', track: { slug: 'open', benchmark: { slug } } },
    });
    const page = await get('curator', CASES, {
      params: at(entries.alice),
      query: { testSet: testSet.id, sort: 'vqa_exact_match', limit: '5' },
    });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 40, offset: 0, order: 'asc' });
    expect((page.body as { rows: unknown[] }).rows).toHaveLength(5);
    const csv = await get('curator', CASES, {
      params: at(entries.alice),
      query: { testSet: testSet.id, format: 'csv' },
    });
    expect((csv.body as string).trim().split('\n')).toHaveLength(41);

    // A stranger is refused for who they are, whatever the query; a curator's bad query is a 400.
    const queries: Record<string, string>[] = [{ testSet: testSet.id }, { limit: 'lots' }];
    for (const query of queries)
      expect((await get('stranger', CASES, { params: at(entries.alice), query })).status).toBe(403);
    expect((await get('anonymous', CASES, { params: at(entries.alice) })).status).toBe(401);
    const bad = await get('curator', CASES, {
      params: at(entries.alice),
      query: { testSet: testSet.id, limit: '100001' },
    });
    expect([bad.status, errorOf(bad).message]).toEqual([400, expect.stringMatching(/^limit: /)]);
    expect(
      (
        await get('curator', CASES, {
          params: at(entries.alice),
          query: { testSet: testSet.id, format: 'xml' },
        })
      ).status,
    ).toBe(400);
  });
});
