// `medrank submit --model` as a participant runs it: the real bin → the web's submission route
// (route test server) → a real compiled worker that runs the committed BreastMNIST model on the
// track's HIDDEN inputs in the model runner's sandbox and scores its outputs like an uploaded
// file. The AUROC shown equals what onnxruntime gives in this process on the npz's pixels; a
// model of the wrong input shape fails with the precise message and puts nothing on the board.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { roundToDecimals } from '@medrank/core';
import { apiTokens, createDatabase, testInputs } from '@medrank/db';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../../../tools/testing/cli-entry.js';
import { startTestPlatform, type TestPlatform } from '../../../../tools/testing/test-platform.js';

const root = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'medrank-cli-model-'));
const run = promisify(execFile);
const owner = createDatabase(testDatabaseUrls().ADMIN_DATABASE_URL, { maxConnections: 2 });
let platform: TestPlatform;
let set: BreastMnistTestSet;
let fixture: Awaited<ReturnType<typeof createClassificationBenchmark>>;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;
let token = '';

async function medrank(args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [CLI_ENTRY, ...args, '--url', platform.url, '--token', token],
      { cwd: root, timeout: 180_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'cli-model' });
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
  await owner.testSet.update({ where: { id: fixture.testSetId }, data: { inputs: 'HIDDEN' } });
  // The hidden inputs, in the platform's blob store as a curator's confirmed upload leaves them.
  const zip = await new FileBlobStore(platform.blobRoot).put(Readable.from([set.inputsZip]), {
    keyPrefix: 'test-inputs',
    extension: 'zip',
    maxBytes: set.inputsZip.length,
  });
  await testInputs.recordSeededInputs(owner, {
    testSetId: fixture.testSetId,
    blobKey: zip.key,
    fileName: 'inputs.zip',
    fileBytes: zip.bytes,
    sha256: zip.sha256,
    preview: {
      caseCount: 156,
      fileCount: 156,
      inputBytes: 0,
      manifestName: 'manifest.csv',
      manifestColumns: ['case_id', 'file'],
    },
  });
  member = await createUserWithTeam(owner);
  token = (await apiTokens.create(owner, member.userId, 'cli')).token;
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await owner.benchmark.delete({ where: { id: fixture.benchmarkId } });
  await owner.user.delete({ where: { id: member.userId } });
  await owner.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

interface SubmissionJson {
  status: string;
  error: { message: string } | null;
  evaluations: {
    caseCount: number;
    scores: { metric: string; value: number }[];
    notes: string[];
  }[];
}

describe('medrank submit --model', () => {
  it('runs the model on the hidden inputs and scores it: the AUROC onnxruntime gives directly, ≥ 0.75', async () => {
    const result = await medrank([
      'submit',
      '--benchmark',
      fixture.slug,
      '--model',
      BREASTMNIST_MODEL,
      '--wait',
      '--json',
    ]);
    expect(result.code, `${result.stderr}\n${platform.output()}`).toBe(0);
    const submission = JSON.parse(result.stdout) as SubmissionJson;
    expect(submission.status).toBe('SCORED');

    const session = await ort.InferenceSession.create(BREASTMNIST_MODEL);
    const x = Float32Array.from(set.pixels, (v) => v / 255);
    const { probability } = await session.run({
      x: new ort.Tensor('float32', x, [set.caseIds.length, 1, 28, 28]),
    });
    const direct = rocAucScore(set.labels, Float64Array.from(probability!.data as Float32Array));
    await session.release();
    const { scoreDecimals } = await owner.phase.findUniqueOrThrow({
      where: { id: fixture.phaseId },
    });

    const [evaluation] = submission.evaluations;
    expect(evaluation?.caseCount).toBe(156);
    const auroc = evaluation!.scores.find((s) => s.metric === 'roc_auc')!.value;
    expect(auroc).toBe(roundToDecimals(direct, scoreDecimals));
    expect(auroc).toBeGreaterThanOrEqual(0.75);
    expect(evaluation!.notes[0]).toMatch(/^model run: 156 cases, inference [\d.]+ ms\/case/);

    // The same probabilities as a predictions file (--file) on the same track: the same AUROC.
    const p = Float64Array.from(probability!.data as Float32Array);
    const csv = join(dir, 'predictions.csv');
    writeFileSync(
      csv,
      `case_id,p_malignant,p_normal_or_benign\n${set.caseIds.map((id, i) => `${id},${1 - p[i]!},${p[i]}`).join('\n')}\n`,
    );
    const asFile = await medrank([
      'submit',
      '--benchmark',
      fixture.slug,
      '--file',
      csv,
      '--wait',
      '--json',
    ]);
    expect(asFile.code, asFile.stderr).toBe(0);
    const scoredFile = JSON.parse(asFile.stdout) as SubmissionJson;
    expect(scoredFile.evaluations[0]!.scores.find((s) => s.metric === 'roc_auc')!.value).toBe(
      auroc,
    );
    expect(scoredFile.evaluations[0]!.notes).toEqual([]);
  }, 240_000);

  it('fails a model of the wrong input shape with the precise message; the board is unchanged', async () => {
    const before = await owner.evaluation.count({ where: { testSetId: fixture.testSetId } });
    const wrong = join(dir, 'wrong-shape.onnx');
    writeFileSync(wrong, wrongInputShapeModel());
    const result = await medrank([
      'submit',
      '--benchmark',
      fixture.slug,
      '--model',
      wrong,
      '--wait',
      '--json',
    ]);
    expect(result.code, `${result.stderr}\n${platform.output()}`).toBe(1);
    const submission = JSON.parse(result.stdout) as SubmissionJson;
    expect(submission.status).toBe('FAILED');
    expect(submission.error?.message).toMatch(
      /^signature: the model does not fit the track: input 'x' has shape \[[^\]]+\]; the track expects \[N,1,28,28\]/,
    );
    expect(submission.evaluations).toEqual([]);
    expect(await owner.evaluation.count({ where: { testSetId: fixture.testSetId } })).toBe(before);
  }, 240_000);

  it('refuses --model with a file that is not named .onnx, and --file with --model', async () => {
    const both = await medrank([
      'submit',
      '--benchmark',
      fixture.slug,
      '--model',
      'a.onnx',
      '--file',
      'b.csv',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      'give one of --file (a predictions file), --model (an ONNX model) or --endpoint',
    );
    const named = await medrank(['submit', '--benchmark', fixture.slug, '--model', 'model.pt']);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain("--model model.pt: an ONNX model's file name ends in .onnx");
  });
});
