import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { roundToDecimals } from '@medrank/core';
import { createDatabase, rankStats, submissions } from '@medrank/db';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  NEAR_DUPLICATE_CHECK_OFF,
  testDatabaseUrls,
} from '@medrank/db/testing';
import { FileBlobStore } from '@medrank/storage';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleScoreSubmission } from './score-submission.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

// Expected values from scikit-learn 1.2.1: roc_auc_score(y, p) and accuracy_score(y, p >= 0.5).
const LABELS = [0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1];
const P_POSITIVE = [0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.55, 0.3, 0.65, 0.45, 0.5];
const SKLEARN_AUROC = 0.888888888888889;
const SKLEARN_ACCURACY = 0.8333333333333334;

let blobRoot: string;
let blobs: FileBlobStore;
let fixture: Awaited<ReturnType<typeof createClassificationBenchmark>>;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;
/** The submitting team's view of its own submissions. */
const asOwner = () => ({ userId: member.userId, role: 'user' });
const deps = () => ({
  db: worker,
  blobs,
  logger: pino({ level: 'silent' }),
  bootstrapReplicates: 200,
  jobMemoryBudgetBytes: 512 * 1024 * 1024,
});

async function submit(csv: string): Promise<string> {
  const blob = await blobs.put(Readable.from([Buffer.from(csv)]), {
    keyPrefix: 'submissions',
    extension: 'csv',
    maxBytes: 1 << 20,
  });
  const { id } = await submissions.createWithOutbox(web, {
    teamId: member.teamId,
    trackId: fixture.trackId,
    phaseId: fixture.phaseId,
    submittedById: member.userId,
    methodName: 'test method',
    blobKey: blob.key,
    fileName: 'predictions.csv',
    fileBytes: blob.bytes,
    sha256: blob.sha256,
  });
  return id;
}

const csvFrom = (rows: string[]) => ['case_id,p_negative,p_positive', ...rows].join('\n') + '\n';
const goodCsv = () => csvFrom(P_POSITIVE.map((p, i) => `c${i},${(1 - p).toFixed(2)},${p}`));

beforeAll(async () => {
  blobRoot = await mkdtemp(path.join(os.tmpdir(), 'medrank-int-'));
  blobs = new FileBlobStore(blobRoot);
  fixture = await createClassificationBenchmark(owner, {
    cases: LABELS.map((y, i) => ({ caseId: `c${i}`, label: y ? 'positive' : 'negative' })),
    // These tests submit the same file again on purpose; near-duplicate.int.test.ts covers the check.
    phase: NEAR_DUPLICATE_CHECK_OFF,
  });
  member = await createUserWithTeam(web);
});

afterAll(async () => {
  await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
  await rm(blobRoot, { recursive: true, force: true });
});

