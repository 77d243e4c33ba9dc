// An endpoint submission (docs/endpoint-submissions.md): the participant registered an
// OpenAI-compatible chat-completions endpoint; the worker sends it every case of each test set
// (image + the track's prompt, inputs hidden ones included: only the worker may read their key),
// within the track's limits and the site's egress policy, and writes the answers as a predictions
// file the scoring path then reads exactly like an upload. Unparseable or failed answers are empty
// answers there: the scorer counts them as extraction failures.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@medrank/db';
import { submissions, testInputs } from '@medrank/db';
import {
  EndpointRunFailure,
  openApiKey,
  parseEgressPolicy,
  runEndpoint,
  type EgressPolicy,
  type EndpointRun,
} from '@medrank/endpoint-runner';
import type { BlobStore } from '@medrank/storage';
import { parseTaskConfig, type EndpointContract } from '@medrank/task-contracts/config';
import type { Logger } from 'pino';
import { failedRun, summarizeInference, type SubmissionRun } from './run-submitted-model.js';

/** What a job process needs to call endpoints: the private key of the sealed API keys, the egress policy. */
export interface EndpointRunDeps {
  /** ENDPOINT_KEY_PRIVATE; null when the site takes no endpoint submissions with API keys. */
  privateKey: string | null;
  policy: EgressPolicy;
}

/** A worker configured for no endpoints: no host allowed, no key to open sealed API keys. */
export const NO_ENDPOINTS: EndpointRunDeps = { privateKey: null, policy: parseEgressPolicy({}) };

/** The failures a run report lists (the rest are counted). */
const MAX_REPORTED_FAILURES = 200;
const PROGRESS_WRITE_INTERVAL_MS = 1_000;

/**
 * Calls the submission's endpoint on every test set of its track and writes one predictions JSONL
 * into `workDir`. A refused URL, inputs the prompt cannot be filled from, or a key that cannot be
 * opened end as `ok: false` with a message for the submitter; failing cases do not fail the run
 * (they are scored as failures and listed in the report). Database and blob errors are thrown,
 * so the job is retried: a run has no side effect but files in `workDir` (and the endpoint's bill).
 */
export async function runSubmittedEndpoint({
  db,
  blobs,
  submission,
  endpoints,
  log,
  workDir,
  maxRunSeconds,
}: {
  db: Database;
  blobs: BlobStore;
  submission: submissions.SubmissionForScoring;
  endpoints: EndpointRunDeps;
  log: Logger;
  workDir: string;
  /** The job's budget for the run (ScoreSubmissionDeps.maxRunSeconds). */
  maxRunSeconds?: number;
}): Promise<SubmissionRun> {
  const { track } = submission;
  // Tracks of the task types that take endpoints declare the contract under `endpoint`.
  const { endpoint: contract } = parseTaskConfig(track.taskType, track.taskConfig) as {
    endpoint?: EndpointContract;
  };
  if (!contract)
    return failedRun(
      'this track does not take endpoint submissions (its task configuration declares no `endpoint` contract)',
    );
  const endpoint = await submissions.findEndpointForRun(db, submission.id);
  if (!endpoint) return failedRun('this endpoint submission has no registered endpoint');
  let apiKey: string | undefined;
  if (endpoint.sealedApiKey) {
    if (!endpoints.privateKey)
      return failedRun(
        "the site cannot open this submission's API key (ENDPOINT_KEY_PRIVATE is not configured on the workers); please tell the site's admins",
      );
    try {
      apiKey = openApiKey(endpoints.privateKey, Buffer.from(endpoint.sealedApiKey));
    } catch {
      return failedRun(
        "this submission's API key could not be opened (it was sealed with another site key); please submit the endpoint again",
      );
    }
  }

  const totalCases = track.testSets.reduce((n, t) => n + t.caseIds.length, 0);
  let casesBefore = 0;
  let lastWrite = 0;
  const reportProgress = (done: number) => {
    const now = Date.now();
    if (now - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
    lastWrite = now;
    void submissions
      .updateProgress(db, submission.id, 'VALIDATING', ((casesBefore + done) / totalCases) * 100)
      .catch((error: unknown) => log.warn({ err: error }, 'could not write progress'));
  };

  const startedAt = Date.now();
  const runNotes: string[] = [];
  const lines: string[] = [];
  const latencies: number[] = [];
  const report: submissions.EndpointRunReport = {
    requests: 0,
    retries: 0,
    failureCount: 0,
    failures: [],
  };
  try {
    for (const testSet of track.testSets) {
      const key = await testInputs.appliedInputsKeyForWorker(db, testSet.id);
      const inputsZip = key ? blobs.localPath(key) : null;
      if (!inputsZip)
        return failedRun(
          `test set "${testSet.slug}" has no inputs for endpoints to run on yet; the benchmark's organisers have been told by this message, please try again once they upload them`,
        );
      let limits = contract.limits;
      if (maxRunSeconds !== undefined) {
        const left = Math.max(1, Math.floor(maxRunSeconds - (Date.now() - startedAt) / 1000));
        if (left < limits.totalSeconds) {
          limits = { ...limits, totalSeconds: left };
          runNotes.push(
            `the run's time budget was ${left} s on test set "${testSet.slug}", below the track's ${contract.limits.totalSeconds} s: this site's workers give one job at most ${maxRunSeconds} s for its run`,
          );
        }
      }
      const run: EndpointRun = await runEndpoint({
        url: endpoint.url,
        modelName: endpoint.modelName,
        ...(apiKey === undefined ? {} : { apiKey }),
        taskType: track.taskType,
        contract: { ...contract, limits },
        inputsZip,
        caseIds: testSet.caseIds,
        policy: endpoints.policy,
        onProgress: (done) => reportProgress(done),
      });
      lines.push(run.predictionsJsonl.trimEnd());
      latencies.push(...run.cases.filter((c) => c.ok).map((c) => c.latencyMs));
      report.requests += run.report.requests;
      report.retries += run.report.retries;
      report.failureCount += run.report.failureCount;
      report.failures.push(
        ...run.report.failures.slice(0, MAX_REPORTED_FAILURES - report.failures.length),
      );
      casesBefore += testSet.caseIds.length;
    }
  } catch (error) {
    if (error instanceof EndpointRunFailure) return failedRun(`${error.kind}: ${error.message}`);
    throw error;
  }
  const predictionsPath = path.join(workDir, 'predictions.jsonl');
  await writeFile(predictionsPath, `${lines.filter((l) => l !== '').join('\n')}\n`);
  const answered = totalCases - report.failureCount;
  return {
    ok: true,
    predictionsPath,
    inference: summarizeInference('endpoint', latencies),
    notes: [
      report.failureCount > 0
        ? `endpoint run: ${report.failureCount} of ${totalCases} cases got no usable answer (scored as extraction failures; the run report lists them)`
        : `endpoint run: all ${answered} cases answered`,
      ...runNotes,
    ],
    runReport: report,
  };
}
