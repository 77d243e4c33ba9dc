/**
 * Load (issue 13, part 5): starts a platform of its own (platform.ts: a database, a queue prefix,
 * the production web server and 2 compiled workers) and measures it as users see it, through the
 * HTTP API: bursts of uploads with bearer tokens (`POST /api/v1/benchmarks/{slug}/submissions`),
 * each submission's status polled on `GET /api/v1/submissions/{id}` until it is final.
 *
 *   1. a burst of 100 BreastMNIST-sized files (156 cases)
 *   2. a burst of 100 files of 10,000 cases, and a burst of 500 files of 156 cases
 *   3. the 156-case burst of 100 again, one worker SIGKILLed mid-burst and started again
 *   4. single submissions, one at a time, on an empty queue
 *
 * For each: throughput (scored per minute), p50/p95 upload → scored, a database check that every
 * submission ended exactly once (SCORED = N, one evaluation each), and the peak resident memory
 * (VmHWM) of the web server, each worker and each job process. Prints a table with the issue's
 * targets and writes the figures as JSON to bench/results/. Everything it started is stopped and
 * removed at the end, on an error and on Ctrl-C.
 *
 *   npm run bench:load                                # full run (several minutes)
 *   npm run bench:load -- --submissions 10 --no-save  # small: bursts of 10, 10, 50, 10
 *   npm run -s bench:load -- --json                   # the JSON object on stdout
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase } from '@medrank/db';
import {
  breastMnistCases,
  createAccounts,
  createBenchmark,
  predictionsCsv,
  syntheticCases,
  type BenchAccount,
  type TestCase,
} from './fixtures.js';
import {
  Platform,
  REPO_ROOT,
  loadAverage,
  log,
  machineCpu,
  type TrackedProcess,
} from './platform.js';
import { renderReport, type Report, type ScenarioResult } from './report.js';

const { values: options } = parseArgs({
  options: {
    submissions: { type: 'string', default: '100' },
    singles: { type: 'string', default: '20' },
    only: { type: 'string', default: 'small,large,big,big-large,kill,single' },
    accounts: { type: 'string', default: '6' },
    'upload-concurrency': { type: 'string', default: '16' },
    'poll-ms': { type: 'string', default: '1000' },
    port: { type: 'string', default: '3197' },
    workers: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-save': { type: 'boolean', default: false },
    /** Diagnostics: Node flags for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (job processes inherit them). */
    'worker-node-args': { type: 'string' },
    /** Diagnostics: extra Node flags for the web server. */
    'web-node-args': { type: 'string' },
  },
});
const N = Number(options.submissions);
const SINGLES = Number(options.singles);
const ONLY = new Set(options.only.split(','));
const UPLOAD_CONCURRENCY = Number(options['upload-concurrency']);
const POLL_MS = Number(options['poll-ms']);
const WORKERS = Number(options.workers);
/** The single submissions are polled this often, so the figure is not the poll's granularity. */
const SINGLE_POLL_MS = 25;
const LARGE_CASES = 10_000;
const FINAL = new Set(['SCORED', 'FAILED', 'CANCELLED']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Wall-clock milliseconds with sub-millisecond resolution (comparable with the database's timestamps). */
const nowMs = () => performance.timeOrigin + performance.now();

/** Nearest-rank percentile of ascending values; NaN when there are none. */
const percentile = (sorted: number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!;

/** Runs `task` over `items`, at most `limit` at a time. */
async function eachLimit<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

// ───────────────────────── platform ─────────────────────────

const platform = new Platform({
  port: Number(options.port),
  workers: WORKERS,
  workerNodeArgs: options['worker-node-args']?.split(' ').filter(Boolean) ?? [],
  webNodeArgs: options['web-node-args']?.split(' ').filter(Boolean) ?? [],
});
let destroying: Promise<void> | undefined;
const destroy = () => (destroying ??= platform.destroy());
// `on`, not `once`: a second signal (tsx relays the terminal's Ctrl-C to us as well) must not
// end the process while the first one is still cleaning up.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (destroying) return;
    log(`${signal}: stopping everything the bench started`);
    void destroy().finally(() => process.exit(130));
  });

const workerNames = Array.from({ length: WORKERS }, (_, i) => `load-worker-${i + 1}`);

// ───────────────────────── one submission, as a user makes it ─────────────────────────

interface Submission {
  index: number;
  account: BenchAccount;
  /** When the upload started (epoch ms). */
  t0: number;
  acceptedAt?: number;
  /** When a status poll first saw it final. */
  seenAt?: number;
  id?: string;
  status?: string;
  httpStatus?: number;
  error?: string;
  lastPollAt: number;
  polls: number;
}

async function upload(slug: string, submission: Submission, csv: string): Promise<void> {
  const form = new FormData();
  form.append('methodName', `load ${submission.index}`);
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'predictions.csv');
  submission.t0 = nowMs();
  try {
    const response = await fetch(`${platform.baseUrl}/api/v1/benchmarks/${slug}/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${submission.account.token}` },
      body: form,
    });
    submission.httpStatus = response.status;
    const body = (await response.json()) as {
      submission?: { id: string; status: string };
      error?: { message: string };
    };
    if (response.status !== 201 || !body.submission) {
      submission.error = body.error?.message ?? `HTTP ${response.status}`;
      return;
    }
    submission.acceptedAt = nowMs();
    submission.id = body.submission.id;
    submission.status = body.submission.status;
  } catch (error) {
    // undici's "fetch failed" says nothing by itself: the cause names the socket error.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    submission.error = `${String(error)}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
  }
}

