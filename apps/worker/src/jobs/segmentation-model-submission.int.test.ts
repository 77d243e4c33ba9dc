// A segmentation model submission end to end in the scoring job: a threshold model (a 1×1
// convolution built with onnx-proto) uploaded to a segmentation track that declares a model
// contract, run on two test sets' HIDDEN inputs (synthetic disk images), its masks kept as one
// predictions.zip and scored by the segmentation scorer like an uploaded zip. The Dice stored
// equals the Dice of the kept masks computed here with the metrics package's diceScore: 1 on the
// test set whose truth is the threshold rule, below 1 on the one whose truth is a dilated disk.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { roundToDecimals } from '@medrank/core';
import { createDatabase, groundTruth, submissions } from '@medrank/db';
import {
  createUserWithTeam,
  NEAR_DUPLICATE_CHECK_OFF,
  testDatabaseUrls,
} from '@medrank/db/testing';
import { encodeZip, parseMaskArchive } from '@medrank/formats';
import { diceScore } from '@medrank/metrics';
import {
  diskCases,
  diskInputsZip,
  greyPng,
  maskPng,
  thresholdSegmentationModel,
  type DiskCase,
} from '@medrank/model-runner/testing';
import { segmentationTaskType } from '@medrank/scoring';
import { FileBlobStore } from '@medrank/storage';
import { parseSegmentationConfig } from '@medrank/task-contracts/config';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAppliedInputs, submitModelFile } from '../testing/run-fixtures.js';
import { handleScoreSubmission } from './score-submission.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });
const worker = createDatabase(urls.WORKER_DATABASE_URL, { maxConnections: 2 });

const HEIGHT = 40;
const WIDTH = 36;
const TASK_CONFIG = {
  labels: { '1': 'disk' },
  model: {
    input: { name: 'x', shape: ['N', 1, HEIGHT, WIDTH], scaling: 'divide255' },
    output: { name: 'logits', values: 'logits' },
    limits: { perCaseMs: 5_000, memoryMb: 512 },
  },
};

/** The disk grown by one pixel (4-neighbourhood): a truth the threshold model misses at the rim. */
function dilated({ mask, height, width }: DiskCase): Uint8Array {
  const out = Uint8Array.from(mask);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (
        mask[y * width + x] === 0 &&
        [
          [y - 1, x],
          [y + 1, x],
          [y, x - 1],
          [y, x + 1],
        ].some(([yy, xx]) => mask[yy! * width + xx!] === 1 && xx! >= 0 && xx! < width)
      )
        out[y * width + x] = 1;
  return out;
}

let blobRoot: string;
let blobs: FileBlobStore;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;
let benchmarkId: string;
let trackId: string;
let phaseId: string;
let phaseDecimals: number;
/** Per test set: its id, its cases and the truth masks its ground truth holds. */
const testSets: { id: string; slug: string; cases: DiskCase[]; truth: Uint8Array[] }[] = [];

const deps = () => ({
  db: worker,
  blobs,
  logger: pino({ level: 'silent' }),
  bootstrapReplicates: 50,
  jobMemoryBudgetBytes: 512 * 1024 * 1024,
});

const submitModel = (bytes: Uint8Array, fileName: string) =>
  submitModelFile(web, blobs, { ...member, trackId, phaseId }, bytes, fileName);

const setInputs = (testSetId: string, cases: readonly Pick<DiskCase, 'caseId' | 'png'>[]) =>
  storeAppliedInputs(owner, blobs, testSetId, diskInputsZip(cases));

beforeAll(async () => {
  blobRoot = await mkdtemp(path.join(os.tmpdir(), 'medrank-int-segmentation-model-'));
  blobs = new FileBlobStore(blobRoot);
  const slug = `seg-model-${Date.now().toString(36)}`;
  const benchmark = await owner.benchmark.create({
    data: {
      slug,
      title: `Fixture ${slug}`,
      summary: 'Integration test fixture',
      taskType: 'segmentation',
      status: 'PUBLISHED',
    },
  });
  benchmarkId = benchmark.id;
  const track = await owner.track.create({
    data: {
      benchmarkId,
      slug: 'main',
      name: 'Main',
      taskType: 'segmentation',
      taskConfig: TASK_CONFIG,
      metrics: ['dice', 'iou'],
      primaryMetric: 'dice',
    },
  });
  trackId = track.id;
  const config = parseSegmentationConfig(TASK_CONFIG);
  for (const [slugOf, prefix, seed, truthOf] of [
    ['exact', 'exact', 3, (c: DiskCase) => c.mask],
    ['dilated', 'dilated', 11, dilated],
  ] as const) {
    const testSet = await owner.testSet.create({
      data: { trackId, slug: slugOf, name: slugOf, bootstrapSeed: 7, inputs: 'HIDDEN' },
    });
    const cases = diskCases({ count: 8, height: HEIGHT, width: WIDTH, prefix, seed });
    const truth = cases.map(truthOf);
    // Ground truth as a curator's upload would store it: the scorer's own parse and payloads.
    const truthZip = encodeZip(
      cases.map((c, i) => ({ name: `${c.caseId}.png`, data: maskPng({ ...c, mask: truth[i]! }) })),
    );
    const truthPath = path.join(blobRoot, `truth-${slugOf}.zip`);
    await writeFile(truthPath, truthZip);
    const parsed = await segmentationTaskType.parseGroundTruth(truthPath, config);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    await groundTruth.replaceForTestSet(
      owner,
      testSet.id,
      segmentationTaskType
        .groundTruthCases(parsed.value, config)
        .map(({ caseId, truth: payload }) => ({
          caseId,
          truth: payload as Record<string, unknown>,
        })),
    );
    await setInputs(testSet.id, cases);
    testSets.push({ id: testSet.id, slug: slugOf, cases, truth });
  }
  const phase = await owner.phase.create({
    data: {
      benchmarkId,
      name: 'Open',
      opensAt: new Date(0),
      dailyQuota: 100,
      ...NEAR_DUPLICATE_CHECK_OFF,
    },
  });
  phaseId = phase.id;
  phaseDecimals = phase.scoreDecimals;
  member = await createUserWithTeam(web);
}, 60_000);

