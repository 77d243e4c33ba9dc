// An endpoint submission end to end in the scoring job: a multiple-choice track that declares an
// `endpoint` contract, HIDDEN inputs (real VQA-RAD JPEGs with questions and options), and a local
// OpenAI-compatible server started here — clearly a stand-in for a remote model, answering from a
// deterministic rule on the question text. The worker opens the sealed API key, calls the
// endpoint for every case within the track's limits, keeps the answers and scores them through
// the same path as an uploaded file: the accuracy stored is the rule's accuracy on the truth.
// Timeouts and 500s are retried, then counted as failures (extraction failures in the scores,
// listed in the run report); a URL in a private range is refused unless the site allows it.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { roundToDecimals } from '@medrank/core';
import { createDatabase, groundTruth, submissions } from '@medrank/db';
import {
  createUserWithTeam,
  NEAR_DUPLICATE_CHECK_OFF,
  testDatabaseUrls,
} from '@medrank/db/testing';
import {
  generateEndpointKeyPair,
  parseEgressPolicy,
  sealApiKey,
  type EgressPolicy,
} from '@medrank/endpoint-runner';
import {
  startChatCompletionsStub,
  type ChatCompletionsStub,
  type StubChatRequest,
} from '@medrank/endpoint-runner/testing';
import { encodeZip } from '@medrank/formats';
import { getTaskType } from '@medrank/scoring';
import { FileBlobStore } from '@medrank/storage';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storeAppliedInputs } from '../testing/run-fixtures.js';
import { handleScoreSubmission } from './score-submission.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const IMAGE = readFileSync(
  path.join(REPO_ROOT, '../shared/data/vqa-rad-test/images/synpic42202.jpg'),
);
const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

const N = 40;
const API_KEY = 'sk-stand-in-0000-1234';
// The truth: "yes" (A) unless the case number is a multiple of 3.
const truthLetter = (i: number) => (i % 3 === 0 ? 'B' : 'A');
// The stand-in model's rule: "yes" for even case numbers, "no" for odd ones (read from the prompt).
const caseNumberOf = (request: StubChatRequest) => Number(/case (\d+)\b/.exec(request.text)![1]);
const ruleAnswer = (request: StubChatRequest) => (caseNumberOf(request) % 2 === 0 ? 'A' : 'B');

const keys = generateEndpointKeyPair();
const loopbackAllowed: EgressPolicy = parseEgressPolicy({
  ENDPOINT_ALLOWED_HOSTS: '127.0.0.1',
  ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.0/8',
});

let dir: string;
let blobs: FileBlobStore;
let benchmarkId: string;
let trackId: string;
let phaseId: string;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;
let stub: ChatCompletionsStub | undefined;

const deps = (policy: EgressPolicy = loopbackAllowed) => ({
  db: worker,
  blobs,
  logger: pino({ level: 'silent' }),
  bootstrapReplicates: 100,
  jobMemoryBudgetBytes: 512 * 1024 * 1024,
  endpoints: { privateKey: keys.privateKey, policy },
  maxRunSeconds: 120,
});

async function submitEndpoint(url: string, methodName: string): Promise<string> {
  const registration = Buffer.from(`${JSON.stringify({ url, model: 'stand-in-vlm' })}\n`);
  const blob = await blobs.put(Readable.from([registration]), {
    keyPrefix: 'submissions',
    extension: 'json',
    maxBytes: 1 << 16,
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId: member.teamId,
    trackId,
    phaseId,
    submittedById: member.userId,
    methodName,
    blobKey: blob.key,
    fileName: 'endpoint.json',
    fileBytes: blob.bytes,
    sha256: blob.sha256,
    kind: 'ENDPOINT',
    endpoint: {
      url,
      modelName: 'stand-in-vlm',
      sealedApiKey: sealApiKey(keys.publicKey, API_KEY),
      apiKeyHint: '…1234',
    },
  });
  return id;
}

