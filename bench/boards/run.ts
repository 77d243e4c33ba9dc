/**
 * Board speed (issue 5): fills a database of its own (`medrank_bench`, recreated each run) with a
 * benchmark of 1,000 entries × 10 metrics × 4 test sets (scores, CIs, rank statistics, reported
 * rows) and a board of 30 entries, starts the built web app (its production server) and measures
 * with autocannon at 32 concurrent clients the board page, the board JSON endpoint and static
 * files of the same sizes served by the same server, and at 8 clients the catalog and the 30-row
 * board against their static copies, with the machine's load average. Then times a custom-subset recomputation of 10,000 cases × 50 entries through
 * a real board-queries worker. Prints figures and the issue's targets; exit code 0 unless the
 * bench itself fails.
 *
 *   npm run bench:boards                       # builds the web app first (under the web lock)
 *   npm run bench:boards -- --skip-build       # reuse apps/web/.next
 *   npm run bench:boards -- --duration 15 --json
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { boards, createDatabase, disclosure, rankStats } from '@medrank/db';
import { testDatabaseUrls, testPostgresServer, testRedisUrl } from '@medrank/db/testing';
import {
  BOARD_QUERIES_QUEUE,
  QueueClient,
  askBoardQuery,
  closeBoardQueryEvents,
  createRedisConnection,
  subsetScores,
} from '@medrank/jobs';
import { Worker } from 'bullmq';
import { createBoardQueriesProcessor } from '../../apps/worker/src/runtime.js';
import {
  handleSubsetScores,
  clearBoardQueryCache,
} from '../../apps/worker/src/jobs/board-queries.js';

const { values: options } = parseArgs({
  options: {
    'skip-build': { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    'catalog-connections': { type: 'string', default: '8' },
    port: { type: 'string', default: '3199' },
    json: { type: 'boolean', default: false },
  },
});
const DURATION_S = Number(options.duration);
const CONNECTIONS = Number(options.connections);
/** The catalog's load in issue 12's target ("the catalog … at 8 clients ≤ 2× static"). */
const CATALOG_CONNECTIONS = Number(options['catalog-connections']);
const PORT = Number(options.port);
const DATABASE = 'medrank_bench';
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const SLUG = 'bench-board';
const SUBSET_SLUG = 'bench-subset';
/** Issue 12's small board: "a 30-row board at 8 clients ≤ 2× static". */
const SMALL_SLUG = 'bench-board-30';
const SMALL_ENTRIES = 30;
const ENTRIES = 1_000;
const TEST_SETS = 4;
const METRICS = [
  'roc_auc',
  'accuracy',
  'balanced_accuracy',
  'sensitivity',
  'specificity',
  'f1',
  'average_precision',
  'ece',
  'precision',
  'brier_score',
];
const SUBSET_CASES = 10_000;
const SUBSET_ENTRIES = 50;