async function poll(submission: Submission): Promise<void> {
  submission.lastPollAt = nowMs();
  submission.polls++;
  try {
    const response = await fetch(`${platform.baseUrl}/api/v1/submissions/${submission.id}`, {
      headers: { authorization: `Bearer ${submission.account.token}` },
    });
    if (!response.ok) return;
    const { submission: state } = (await response.json()) as { submission: { status: string } };
    submission.status = state.status;
    if (FINAL.has(state.status) && submission.seenAt === undefined) submission.seenAt = nowMs();
  } catch {
    // the next round asks again
  }
}

/**
 * Uploads `files` (submission i from account i mod accounts), `UPLOAD_CONCURRENCY` at a time,
 * while polling every accepted submission that is not final every `pollMs` (8 polls in flight at
 * most); returns when every upload is answered and every accepted submission is final.
 */
async function burst(
  slug: string,
  files: (i: number) => string,
  n: number,
  accounts: BenchAccount[],
  {
    pollMs,
    timeoutMs,
    onProgress,
  }: {
    pollMs: number;
    timeoutMs: number;
    onProgress?: (subs: Submission[]) => Promise<void>;
  },
): Promise<Submission[]> {
  const subs: Submission[] = Array.from({ length: n }, (_, index) => ({
    index,
    account: accounts[index % accounts.length]!,
    t0: 0,
    lastPollAt: 0,
    polls: 0,
  }));
  // The files exist before the clock starts: generating them is not the platform's time.
  const contents = subs.map((s) => files(s.index));
  let uploading = true;
  const uploads = eachLimit(subs, UPLOAD_CONCURRENCY, (s) =>
    upload(slug, s, contents[s.index]!),
  ).then(() => {
    uploading = false;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = subs.filter((s) => s.id !== undefined && !FINAL.has(s.status ?? ''));
    if (!uploading && open.length === 0) break;
    if (Date.now() > deadline) {
      log(`timed out with ${open.length} submissions not final`);
      break;
    }
    const due = open.filter((s) => nowMs() - s.lastPollAt >= pollMs);
    if (due.length > 0) await eachLimit(due, 8, poll);
    else await sleep(Math.min(50, pollMs / 4));
    await onProgress?.(subs);
  }
  await uploads;
  return subs;
}

// ───────────────────────── what the database says ─────────────────────────

const owner = () => createDatabase(platform.urls.ADMIN_DATABASE_URL, { maxConnections: 2 });

interface Outcome {
  statuses: Record<string, number>;
  /** Submissions with more than one evaluation per test set (must be 0). */
  duplicateEvaluations: number;
  /** Scored submissions without an evaluation (must be 0). */
  missingEvaluations: number;
  maxAttempts: number;
  attempts: Map<string, number>;
  rows: Map<
    string,
    { status: string; createdAt: number; startedAt: number | null; finishedAt: number | null }
  >;
}

async function outcome(ids: string[]): Promise<Outcome> {
  const db = owner();
  try {
    const rows = await db.submission.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        status: true,
        attempts: true,
        createdAt: true,
        startedAt: true,
        finishedAt: true,
      },
    });
    const evaluations = await db.evaluation.groupBy({
      by: ['submissionId', 'testSetId'],
      where: { submissionId: { in: ids } },
      _count: { _all: true },
    });
    const perSubmission = new Map<string, number>();
    let duplicateEvaluations = 0;
    for (const e of evaluations) {
      if (e._count._all > 1) duplicateEvaluations++;
      perSubmission.set(e.submissionId, (perSubmission.get(e.submissionId) ?? 0) + e._count._all);
    }
    const statuses: Record<string, number> = {};
    for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return {
      statuses,
      duplicateEvaluations,
      missingEvaluations: rows.filter((r) => r.status === 'SCORED' && !perSubmission.get(r.id))
        .length,
      maxAttempts: Math.max(0, ...rows.map((r) => r.attempts)),
      attempts: new Map(rows.map((r) => [r.id, r.attempts])),
      rows: new Map(
        rows.map((r) => [
          r.id,
          {
            status: r.status,
            createdAt: r.createdAt.getTime(),
            startedAt: r.startedAt?.getTime() ?? null,
            finishedAt: r.finishedAt?.getTime() ?? null,
          },
        ]),
      ),
    };
  } finally {
    await db.$disconnect();
  }
}