const scoreOf = async (id: string, metric: string) => {
  const scored = await submissions.findById(web, id, { userId: member.userId, role: 'user' });
  return scored!.evaluations[0]!.scores.find((s) => s.metric === metric)!.value;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'medrank-endpoint-'));
  blobs = new FileBlobStore(path.join(dir, 'blobs'));
  const truthFile = path.join(dir, 'truth.jsonl');
  await writeFile(
    truthFile,
    Array.from({ length: N }, (_, i) =>
      JSON.stringify({ id: `q${i}`, answer: truthLetter(i), options: ['yes', 'no'] }),
    ).join('\n') + '\n',
  );
  const taskType = getTaskType('multiple-choice');
  const taskConfig = {
    endpoint: {
      prompt: 'Radiology question for case {case_number}: {question}\n{options}\nAnswer A or B.',
      system: 'You are a careful radiologist.',
      limits: { concurrency: 3, requestTimeoutMs: 1_000, retries: 1, totalSeconds: 60 },
    },
  };
  const config = taskType.parseConfig(taskConfig);
  const parsed = await taskType.parseGroundTruth(truthFile, config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const benchmark = await owner.benchmark.create({
    data: {
      slug: `endpoint-${Date.now()}`,
      title: 'Endpoint fixture',
      summary: 'fixture',
      taskType: 'multiple-choice',
      status: 'PUBLISHED',
    },
  });
  benchmarkId = benchmark.id;
  trackId = (
    await owner.track.create({
      data: {
        benchmarkId,
        slug: 'closed',
        name: 'Closed questions',
        taskType: 'multiple-choice',
        taskConfig,
        metrics: ['vqa_accuracy', 'extraction_failure_rate'],
        primaryMetric: 'vqa_accuracy',
      },
    })
  ).id;
  const testSet = await owner.testSet.create({
    data: { trackId, slug: 'test', name: 'Test', bootstrapSeed: 11, inputs: 'HIDDEN' },
  });
  await groundTruth.replaceForTestSet(
    owner,
    testSet.id,
    taskType.groundTruthCases(parsed.value, config),
  );
  // Hidden inputs: every case asks about the same image (as VQA-RAD does), with its own question.
  const manifest = [
    'case_id,file,case_number,question,options',
    ...Array.from(
      { length: N },
      (_, i) => `q${i},images/synpic42202.jpg,${i},Is there evidence of an aortic aneurysm?,yes|no`,
    ),
  ].join('\n');
  const zip = encodeZip([
    { name: 'manifest.csv', data: Buffer.from(`${manifest}\n`) },
    { name: 'images/synpic42202.jpg', data: IMAGE },
  ]);
  await storeAppliedInputs(owner, blobs, testSet.id, zip);
  phaseId = // Near-duplicate check off: the three runs here answer alike on purpose.
    (
      await owner.phase.create({
        data: { benchmarkId, name: 'Open', opensAt: new Date(0), ...NEAR_DUPLICATE_CHECK_OFF },
      })
    ).id;
  member = await createUserWithTeam(web);
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

afterAll(async () => {
  await owner.benchmark.delete({ where: { id: benchmarkId } });
  await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
  await rm(dir, { recursive: true, force: true });
});

describe('an endpoint submission', () => {
  it("is called on every hidden case and scored: the stand-in rule's accuracy, exactly", async () => {
    stub = await startChatCompletionsStub({ answer: ruleAnswer });
    const id = await submitEndpoint(stub.url, 'stand-in rule');
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'scored',
      evaluationsWritten: 1,
    });

    const expected = Array.from({ length: N }, (_, i) => i).filter(
      (i) => (i % 2 === 0 ? 'A' : 'B') === truthLetter(i),
    ).length;
    expect(await scoreOf(id, 'vqa_accuracy')).toBe(roundToDecimals(expected / N, 3));
    expect(await scoreOf(id, 'extraction_failure_rate')).toBe(0);

    // Every case was sent once, with the sealed key opened, the image and the filled prompt.
    const requests = stub.requests();
    expect(requests).toHaveLength(N);
    expect(new Set(requests.map(caseNumberOf)).size).toBe(N);
    for (const request of requests) {
      expect(request.authorization).toBe(`Bearer ${API_KEY}`);
      expect(request.model).toBe('stand-in-vlm');
      expect(request.imageBytes?.equals(IMAGE)).toBe(true);
      expect(request.text).toMatch(
        /^Radiology question for case \d+: Is there evidence of an aortic aneurysm\?\nA\. yes\nB\. no\nAnswer A or B\.$/,
      );
    }
    expect(stub.maxInFlight()).toBeLessThanOrEqual(3);

    // Kept answers, the latency summary, a clean run report, and the key erased.
    const stored = await owner.submission.findUniqueOrThrow({
      where: { id },
      include: { endpoint: true },
    });
    expect(stored.predictionsBlobKey).toMatch(/^run-predictions\/.+\.jsonl$/);
    expect(stored.inference).toMatchObject({ kind: 'endpoint', cases: N });
    expect(stored.runReport).toEqual({ requests: N, retries: 0, failureCount: 0, failures: [] });
    expect(stored.endpoint?.sealedApiKey).toBeNull();
    expect(stored.endpoint?.apiKeyHint).toBe('…1234');
    const evaluation = await owner.evaluation.findFirstOrThrow({ where: { submissionId: id } });
    expect(evaluation.notes.join('\n')).toMatch(
      new RegExp(`^endpoint run: ${N} cases, inference [\\d.]+ ms/case on average`),
    );
    // A retried job finds it finished and calls nothing.
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'skipped',
      reason: 'already finished',
    });
    expect(stub.requests()).toHaveLength(N);
  }, 60_000);

  it('retries 500s and timeouts, then counts what still fails as extraction failures, listed for the submitter', async () => {
    const attempts = new Map<number, number>();
    stub = await startChatCompletionsStub({
      answer: ruleAnswer,
      // Case 7 never answers in time (1 s per request), on every attempt.
      delayMs: (request) => (caseNumberOf(request) === 7 ? 1_500 : 0),
      reply: (request) => {
        const n = caseNumberOf(request);
        const attempt = (attempts.get(n) ?? 0) + 1;
        attempts.set(n, attempt);
        // Case 1 fails once and then answers; case 5 always fails.
        if ((n === 1 && attempt === 1) || n === 5)
          return { status: 500, body: '{"error":{"message":"overloaded"}}' };
        return undefined;
      },
    });
    const id = await submitEndpoint(stub.url, 'flaky stand-in');
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'scored',
      evaluationsWritten: 1,
    });
    const stored = await owner.submission.findUniqueOrThrow({ where: { id } });
    const report = stored.runReport as {
      requests: number;
      retries: number;
      failureCount: number;
      failures: { caseId: string; kind: string; detail: string }[];
    };
    expect(report.failureCount).toBe(2);
    expect(report.failures.map((f) => [f.caseId, f.kind]).sort()).toEqual([
      ['q5', 'http'],
      ['q7', 'timeout'],
    ]);
    // One retry each for cases 1, 5 and 7 (retries: 1).
    expect(report.retries).toBe(3);
    expect(report.requests).toBe(N + 3);
    expect(JSON.stringify(report)).not.toContain(API_KEY);
    expect(attempts.get(1)).toBe(2);

    // The failed cases are scored as extraction failures (and wrong); the rest as answered.
    const failed = new Set([5, 7]);
    const correct = Array.from({ length: N }, (_, i) => i).filter(
      (i) => !failed.has(i) && (i % 2 === 0 ? 'A' : 'B') === truthLetter(i),
    ).length;
    expect(await scoreOf(id, 'vqa_accuracy')).toBe(roundToDecimals(correct / N, 3));
    expect(await scoreOf(id, 'extraction_failure_rate')).toBe(roundToDecimals(2 / N, 3));
  }, 60_000);

  it('refuses an endpoint in a private address range the site does not allow: no request, nothing scored, key erased', async () => {
    stub = await startChatCompletionsStub({ answer: ruleAnswer });
    const id = await submitEndpoint(stub.url, 'private address');
    const publicOnly = parseEgressPolicy({ ENDPOINT_ALLOWED_HOSTS: '127.0.0.1' });
    expect(await handleScoreSubmission(deps(publicOnly), { submissionId: id })).toEqual({
      outcome: 'failed',
      issueCount: 0,
    });
    const stored = await submissions.findById(web, id, { userId: member.userId, role: 'user' });
    expect(stored?.status).toBe('FAILED');
    expect(stored?.error?.message).toMatch(/127\.0\.0\.1.*private|private.*127\.0\.0\.1/);
    expect(stub.requests()).toHaveLength(0);
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(0);
    const endpoint = await owner.submissionEndpoint.findUniqueOrThrow({
      where: { submissionId: id },
    });
    expect(endpoint.sealedApiKey).toBeNull();
  });
});