const log = (message: string) => process.stderr.write(`[bench:boards] ${message}\n`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

// ───────────────────────── database ─────────────────────────

const urls = testDatabaseUrls(DATABASE);
const admin = new pg.Client({ connectionString: testPostgresServer() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.end();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...urls,
  REDIS_URL: testRedisUrl(),
  QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
  APP_URL: `http://127.0.0.1:${PORT}`,
  BETTER_AUTH_SECRET: randomBytes(32).toString('base64url'),
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  CHECKPOINT_DISABLE: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};
log('migrating medrank_bench');
await run('npx', ['tsx', 'tools/migrate/src/migrate.ts', 'deploy'], env);

const owner = new pg.Client({ connectionString: urls.ADMIN_DATABASE_URL });
await owner.connect();

/**
 * A board of `entries` × 10 metrics × 4 test sets with `reported` reported entries per test set,
 * written with set-based SQL (seconds, not minutes). Its rows' ids start with the benchmark's id.
 */
async function fillBoard({
  id,
  slug,
  entries,
  reported,
}: {
  id: string;
  slug: string;
  entries: number;
  reported: number;
}) {
  const started = performance.now();
  await owner.query('BEGIN');
  await owner.query(
    `INSERT INTO public.benchmarks (id, slug, title, summary, "taskType", status, "updatedAt")
     VALUES ($1, $2, $3, $4, 'classification', 'PUBLISHED', now())`,
    [id, slug, `Bench board of ${entries}`, `${entries} entries × 10 metrics × 4 test sets`],
  );
  await owner.query(
    `INSERT INTO public.tracks (id, "benchmarkId", slug, name, "taskType", "taskConfig", metrics, "primaryMetric", "reportedMetrics")
     VALUES ('${id}-track', '${id}', 'main', 'Main', 'classification', '{"classes":["negative","positive"]}', $1, 'roc_auc', '[]')`,
    [METRICS],
  );
  await owner.query(
    `INSERT INTO public.test_sets (id, "trackId", slug, name, "bootstrapSeed", "caseCount", position, "rankedAt")
     SELECT '${id}-ts-' || s, '${id}-track', 'test-' || s, 'Test ' || s, s, 1000, s, now() FROM generate_series(1, ${TEST_SETS}) s`,
  );
  await owner.query(
    `INSERT INTO public.submissions (id, "teamId", "trackId", "submittedById", "methodName", "modelSlug", "blobKey", "fileName", "fileBytes", sha256, status, "openWeights", "createdAt")
     SELECT '${id}-sub-' || i, 'team-' || (1 + i % 250), '${id}-track', 'bench-user', 'Method ' || i, '${id}-method-' || i,
            '${id}/' || i, 'p.csv', 1, 'x', 'SCORED', i % 3 = 0, now() - (i || ' hours')::interval
       FROM generate_series(1, ${entries}) i`,
  );
  await owner.query(
    `INSERT INTO public.evaluations (id, "submissionId", "testSetId", "evaluatorVersion", "caseCount", "durationMs")
     SELECT '${id}-ev-' || i || '-' || s, '${id}-sub-' || i, '${id}-ts-' || s, 1, 1000, 100
       FROM generate_series(1, ${entries}) i, generate_series(1, ${TEST_SETS}) s`,
  );
  // Scores: a quarter of the values repeat (ties), one entry in 50 misses a metric.
  await owner.query(
    `INSERT INTO public.scores (id, "evaluationId", metric, value, "ciLow", "ciHigh", n)
     SELECT '${id}-sc-' || i || '-' || s || '-' || m.ord, '${id}-ev-' || i || '-' || s, m.metric,
            CASE WHEN (i + m.ord) % 50 = 0 THEN NULL ELSE round((0.5 + 0.5 * ((i * 7919 + m.ord * 104729 + s * 31) % 1000) / 1000.0)::numeric, 3)::float8 END,
            NULL, NULL, 1000
       FROM generate_series(1, ${entries}) i, generate_series(1, ${TEST_SETS}) s,
            unnest($1::text[]) WITH ORDINALITY AS m(metric, ord)`,
    [METRICS],
  );
  await owner.query(
    `UPDATE public.scores SET "ciLow" = value - 0.02, "ciHigh" = value + 0.02
      WHERE value IS NOT NULL AND id LIKE '${id}-sc-%'`,
  );
  await owner.query(
    `INSERT INTO public.rank_stats (id, "testSetId", "evaluationId", "evaluatorVersion", metric, "rankLow", "rankHigh", tier, "pBest", "entryCount")
     SELECT '${id}-rs-' || i || '-' || s || '-' || m.ord, '${id}-ts-' || s, '${id}-ev-' || i || '-' || s, 1, m.metric,
            greatest(1, i - 20), least(${entries}, i + 20), 1 + i / 10, CASE WHEN i < 5 THEN 0.2 ELSE 0 END, ${entries}
       FROM generate_series(1, ${entries}) i, generate_series(1, ${TEST_SETS}) s,
            unnest($1::text[]) WITH ORDINALITY AS m(metric, ord)`,
    [METRICS],
  );
  await owner.query(
    `INSERT INTO public.reported_entries (id, "benchmarkId", "trackId", "testSetId", "modelName", "modelSlug", "reportedDate")
     SELECT '${id}-re-' || r || '-' || s, '${id}', '${id}-track', '${id}-ts-' || s, 'Paper ' || r, 'paper-' || r, (2015 + r % 10)::text
       FROM generate_series(1, ${reported}) r, generate_series(1, ${TEST_SETS}) s`,
  );
  await owner.query(
    `INSERT INTO public.reported_scores (id, "entryId", metric, value)
     SELECT '${id}-rsc-' || r || '-' || s, '${id}-re-' || r || '-' || s, 'roc_auc', 0.6 + r / 100.0
       FROM generate_series(1, ${reported}) r, generate_series(1, ${TEST_SETS}) s`,
  );
  await owner.query(
    `INSERT INTO public.phases (id, "benchmarkId", name, "opensAt") VALUES ('${id}-phase', '${id}', 'Open', now() - interval '1 year')`,
  );
  await owner.query('COMMIT');
  await owner.query('ANALYZE');
  log(`filled ${slug} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A test set of 10,000 cases and 50 entries with stored per-case values (hidden). */
async function fillSubsetBoard() {
  const db = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
  await owner.query(
    `INSERT INTO public.benchmarks (id, slug, title, summary, "taskType", status, "updatedAt")
     VALUES ('bench-subset', $1, 'Bench subsets', '10,000 cases × 50 entries', 'multiple-choice', 'PUBLISHED', now())`,
    [SUBSET_SLUG],
  );
  await owner.query(
    `INSERT INTO public.tracks (id, "benchmarkId", slug, name, "taskType", "taskConfig", metrics, "primaryMetric")
     VALUES ('bench-subset-track', 'bench-subset', 'main', 'Main', 'multiple-choice', '{}', '{vqa_accuracy,extraction_failure_rate,vqa_macro_accuracy}', 'vqa_accuracy')`,
  );
  await owner.query(
    `INSERT INTO public.test_sets (id, "trackId", slug, name, "bootstrapSeed", "caseCount", "categoryDimensions")
     VALUES ('bench-subset-ts', 'bench-subset-track', 'test', 'Test', 5, ${SUBSET_CASES}, '{modality,granularity,department}')`,
  );
  await owner.query(
    `INSERT INTO public.cases (id, "testSetId", "caseId", metadata)
     SELECT 'case-' || c, 'bench-subset-ts', 'q' || lpad(c::text, 5, '0'),
            jsonb_build_object('modality', (ARRAY['CT','MR','X-ray','US','PET'])[1 + c % 5],
                               'department', 'dept-' || (c % 12), 'granularity', (ARRAY['image','region','organ'])[1 + c % 3])
       FROM generate_series(0, ${SUBSET_CASES - 1}) c`,
  );
  await owner.query(
    `INSERT INTO public.submissions (id, "teamId", "trackId", "submittedById", "methodName", "blobKey", "fileName", "fileBytes", sha256, status)
     SELECT 'ssub-' || i, 'team-' || i, 'bench-subset-track', 'bench-user', 'Model ' || i, 'bench/s' || i, 'p.jsonl', 1, 'x', 'SCORED'
       FROM generate_series(1, ${SUBSET_ENTRIES}) i`,
  );
  await owner.query(
    `INSERT INTO public.evaluations (id, "submissionId", "testSetId", "evaluatorVersion", "caseCount", "durationMs")
     SELECT 'sev-' || i, 'ssub-' || i, 'bench-subset-ts', 1, ${SUBSET_CASES}, 100 FROM generate_series(1, ${SUBSET_ENTRIES}) i`,
  );
  for (let i = 1; i <= SUBSET_ENTRIES; i++) {
    const correct = Float64Array.from({ length: SUBSET_CASES }, (_, c) =>
      (c * 31 + i * 17) % 100 < 40 + i ? 1 : 0,
    );
    const failed = Float64Array.from({ length: SUBSET_CASES }, (_, c) =>
      (c + i) % 97 === 0 ? 1 : 0,
    );
    await db.caseValues.createMany({
      data: [
        {
          evaluationId: `sev-${i}`,
          metric: 'vqa_accuracy',
          values: rankStats.encodeFloat64(correct),
        },
        {
          evaluationId: `sev-${i}`,
          metric: 'extraction_failure_rate',
          values: rankStats.encodeFloat64(failed),
        },
      ],
    });
  }
  // The disclosure partition (5 × 3 × 12 cells of about 55 cases: nothing merged), stored as the
  // ground-truth apply would, so the cold timing below does not include computing it.
  await disclosure.loadCasesWithAtoms(db, 'bench-subset-ts');
  await db.$disconnect();
  await owner.query('ANALYZE');
}

await owner.query(
  `INSERT INTO public.users (id, name, email) VALUES ('bench-user', 'Bench', 'bench@example.org')`,
);
await owner.query(
  `INSERT INTO public.teams (id, slug, name) SELECT 'team-' || t, 'team-' || t, 'Team ' || t FROM generate_series(1, 250) t`,
);
await fillBoard({ id: 'bench', slug: SLUG, entries: ENTRIES, reported: 20 });
await fillBoard({ id: 'bench-small', slug: SMALL_SLUG, entries: SMALL_ENTRIES, reported: 0 });
await fillSubsetBoard();

// ───────────────────────── subset recomputation ─────────────────────────

/** Nearest-rank percentile of ascending values; NaN when there are none. */
const percentile = (sorted: number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!;

async function timeSubsets() {
  const workerDb = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 4 });
  const input = {
    slug: SUBSET_SLUG,
    trackSlug: 'main',
    testSetSlug: 'test',
    filters: { modality: ['CT', 'MR'], granularity: ['image', 'organ'] },
  };
  clearBoardQueryCache();
  let started = performance.now();
  const cold = await handleSubsetScores({ db: workerDb }, input);
  const coldMs = performance.now() - started;
  if (!cold.ok) throw new Error(`subset refused: ${cold.message}`);
  const warm: number[] = [];
  for (let r = 0; r < 20; r++) {
    started = performance.now();
    await handleSubsetScores(
      { db: workerDb },
      { ...input, filters: { ...input.filters, modality: r % 2 ? ['CT'] : ['CT', 'US'] } },
    );
    warm.push(performance.now() - started);
  }
  // End to end, as the web asks: BullMQ job → worker → answer through QueueEvents.
  const producer = createRedisConnection(testRedisUrl(), { role: 'producer' });
  const connection = createRedisConnection(testRedisUrl(), { role: 'worker' });
  const queues = new QueueClient(producer, env.QUEUE_PREFIX!);
  const worker = new Worker(BOARD_QUERIES_QUEUE, createBoardQueriesProcessor({ db: workerDb }), {
    connection,
    prefix: env.QUEUE_PREFIX!,
    concurrency: 4,
  });
  await worker.waitUntilReady();
  const roundTrips: number[] = [];
  for (let r = 0; r < 20; r++) {
    started = performance.now();
    await askBoardQuery(queues, subsetScores, input, { timeoutMs: 10_000 });
    roundTrips.push(performance.now() - started);
  }
  await worker.close();
  await closeBoardQueryEvents(queues);
  await queues.close();
  producer.disconnect();
  connection.disconnect();
  await workerDb.$disconnect();
  warm.sort((a, b) => a - b);
  roundTrips.sort((a, b) => a - b);
  return {
    cases: SUBSET_CASES,
    entries: SUBSET_ENTRIES,
    subsetCases: cold.result.n,
    metrics: cold.result.metrics,
    coldMs,
    warmP50Ms: percentile(warm, 50),
    warmP95Ms: percentile(warm, 95),
    roundTripP50Ms: percentile(roundTrips, 50),
    roundTripP95Ms: percentile(roundTrips, 95),
  };
}

/**
 * The read model on its own, in this process, as the web role: 32 concurrent getBoardView calls
 * per round on the 1,000-entry board (cold = first call after a cache reset), so the server's
 * share of a board response can be told apart from rendering and serialisation.
 */
async function timeReadModel() {
  const web = createDatabase(urls.DATABASE_URL, { maxConnections: 10 });
  boards.clearBoardCache();
  const started = performance.now();
  const first = await boards.getBoardView(web, { slug: SLUG });
  const coldMs = performance.now() - started;
  if (!first || first.entries.length !== ENTRIES + 20)
    throw new Error('the bench board did not load');
  const latencies: number[] = [];
  for (let round = 0; round < 50; round++) {
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        const t = performance.now();
        await boards.getBoardView(web, {
          slug: SLUG,
          testSet: `test-${1 + (c % TEST_SETS)}`,
          sort: METRICS[c % METRICS.length],
        });
        latencies.push(performance.now() - t);
      }),
    );
  }
  await web.$disconnect();
  latencies.sort((a, b) => a - b);
  return {
    coldMs,
    calls: latencies.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
  };
}

log('timing the read model (getBoardView) in process');
const readModel = await timeReadModel();
log('timing custom subsets (10,000 cases × 50 entries)');
const subsets = await timeSubsets();
await owner.end();

// ───────────────────────── web ─────────────────────────

if (!options['skip-build']) {
  log('building the web app (under /tmp/medrank-web.lock)');
  await run(
    'flock',
    ['/tmp/medrank-web.lock', 'npm', 'run', '-s', 'build', '-w', '@medrank/web'],
    env,
  );
}

const base = `http://127.0.0.1:${PORT}`;
const boardPath = `/benchmarks/${SLUG}`;
const jsonPath = `/api/v1/benchmarks/${SLUG}/board?format=json`;
const staticTag = randomBytes(4).toString('hex');
// Two static baselines, each the same bytes as the response it is compared with: the JSON
// export and the board page's HTML (first page, 50 rows).
const staticName = `bench-board-static-${staticTag}.json`;
const staticFile = path.join(REPO_ROOT, 'apps/web/public', staticName);
const staticPageName = `bench-board-static-${staticTag}.html`;
const staticPageFile = path.join(REPO_ROOT, 'apps/web/public', staticPageName);
const catalogPath = '/';
const staticCatalogName = `bench-catalog-static-${staticTag}.html`;
const staticCatalogFile = path.join(REPO_ROOT, 'apps/web/public', staticCatalogName);
const smallPath = `/benchmarks/${SMALL_SLUG}`;
const staticSmallName = `bench-small-static-${staticTag}.html`;
const staticSmallFile = path.join(REPO_ROOT, 'apps/web/public', staticSmallName);

type Figures = {
  path: string;
  bytes: number;
  /** The server's X-MedRank-Cache answer to a request right after the run (HTML pages). */
  cache: string | null;
  requests: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
};

/** Every response's time; responses with another status than `expectedStatus` count as errors. */
async function measure(
  urlPath: string,
  extraHeaders: Record<string, string> = {},
  expectedStatus = 200,
  connections = CONNECTIONS,
): Promise<Figures> {
  const body = await (await fetch(base + urlPath, { headers: extraHeaders })).arrayBuffer();
  // autocannon reports p97.5 and p99 but not p95: keep every latency and compute it.
  const latencies: number[] = [];
  let unexpected = 0;
  const instance = autocannon({
    url: base + urlPath,
    connections,
    duration: DURATION_S,
    headers: { 'accept-encoding': 'identity', ...extraHeaders },
    // Slow responses are waited for (and counted), not cut off at autocannon's 10 s default.
    timeout: 120,
  });
  instance.on(
    'response',
    (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (status !== expectedStatus) unexpected++;
    },
  );
  const result = await instance;
  latencies.sort((a, b) => a - b);
  // Asked after the run: before it, an entry older than the cache's max age (30 s) is a miss once.
  const after = await fetch(base + urlPath, { headers: extraHeaders });
  await after.arrayBuffer();
  return {
    path: urlPath,
    bytes: body.byteLength,
    cache: after.headers.get('x-medrank-cache'),
    requests: result.requests.total,
    rps: result.requests.average,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    errors: result.errors,
    non2xx: unexpected,
  };
}

let server: ChildProcess | undefined;
let figures:
  | {
      page: Figures;
      json: Figures;
      staticFile: Figures;
      staticPage: Figures;
      jsonEtag: Figures;
      catalog: Figures;
      staticCatalog: Figures;
      small: Figures;
      staticSmall: Figures;
    }
  | undefined;
/** The machine's load averages (1, 5, 15 min) before and after the measurements. */
const load: { before: number[]; after: number[] } = { before: os.loadavg(), after: [] };
// The static file exists before the server starts (Next lists public files at start-up); it is
// given the JSON response's exact bytes once the server can produce them.
const publicDir = path.dirname(staticFile);
const createdPublicDir = !existsSync(publicDir);
mkdirSync(publicDir, { recursive: true });
writeFileSync(staticFile, '{}');
writeFileSync(staticPageFile, '<!doctype html>');
writeFileSync(staticCatalogFile, '<!doctype html>');
writeFileSync(staticSmallFile, '<!doctype html>');
try {
  // Under the web lock, so no build or Playwright run replaces .next under the running server.
  // Its own process group, so stopping it stops flock and next together.
  server = spawn(
    'flock',
    [
      '/tmp/medrank-web.lock',
      process.execPath,
      // The production server (custom Node server around Next), as users run it.
      path.join(REPO_ROOT, 'apps/web/dist/server.mjs'),
    ],
    {
      cwd: path.join(REPO_ROOT, 'apps/web'),
      env: { ...env, PORT: String(PORT), LISTEN_HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  await waitForHttp(`${base}${jsonPath}`, 600_000);
  writeFileSync(staticFile, Buffer.from(await (await fetch(base + jsonPath)).arrayBuffer()));
  writeFileSync(staticPageFile, Buffer.from(await (await fetch(base + boardPath)).arrayBuffer()));
  writeFileSync(
    staticCatalogFile,
    Buffer.from(await (await fetch(base + catalogPath)).arrayBuffer()),
  );
  writeFileSync(staticSmallFile, Buffer.from(await (await fetch(base + smallPath)).arrayBuffer()));
  const etag = (await fetch(base + jsonPath)).headers.get('etag');
  log('warming up');
  for (const p of [
    boardPath,
    jsonPath,
    catalogPath,
    `/${staticName}`,
    `/${staticPageName}`,
    `/${staticCatalogName}`,
    smallPath,
    `/${staticSmallName}`,
  ])
    for (let i = 0; i < 20; i++) await (await fetch(base + p)).arrayBuffer();
  load.before = os.loadavg();
  log(`measuring at ${CONNECTIONS} connections for ${DURATION_S} s each`);
  const json = await measure(jsonPath);
  const staticFigures = await measure(`/${staticName}`);
  const page = await measure(boardPath);
  const staticPage = await measure(`/${staticPageName}`);
  // A client that already holds the board revalidates with its ETag and gets 304, no body.
  if (!etag) throw new Error(`${jsonPath} sent no ETag`);
  const jsonEtag = await measure(jsonPath, { 'if-none-match': etag }, 304);
  log(`measuring the catalog at ${CATALOG_CONNECTIONS} connections`);
  const catalog = await measure(catalogPath, {}, 200, CATALOG_CONNECTIONS);
  const staticCatalog = await measure(`/${staticCatalogName}`, {}, 200, CATALOG_CONNECTIONS);
  log(`measuring the ${SMALL_ENTRIES}-row board at ${CATALOG_CONNECTIONS} connections`);
  const small = await measure(smallPath, {}, 200, CATALOG_CONNECTIONS);
  const staticSmall = await measure(`/${staticSmallName}`, {}, 200, CATALOG_CONNECTIONS);
  load.after = os.loadavg();
  figures = {
    page,
    json,
    staticFile: staticFigures,
    staticPage,
    jsonEtag,
    catalog,
    staticCatalog,
    small,
    staticSmall,
  };
} finally {
  if (createdPublicDir) rmSync(publicDir, { recursive: true, force: true });
  else
    for (const file of [staticFile, staticPageFile, staticCatalogFile, staticSmallFile])
      rmSync(file, { force: true });
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
}

const report = {
  board: {
    entries: ENTRIES,
    metrics: METRICS.length,
    testSets: TEST_SETS,
    connections: CONNECTIONS,
    catalogConnections: CATALOG_CONNECTIONS,
    smallBoardEntries: SMALL_ENTRIES,
    durationS: DURATION_S,
  },
  cpus: os.cpus().length,
  load,
  ...figures!,
  ratios: {
    pageP95VsStatic: figures!.page.p95Ms / figures!.staticPage.p95Ms,
    jsonP95VsStatic: figures!.json.p95Ms / figures!.staticFile.p95Ms,
    catalogP95VsStatic: figures!.catalog.p95Ms / figures!.staticCatalog.p95Ms,
    smallP95VsStatic: figures!.small.p95Ms / figures!.staticSmall.p95Ms,
  },
  readModel,
  subsets,
  targets: {
    'page p95 ≤ 50 ms': figures!.page.p95Ms <= 50,
    'json p95 ≤ 50 ms': figures!.json.p95Ms <= 50,
    'page p95 ≤ 3× static': figures!.page.p95Ms <= 3 * figures!.staticPage.p95Ms,
    'json p95 ≤ 3× static': figures!.json.p95Ms <= 3 * figures!.staticFile.p95Ms,
    'subset (warm) ≤ 300 ms': subsets.warmP95Ms <= 300,
    // Issue 12 ("Speed, measured").
    'page p95 ≤ 2× static': figures!.page.p95Ms <= 2 * figures!.staticPage.p95Ms,
    'json p95 ≤ 1.5× static': figures!.json.p95Ms <= 1.5 * figures!.staticFile.p95Ms,
    'catalog p95 ≤ 2× static': figures!.catalog.p95Ms <= 2 * figures!.staticCatalog.p95Ms,
    [`${SMALL_ENTRIES}-row board p95 ≤ 2× static`]:
      figures!.small.p95Ms <= 2 * figures!.staticSmall.p95Ms,
  },
};

if (options.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
else {
  const row = (name: string, f: Figures) =>
    `${name.padEnd(12)} ${String(f.bytes).padStart(9)} B  ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${f.p50Ms.toFixed(1).padStart(6)} ms  p95 ${f.p95Ms.toFixed(1).padStart(6)} ms  p99 ${f.p99Ms.toFixed(1).padStart(6)} ms  errors ${f.errors + f.non2xx}${f.cache ? `  cache ${f.cache}` : ''}`;
  const loads = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  console.log(
    `Board: ${ENTRIES} entries × ${METRICS.length} metrics × ${TEST_SETS} test sets; ${CONNECTIONS} connections, ${DURATION_S} s each`,
  );
  console.log(row('page', figures!.page));
  console.log(row('static html', figures!.staticPage));
  console.log(row('json', figures!.json));
  console.log(row('static json', figures!.staticFile));
  console.log(row('json 304', figures!.jsonEtag));
  console.log(`Catalog (/): ${CATALOG_CONNECTIONS} connections, ${DURATION_S} s each`);
  console.log(row('catalog', figures!.catalog));
  console.log(row('static html', figures!.staticCatalog));
  console.log(
    `Board of ${SMALL_ENTRIES} entries: ${CATALOG_CONNECTIONS} connections, ${DURATION_S} s each`,
  );
  console.log(row('page', figures!.small));
  console.log(row('static html', figures!.staticSmall));
  console.log(
    `read model getBoardView in process (${readModel.calls} calls, 32 at a time): cold ${readModel.coldMs.toFixed(0)} ms, p50 ${readModel.p50Ms.toFixed(2)} ms, p95 ${readModel.p95Ms.toFixed(2)} ms`,
  );
  console.log(
    `ratio p95 page/static ${report.ratios.pageP95VsStatic.toFixed(2)}×, json/static ${report.ratios.jsonP95VsStatic.toFixed(2)}×, catalog/static ${report.ratios.catalogP95VsStatic.toFixed(2)}×, ${SMALL_ENTRIES}-row board/static ${report.ratios.smallP95VsStatic.toFixed(2)}×`,
  );
  console.log(
    `machine: ${report.cpus} CPUs, load average (1/5/15 min) ${loads(load.before)} before the measurements, ${loads(load.after)} after`,
  );
  console.log(
    `subset ${subsets.cases} cases × ${subsets.entries} entries (${subsets.subsetCases} in subset, ${subsets.metrics.length} per-case metrics): cold ${subsets.coldMs.toFixed(0)} ms, warm p50 ${subsets.warmP50Ms.toFixed(1)} ms p95 ${subsets.warmP95Ms.toFixed(1)} ms, through BullMQ p50 ${subsets.roundTripP50Ms.toFixed(1)} ms p95 ${subsets.roundTripP95Ms.toFixed(1)} ms`,
  );
  for (const [target, met] of Object.entries(report.targets))
    console.log(`${met ? 'met   ' : 'MISSED'} ${target}`);
}
process.exit(0);