// ───────────────────────── scenarios ─────────────────────────

const round = (v: number, digits = 3) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

function memoryOf(processes: TrackedProcess[], peak: 'peakBytes' | 'overallPeakBytes') {
  return processes.map((p) => ({
    pid: p.pid,
    role: p.role,
    owner: p.owner,
    peakMB: round(p[peak] / 2 ** 20, 1)!,
    rssAtEndMB: p.alive ? round(p.rssBytes / 2 ** 20, 1)! : null,
  }));
}

async function measureScenario(
  spec: {
    name: string;
    label: string;
    casesPerFile: number;
    target: { throughputPerMin?: number; p50S?: number };
    killWorker?: boolean;
  },
  run: (hooks: { onProgress?: (subs: Submission[]) => Promise<void> }) => Promise<Submission[]>,
): Promise<ScenarioResult> {
  log(`${spec.label}: starting`);
  platform.sampler.resetPeaks();
  const cpuBefore = platform.sampler.cpuSnapshot();
  const machineBefore = machineCpu();
  const loadBefore = loadAverage();
  const started = nowMs();
  let kill: ScenarioResult['kill'];
  let killTask: Promise<void> | undefined;
  let cleanupKill: (() => Promise<void>) | undefined;
  let onProgress: ((subs: Submission[]) => Promise<void>) | undefined;
  if (spec.killWorker) {
    // Once a third of the burst is scored (database), SIGKILL the first worker while it scores,
    // then start it again after a second (the supervisor's first backoff).
    const db = owner();
    let checkedAt = 0;
    let checking = false;
    // The burst hands over its submissions; a watcher of its own checks every 50 ms (not between
    // status polls, which can take a second), since a 156-case job lasts about 0.1 s.
    let current: Submission[] | undefined;
    onProgress = (subs) => {
      current = subs;
      return Promise.resolve();
    };
    const check = async (subs: Submission[]) => {
      if (killTask || checking) return;
      checking = true;
      checkedAt = nowMs();
      try {
        const ids = subs.flatMap((s) => (s.id ? [s.id] : []));
        const scored = await db.submission.count({
          where: { id: { in: ids }, status: 'SCORED' },
        });
        if (scored < Math.ceil(subs.length / 3)) return;
        // Only while the worker to be killed is scoring (from its job processes' log lines).
        // and the database agrees they are not finished.
        const open = [...(platform.openJobs.get(workerNames[0]!) ?? [])];
        if (open.length === 0) return;
        const inFlight = await db.submission.findMany({
          where: { id: { in: open }, status: { in: ['VALIDATING', 'SCORING'] } },
          select: { id: true },
        });
        if (inFlight.length === 0) return;
        // In the background, so the status polls go on while the worker is down.
        killTask = (async () => {
          const name = workerNames[0]!;
          const pid = platform.workerPid(name);
          const killedAt = nowMs();
          await platform.killWorker(name);
          log(`SIGKILLed ${name} (pid ${pid}) with ${scored} scored, ${inFlight.length} in flight`);
          kill = {
            worker: name,
            pid,
            atS: round((killedAt - started) / 1000)!,
            scoredBefore: scored,
            inFlightAtKill: inFlight.length,
            inFlightIds: inFlight.map((r) => r.id),
            retried: 0,
            restartedAfterS: null,
          };
          await sleep(1000);
          await platform.startWorker(name);
          kill.restartedAfterS = round((nowMs() - killedAt) / 1000);
          log(`${name} started again (pid ${platform.workerPid(name)})`);
        })();
      } finally {
        checking = false;
      }
    };
    const watcher = setInterval(() => {
      if (current && nowMs() - checkedAt >= 50) void check(current);
    }, 20);
    cleanupKill = async () => {
      clearInterval(watcher);
      while (checking) await sleep(20);
      await db.$disconnect();
    };
  }
  const subs = await run({ onProgress });
  const ended = nowMs();
  await cleanupKill?.();
  await killTask;
  if (spec.killWorker && !kill) log('the burst ended before a worker could be killed mid-scoring');
  const ids = subs.flatMap((s) => (s.id ? [s.id] : []));
  const db = await outcome(ids);
  // The submissions in flight when the worker died that needed another attempt.
  if (kill) kill.retried = kill.inFlightIds.filter((id) => (db.attempts.get(id) ?? 0) > 1).length;
  const cpuAfter = platform.sampler.cpuSnapshot();
  const machineAfter = machineCpu();
  // Processes that lived during this scenario (their peaks were reset at its start).
  const touched = [...platform.sampler.processes.values()].filter((p) => p.peakBytes > 0);
  const cpuByRole: Record<string, number> = {};
  for (const p of touched)
    cpuByRole[p.role] =
      (cpuByRole[p.role] ?? 0) + (cpuAfter.get(p.pid) ?? 0) - (cpuBefore.get(p.pid) ?? 0);

  const scored = subs.filter((s) => s.id && db.rows.get(s.id)?.status === 'SCORED');
  const latencies = scored
    .map((s) => (db.rows.get(s.id!)!.finishedAt! - s.t0) / 1000)
    .sort((a, b) => a - b);
  const seen = scored
    .filter((s) => s.seenAt !== undefined)
    .map((s) => (s.seenAt! - s.t0) / 1000)
    .sort((a, b) => a - b);
  const waits = scored
    .map((s) => (db.rows.get(s.id!)!.startedAt! - db.rows.get(s.id!)!.createdAt) / 1000)
    .sort((a, b) => a - b);
  const processing = scored
    .map((s) => (db.rows.get(s.id!)!.finishedAt! - db.rows.get(s.id!)!.startedAt!) / 1000)
    .sort((a, b) => a - b);
  const firstT0 = Math.min(...subs.map((s) => s.t0));
  const lastFinished = Math.max(...scored.map((s) => db.rows.get(s.id!)!.finishedAt!));
  const lastAccepted = Math.max(...subs.map((s) => s.acceptedAt ?? 0));
  const spanS = (lastFinished - firstT0) / 1000;
  const uploadErrors = subs.filter((s) => s.error).map((s) => `${s.httpStatus ?? ''} ${s.error}`);
  const exactlyOnce =
    scored.length === subs.length &&
    db.duplicateEvaluations === 0 &&
    db.missingEvaluations === 0 &&
    (db.statuses.SCORED ?? 0) === subs.length;
  const result: ScenarioResult = {
    name: spec.name,
    label: spec.label,
    submissions: subs.length,
    casesPerFile: spec.casesPerFile,
    accepted: ids.length,
    uploadErrors: [...new Set(uploadErrors)].slice(0, 5),
    statuses: db.statuses,
    duplicateEvaluations: db.duplicateEvaluations,
    missingEvaluations: db.missingEvaluations,
    maxAttempts: db.maxAttempts,
    exactlyOnce,
    acceptedInS: round((lastAccepted - firstT0) / 1000),
    allScoredInS: round(spanS),
    throughputPerMin: round((scored.length / spanS) * 60, 1),
    uploadToScoredS: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      max: round(latencies.at(-1) ?? Number.NaN),
    },
    seenByPollS: { p50: round(percentile(seen, 50)), p95: round(percentile(seen, 95)) },
    queueWaitS: { p50: round(percentile(waits, 50)), p95: round(percentile(waits, 95)) },
    processingS: { p50: round(percentile(processing, 50)), p95: round(percentile(processing, 95)) },
    target: spec.target,
    kill,
    cpuSeconds: Object.fromEntries(Object.entries(cpuByRole).map(([k, v]) => [k, round(v, 1)!])),
    machineCpuBusy: round(
      (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
      2,
    ),
    loadAverage: { before: loadBefore, after: loadAverage() },
    wallS: round((ended - started) / 1000, 1)!,
    memory: memoryOf(touched, 'peakBytes'),
    heapAtEnd: await platform.heapReport(),
    polls: subs.reduce((sum, s) => sum + s.polls, 0),
  };
  log(
    `${spec.label}: ${scored.length}/${subs.length} scored in ${result.allScoredInS} s ` +
      `(${result.throughputPerMin}/min), p50 ${result.uploadToScoredS.p50} s, p95 ${result.uploadToScoredS.p95} s`,
  );
  return result;
}