afterAll(async () => {
  if (benchmarkId) await owner.benchmark.delete({ where: { id: benchmarkId } });
  if (member) await owner.user.delete({ where: { id: member.userId } });
  await Promise.all([owner.$disconnect(), web.$disconnect(), worker.$disconnect()]);
  await rm(blobRoot, { recursive: true, force: true });
});

describe('a segmentation model submission', () => {
  it('is run on every test set’s hidden inputs, kept as one predictions.zip and scored: Dice as computed offline, 1 where the model is perfect', async () => {
    const id = await submitModel(thresholdSegmentationModel(), 'threshold.onnx');
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'scored',
      evaluationsWritten: 2,
    });

    const stored = await owner.submission.findUniqueOrThrow({ where: { id } });
    expect(stored.predictionsBlobKey).toMatch(/^run-predictions\/.+\.zip$/);
    expect(stored.inference).toMatchObject({ kind: 'onnx', cases: 16 });
    // The kept masks, read by the scorer's own reader: every case of both test sets, each the
    // threshold rule's mask of its image exactly.
    const allCases = testSets.flatMap((t) => t.cases);
    const kept = await parseMaskArchive(
      readFileSync(blobs.localPath(stored.predictionsBlobKey!)!),
      {
        caseIds: allCases.map((c) => c.caseId),
        allowedLabels: [1],
      },
    );
    if (!kept.ok) throw new Error(JSON.stringify(kept.issues));
    kept.value.masks.forEach((mask, i) => {
      expect(mask.shape).toEqual([HEIGHT, WIDTH]);
      expect(Array.from(mask.data)).toEqual(Array.from(allCases[i]!.mask));
    });

    for (const [t, testSet] of testSets.entries()) {
      const evaluation = await owner.evaluation.findFirstOrThrow({
        where: { submissionId: id, testSetId: testSet.id },
        include: { scores: true },
      });
      expect(evaluation.caseCount).toBe(8);
      expect(evaluation.notes.join('\n')).toMatch(
        /^model run: 16 cases, inference [\d.]+ ms\/case/m,
      );
      const offset = t * 8;
      const perCase = testSet.truth.map((truth, i) =>
        diceScore(Uint8Array.from(kept.value.masks[offset + i]!.data), truth),
      );
      const offline = perCase.reduce((a, b) => a + b, 0) / perCase.length;
      const dice = evaluation.scores.find((s) => s.metric === 'dice')!.value;
      expect(dice).toBe(roundToDecimals(offline, phaseDecimals));
      if (testSet.slug === 'exact') expect(dice).toBe(1);
      else expect(dice).toBeLessThan(0.99);
    }
  }, 120_000);

  it('fails a model with the wrong number of channels with the precise signature message', async () => {
    const id = await submitModel(thresholdSegmentationModel({ channels: 1 }), 'one-channel.onnx');
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'failed',
      issueCount: 0,
    });
    const stored = await submissions.findById(web, id, { userId: member.userId, role: 'user' });
    expect(stored?.status).toBe('FAILED');
    expect(stored?.error?.message).toBe(
      "signature: the model does not fit the track: output 'logits' has 1 channel; the track's labels are 1 (0 is background), so it needs at least 2 (channel k scores label value k, channel 0 background)",
    );
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(0);
  }, 60_000);

  it('fails a model whose output turns NaN on one case, naming that case only', async () => {
    // The second test set's third image gets one saturated pixel: the NaN model's trigger.
    const target = testSets[1]!;
    const cases = target.cases.map((c, i) => {
      if (i !== 2) return c;
      const pixels = Uint8Array.from(c.pixels);
      pixels[0] = 255;
      return { ...c, png: greyPng(c.width, c.height, pixels) };
    });
    await setInputs(target.id, cases);
    try {
      const id = await submitModel(thresholdSegmentationModel({ nanAbove: 0.99 }), 'nan.onnx');
      expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
        outcome: 'failed',
        issueCount: 0,
      });
      const stored = await submissions.findById(web, id, { userId: member.userId, role: 'user' });
      expect(stored?.error?.message).toBe(
        `output-not-finite: case ${cases[2]!.caseId}: output 'logits' holds a value that is not finite (NaN or ±Infinity); every value must be finite`,
      );
    } finally {
      await setInputs(target.id, target.cases);
    }
  }, 60_000);
});