describe('handleScoreSubmission', () => {
  it('scores a valid file with the values scikit-learn gives, stored at the stated precision, and CIs', async () => {
    const id = await submit(goodCsv());
    await expect(handleScoreSubmission(deps(), { submissionId: id })).resolves.toEqual({
      outcome: 'scored',
      evaluationsWritten: 1,
    });
    const scored = await submissions.findById(web, id, asOwner());
    expect(scored?.status).toBe('SCORED');
    expect(
      await owner.auditLog.count({
        where: { targetId: id, action: 'submission.create', actorId: member.userId },
      }),
    ).toBe(1);
    const scores = Object.fromEntries(scored!.evaluations[0]!.scores.map((s) => [s.metric, s]));
    // The phase states 3 decimals (the default): 0.889 and 0.833 are what anyone can read.
    expect(scores.roc_auc!.value).toBe(roundToDecimals(SKLEARN_AUROC, 3));
    expect(scores.accuracy!.value).toBe(roundToDecimals(SKLEARN_ACCURACY, 3));
    // The exact values stay in the hidden schema: the mean of the per-case accuracy values.
    const perCase = await worker.caseValues.findFirstOrThrow({
      where: { metric: 'accuracy', evaluation: { submissionId: id } },
    });
    const values = rankStats.decodeFloat64(perCase.values);
    expect(values.reduce((sum, v) => sum + v, 0) / values.length).toBeCloseTo(SKLEARN_ACCURACY, 12);
    for (const s of Object.values(scores)) {
      expect(s.ciLow).not.toBeNull();
      expect(s.ciLow!).toBeLessThanOrEqual(s.value!);
      expect(s.ciHigh!).toBeGreaterThanOrEqual(s.value!);
      expect(s.n).toBe(12);
    }
  });

  it('writes nothing the second time: a retried or duplicated job is harmless', async () => {
    const id = await submit(goodCsv());
    await handleScoreSubmission(deps(), { submissionId: id });
    await expect(handleScoreSubmission(deps(), { submissionId: id })).resolves.toEqual({
      outcome: 'skipped',
      reason: 'already finished',
    });
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(1);
  });

  it('writes one result when two workers score the same submission at once', async () => {
    const id = await submit(goodCsv());
    // Both claim before either finishes (as after a stalled-job recovery): the unique key decides.
    const outcomes = await Promise.all([
      handleScoreSubmission(deps(), { submissionId: id }),
      handleScoreSubmission(deps(), { submissionId: id }),
    ]);
    expect(outcomes.map((o) => o.outcome)).toContain('scored');
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(1);
    expect(await owner.score.count({ where: { evaluation: { submissionId: id } } })).toBe(2);
  });

  it('writes nothing for a submission that failed while it was being scored', async () => {
    // BullMQ may give a job up as stalled (a lock not renewed in time) while its first run goes
    // on; the submission is then marked FAILED. That run must not attach results to it.
    const id = await submit(goodCsv());
    expect(await submissions.claimForScoring(worker, id)).not.toBeNull();
    expect(
      await submissions.markFailed(worker, id, { message: 'given up', issues: [], issueCount: 0 }),
    ).toBe(true);
    await expect(handleScoreSubmission(deps(), { submissionId: id })).resolves.toMatchObject({
      outcome: 'skipped',
    });
    const testSetId = fixture.testSetId;
    await expect(
      submissions.saveResults(
        worker,
        id,
        [{ testSetId, evaluatorVersion: 1, caseCount: 12, durationMs: 1, scores: [] }],
        { primaryMetricHigherIsBetter: true },
      ),
    ).resolves.toEqual({ written: 0, alreadyFinished: true });
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(0);
    expect((await submissions.findById(web, id, asOwner()))?.status).toBe('FAILED');
  });

  it('gives a perfect predictor AUROC 1 and accuracy 1, and a constant one AUROC 0.5', async () => {
    const perfect = await submit(csvFrom(LABELS.map((y, i) => `c${i},${1 - y},${y}`)));
    const constant = await submit(csvFrom(LABELS.map((_, i) => `c${i},0.5,0.5`)));
    await handleScoreSubmission(deps(), { submissionId: perfect });
    await handleScoreSubmission(deps(), { submissionId: constant });
    const value = async (id: string, metric: string) =>
      (await submissions.findById(web, id, asOwner()))!.evaluations[0]!.scores.find(
        (s) => s.metric === metric,
      )!.value;
    expect(await value(perfect, 'roc_auc')).toBe(1);
    expect(await value(perfect, 'accuracy')).toBe(1);
    expect(await value(constant, 'roc_auc')).toBe(0.5);
  });

  it.each([
    [
      'a missing case',
      csvFrom(P_POSITIVE.slice(0, 11).map((p, i) => `c${i},${(1 - p).toFixed(2)},${p}`)),
      /1 of 12 cases have no prediction: "c11"/,
    ],
    [
      'a duplicate case',
      goodCsv() + 'c3,0.5,0.5\n',
      /case "c3" appears more than once: lines 5 and 14/,
    ],
    ['an unknown case', goodCsv().replace('c5,', 'zzz,'), /unknown case_id "zzz"/],
    ['a wrong header', goodCsv().replace('p_positive', 'prob'), /header/i],
    ['a NaN', goodCsv().replace('c2,0.65,0.35', 'c2,NaN,0.35'), /"NaN" is not a finite number/],
    ['a probability above 1', goodCsv().replace('c2,0.65,0.35', 'c2,-0.2,1.2'), /outside \[0, 1\]/],
    ['an empty file', '', /empty/i],
    ['a binary file', '\u0000\u0001\u0002PNG\u0000', /binary|not UTF-8|NUL/i],
  ])('fails %s with a precise error and writes no result', async (_, csv, expected) => {
    const id = await submit(csv);
    await expect(handleScoreSubmission(deps(), { submissionId: id })).resolves.toMatchObject({
      outcome: 'failed',
    });
    const failed = await submissions.findById(web, id, asOwner());
    expect(failed?.status).toBe('FAILED');
    expect(failed?.error?.issues.map((i) => i.message).join('\n')).toMatch(expected);
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(0);
  });

  it('never names a hidden label in an error', async () => {
    const id = await submit(csvFrom(LABELS.map((_, i) => `c${i},0.5,0.5,extra`)));
    await handleScoreSubmission(deps(), { submissionId: id });
    const failed = await submissions.findById(web, id, asOwner());
    const text = JSON.stringify(failed?.error);
    expect(failed?.status).toBe('FAILED');
    // Class names are public; what must not appear is which case has which label.
    for (const [i, y] of LABELS.entries())
      expect(text).not.toContain(`c${i}: ${y ? 'positive' : 'negative'}`);
    expect(text).not.toMatch(/label (is|was|should be)/i);
  });
});
