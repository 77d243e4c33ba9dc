// A model submission end to end in the scoring job: the committed BreastMNIST model uploaded to a
// track that declares its contract, run by the model runner on the test set's HIDDEN inputs,
// its predictions scored by the same path as an uploaded file. The AUROC stored equals the one
// onnxruntime gives in this process on the npz's pixels (rounded to the phase's precision).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { roundToDecimals } from '@medrank/core';
import { bumpEvaluatorVersion } from '@medrank/curation';
import { createDatabase, rescoreRuns, submissions } from '@medrank/db';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  NEAR_DUPLICATE_CHECK_OFF,
  testDatabaseUrls,
} from '@medrank/db/testing';
import { rocAucScore } from '@medrank/metrics';
import {
  BREASTMNIST_CLASSES,
  BREASTMNIST_MODEL,
  BREASTMNIST_MODEL_CONTRACT,
  breastMnistTestSet,
  wrongInputShapeModel,
  type BreastMnistTestSet,
} from '@medrank/model-runner/testing';
import { FileBlobStore } from '@medrank/storage';
import * as ort from 'onnxruntime-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleRescoreEvaluation } from './rescore-evaluation.js';
import { storeAppliedInputs, submitModelFile } from '../testing/run-fixtures.js';
import { handleScoreSubmission } from './score-submission.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

let blobRoot: string;
let blobs: FileBlobStore;
let set: BreastMnistTestSet;
let fixture: Awaited<ReturnType<typeof createClassificationBenchmark>>;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;
const deps = () => ({
  db: worker,
  blobs,
  logger: pino({ level: 'silent' }),
  bootstrapReplicates: 100,
  jobMemoryBudgetBytes: 512 * 1024 * 1024,
});

const submitModel = (
  bytes: Uint8Array,
  fileName = 'model.onnx',
  kind?: Parameters<typeof submitModelFile>[5],
) =>
  submitModelFile(
    web,
    blobs,
    { ...member, trackId: fixture.trackId, phaseId: fixture.phaseId },
    bytes,
    fileName,
    kind,
  );

beforeAll(async () => {
  blobRoot = await mkdtemp(path.join(os.tmpdir(), 'medrank-int-model-'));
  blobs = new FileBlobStore(blobRoot);
  set = await breastMnistTestSet();
  fixture = await createClassificationBenchmark(owner, {
    classes: [...BREASTMNIST_CLASSES],
    cases: set.caseIds.map((caseId, i) => ({
      caseId,
      label: BREASTMNIST_CLASSES[set.labels[i]!]!,
    })),
    phase: NEAR_DUPLICATE_CHECK_OFF,
  });
  await owner.track.update({
    where: { id: fixture.trackId },
    data: {
      taskConfig: {
        classes: [...BREASTMNIST_CLASSES],
        positiveClass: 'normal_or_benign',
        model: { ...BREASTMNIST_MODEL_CONTRACT, limits: { perCaseMs: 5000, memoryMb: 512 } },
      },
    },
  });
  const testSet = await owner.testSet.update({
    where: { id: fixture.testSetId },
    data: { inputs: 'HIDDEN' },
  });
  await storeAppliedInputs(owner, blobs, testSet.id, set.inputsZip);
  member = await createUserWithTeam(web);
}, 60_000);

afterAll(async () => {
  await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
  await rm(blobRoot, { recursive: true, force: true });
});