/** Waits until the platform is idle: the outbox relayed, rank statistics done (a short settle). */
const settle = () => sleep(2000);

// ───────────────────────── main ─────────────────────────

const loadBefore = loadAverage();
const startedAt = new Date();
let report: Report | undefined;
try {
  await platform.createDatabase();
  await platform.build();
  const db = owner();
  const accounts = await createAccounts(db, Number(options.accounts));
  const small = breastMnistCases();
  const large = ONLY.has('large') || ONLY.has('big-large') ? syntheticCases(LARGE_CASES) : [];
  const slugs: Record<string, TestCase[]> = {
    'load-warmup': small,
    'load-small': small,
    'load-large': large,
    'load-big': small,
    'load-big-large': large,
    'load-kill': small,
    'load-single': small,
  };
  for (const [slug, cases] of Object.entries(slugs))
    if (cases.length > 0) await createBenchmark(db, slug, cases);
  await db.$disconnect();

  log(`starting the web server on ${platform.baseUrl} and ${WORKERS} workers`);
  await platform.startWeb();
  for (const name of workerNames) await platform.startWorker(name);
  platform.sampler.start(200);

  // Warm-up (not measured): the first requests load the API routes, and each job process's first
  // job compiles the scoring code.
  log('warming up (8 submissions, not measured)');
  await burst('load-warmup', (i) => predictionsCsv(small, 90_000 + i), 8, accounts, {
    pollMs: 200,
    timeoutMs: 120_000,
  });
  await settle();

  const scenarios: ScenarioResult[] = [];
  let variant = 0;
  const smallFile = () => {
    const base = (variant += 1_000);
    return (i: number) => predictionsCsv(small, base + i);
  };
  const timeout = (n: number, perS: number) => Math.max(180_000, n * perS * 1000);

  if (ONLY.has('small'))
    scenarios.push(
      await measureScenario(
        {
          name: 'small',
          label: `burst of ${N} × 156 cases`,
          casesPerFile: 156,
          target: { throughputPerMin: 300 },
        },
        () =>
          burst('load-small', smallFile(), N, accounts, {
            pollMs: POLL_MS,
            timeoutMs: timeout(N, 2),
          }),
      ),
    );
  if (ONLY.has('large')) {
    await settle();
    scenarios.push(
      await measureScenario(
        {
          name: 'large',
          label: `burst of ${N} × 10,000 cases`,
          casesPerFile: LARGE_CASES,
          target: { throughputPerMin: 100 },
        },
        () =>
          burst('load-large', (i) => predictionsCsv(large, 50_000 + i), N, accounts, {
            pollMs: POLL_MS,
            timeoutMs: timeout(N, 6),
          }),
      ),
    );
  }
  if (ONLY.has('big')) {
    await settle();
    scenarios.push(
      await measureScenario(
        {
          name: 'big',
          label: `burst of ${5 * N} × 156 cases`,
          casesPerFile: 156,
          target: { throughputPerMin: 300 },
        },
        () =>
          burst('load-big', smallFile(), 5 * N, accounts, {
            pollMs: POLL_MS,
            timeoutMs: timeout(5 * N, 2),
          }),
      ),
    );
  }
  if (ONLY.has('big-large')) {
    await settle();
    scenarios.push(
      await measureScenario(
        {
          name: 'big-large',
          label: `burst of ${5 * N} × 10,000 cases`,
          casesPerFile: LARGE_CASES,
          target: { throughputPerMin: 100 },
        },
        () =>
          burst('load-big-large', (i) => predictionsCsv(large, 200_000 + i), 5 * N, accounts, {
            pollMs: POLL_MS,
            timeoutMs: timeout(5 * N, 6),
          }),
      ),
    );
  }
  if (ONLY.has('kill')) {
    await settle();
    scenarios.push(
      await measureScenario(
        {
          name: 'kill',
          label: `burst of ${N} × 156 cases, a worker SIGKILLed`,
          casesPerFile: 156,
          target: { throughputPerMin: 300 },
          killWorker: true,
        },
        ({ onProgress }) =>
          burst('load-kill', smallFile(), N, accounts, {
            pollMs: POLL_MS,
            timeoutMs: timeout(N, 3),
            ...(onProgress ? { onProgress } : {}),
          }),
      ),
    );
  }
  if (ONLY.has('single')) {
    await settle();
    const file = smallFile();
    scenarios.push(
      await measureScenario(
        {
          name: 'single',
          label: `${SINGLES} single submissions, empty queue`,
          casesPerFile: 156,
          target: { p50S: 1 },
        },
        async () => {
          const all: Submission[] = [];
          for (let k = 0; k < SINGLES; k++) {
            // One at a time, each after the previous one is scored and the platform is quiet.
            const [one] = await burst(
              'load-single',
              (i) => file(k + i),
              1,
              [accounts[k % accounts.length]!],
              {
                pollMs: SINGLE_POLL_MS,
                timeoutMs: 60_000,
              },
            );
            all.push({ ...one!, index: k });
            await sleep(1000);
          }
          return all;
        },
      ),
    );
  }

  platform.sampler.stop();
  const overall = [...platform.sampler.processes.values()];
  report = {
    bench: 'load',
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '',
      memoryGiB: round(os.totalmem() / 2 ** 30, 1)!,
      node: process.version,
    },
    commit: gitDescribe(),
    options: {
      submissions: N,
      singles: SINGLES,
      accounts: Number(options.accounts),
      workers: WORKERS,
      uploadConcurrency: UPLOAD_CONCURRENCY,
      pollMs: POLL_MS,
      singlePollMs: SINGLE_POLL_MS,
    },
    loadAverage: { before: loadBefore, after: loadAverage() },
    scenarios,
    peakMemoryMB: memoryOf(
      overall.filter((p) => p.overallPeakBytes > 0),
      'overallPeakBytes',
    ),
    workerWarnings: platform.workerEvents.slice(-20).map((e) => `${e.worker}: ${e.msg}`),
  };
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  for (const name of ['web', ...workerNames]) {
    const tail = platform.logTail(name, 15);
    if (tail) log(`last lines of ${name}:\n${tail}`);
  }
  process.exitCode = 1;
} finally {
  log('stopping the platform and removing its database, queue keys and files');
  await destroy();
}

function gitDescribe(): { head: string; dirtyPaths: string[] } {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  try {
    return {
      head: git('rev-parse', '--short', 'HEAD'),
      dirtyPaths: git('status', '--porcelain', '--', 'apps', 'packages')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(3)),
    };
  } catch {
    return { head: 'unknown', dirtyPaths: [] };
  }
}

if (report) {
  if (options.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write(renderReport(report));
  if (!options['no-save']) {
    const file =
      options.out ??
      path.join(
        REPO_ROOT,
        'bench/results',
        `${startedAt.toISOString().slice(0, 16).replace(/[:T]/g, '-')}-load.json`,
      );
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
process.exit(process.exitCode ?? 0);