describe('a model submission', () => {
  it('is run on the hidden inputs and scored like a file: the AUROC onnxruntime gives directly, ≥ 0.75', async () => {
    const id = await submitModel(readFileSync(BREASTMNIST_MODEL));
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'scored',
      evaluationsWritten: 1,
    });

    const session = await ort.InferenceSession.create(BREASTMNIST_MODEL);
    const x = Float32Array.from(set.pixels, (v) => v / 255);
    const { probability } = await session.run({
      x: new ort.Tensor('float32', x, [set.caseIds.length, 1, 28, 28]),
    });
    const direct = rocAucScore(set.labels, Float64Array.from(probability!.data as Float32Array));
    await session.release();

    const evaluation = await owner.evaluation.findFirstOrThrow({
      where: { submissionId: id },
      include: { scores: true, submission: { include: { phase: true } } },
    });
    const auroc = evaluation.scores.find((s) => s.metric === 'roc_auc')!.value;
    expect(auroc).toBe(roundToDecimals(direct, evaluation.submission.phase!.scoreDecimals));
    expect(auroc).toBeGreaterThanOrEqual(0.75);
    expect(evaluation.caseCount).toBe(156);
    // The inference time per case, recorded on the evaluation.
    expect(evaluation.notes.join('\n')).toMatch(
      /^model run: 156 cases, inference [\d.]+ ms\/case on average \(p50 [\d.]+ ms, p95 [\d.]+ ms, [\d.]+ ms in all\)/,
    );
    // The run's predictions are kept (a rescore reads them), with the inference summary the
    // board's efficiency column shows.
    const stored = await owner.submission.findUniqueOrThrow({ where: { id } });
    expect(stored.kind).toBe('ONNX_MODEL'); // as the upload route records it
    expect(stored.predictionsBlobKey).toMatch(/^run-predictions\/.+\.csv$/);
    expect(stored.inference).toMatchObject({ kind: 'onnx', cases: 156 });
    expect((stored.inference as { meanMs: number }).meanMs).toBeGreaterThan(0);
    // The binary track's predictions: p(positive class) per case.
    expect(readFileSync(blobs.localPath(stored.predictionsBlobKey!)!, 'utf8').split('\n')[0]).toBe(
      'case_id,p_normal_or_benign',
    );
    // A retried job finds it finished and writes nothing.
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'skipped',
      reason: 'already finished',
    });

    // A rescore at a new evaluator version scores the kept predictions (the model is not run
    // again): the same AUROC. Before predictions were kept, it read the .onnx as a predictions file.
    await owner.$transaction((tx) =>
      bumpEvaluatorVersion(tx, fixture.testSetId, { reason: 'test', actorId: null }),
    );
    const { run } = await rescoreRuns.requestForTestSet(owner, {
      testSetId: fixture.testSetId,
      reason: 'test',
      actorId: member.userId,
      benchmarkId: fixture.benchmarkId,
      target: 'test',
    });
    const rescored = await handleRescoreEvaluation(deps(), {
      rescoreRunId: run.id,
      submissionId: id,
      testSetId: fixture.testSetId,
      evaluatorVersion: 2,
    });
    expect(rescored).toMatchObject({ outcome: 'scored', counted: true });
    const atV2 = await owner.evaluation.findFirstOrThrow({
      where: { submissionId: id, evaluatorVersion: 2 },
      include: { scores: true },
    });
    expect(atV2.scores.find((s) => s.metric === 'roc_auc')!.value).toBe(auroc);
  }, 120_000);

  it('scores the kept predictions of a run when the job is retried after the run, without running the model again', async () => {
    const id = await submitModel(readFileSync(BREASTMNIST_MODEL), 'kept.onnx');
    // As if an earlier attempt ran the model, kept its predictions, then lost its process: the
    // kept file (a valid predictions CSV) is scored; the model blob is not even read.
    const header = 'case_id,p_normal_or_benign';
    const rows = set.caseIds.map(
      (c, i) => `${c},${BREASTMNIST_CLASSES[set.labels[i]!] === 'normal_or_benign' ? 0.9 : 0.1}`,
    );
    const kept = await blobs.put(Readable.from([Buffer.from([header, ...rows, ''].join('\n'))]), {
      keyPrefix: 'run-predictions',
      extension: 'csv',
      maxBytes: 1 << 20,
    });
    await submissions.recordRunPredictions(worker, id, {
      predictionsBlobKey: kept.key,
      inference: { kind: 'onnx', cases: 156, meanMs: 1, p50Ms: 1, p95Ms: 1, totalMs: 156 },
    });
    await owner.submission.update({
      where: { id },
      data: { blobKey: 'submissions/missing.onnx' },
    });
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'scored',
      evaluationsWritten: 1,
    });
    const evaluation = await owner.evaluation.findFirstOrThrow({
      where: { submissionId: id },
      include: { scores: true },
    });
    expect(evaluation.notes[0]).toBe(
      'model run: 156 cases, inference 1 ms/case on average (p50 1 ms, p95 1 ms, 156 ms in all)',
    );
  }, 60_000);

  it('fails a model of the wrong input shape with the precise message, and scores nothing', async () => {
    // Recorded as PREDICTIONS, as submissions made before `kind` existed are: the .onnx name
    // still makes it a model run.
    const id = await submitModel(wrongInputShapeModel(), 'wrong-shape.onnx', 'PREDICTIONS');
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'failed',
      issueCount: 0,
    });
    const stored = await submissions.findById(web, id, { userId: member.userId, role: 'user' });
    expect(stored?.status).toBe('FAILED');
    expect(stored?.error?.message).toMatch(
      /^signature: the model does not fit the track: input 'x' has shape \[[^\]]+\]; the track expects \[N,1,28,28\]/,
    );
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(0);
  }, 120_000);

  it('fails a model sent to a track that takes prediction files only, saying so', async () => {
    await owner.track.update({
      where: { id: fixture.trackId },
      data: {
        taskConfig: { classes: [...BREASTMNIST_CLASSES], positiveClass: 'normal_or_benign' },
      },
    });
    try {
      const id = await submitModel(readFileSync(BREASTMNIST_MODEL), 'logreg.onnx');
      expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
        outcome: 'failed',
        issueCount: 0,
      });
      const stored = await submissions.findById(web, id, { userId: member.userId, role: 'user' });
      expect(stored?.error?.message).toBe(
        'this track takes prediction files, not models: upload a predictions file (logreg.onnx is an ONNX model)',
      );
    } finally {
      await owner.track.update({
        where: { id: fixture.trackId },
        data: {
          taskConfig: { classes: [...BREASTMNIST_CLASSES], model: BREASTMNIST_MODEL_CONTRACT },
        },
      });
    }
  });
});
