// A 3D segmentation model submission end to end in the scoring job: a threshold model on
// [N, 1, D, H, W] (a 1×1×1 convolution built with onnx-proto) uploaded to a track whose model
// contract feeds NIfTI volumes, run on a test set's HIDDEN inputs (CT-like int16 volumes with an
// intercept of −1024, each holding a sphere, at twice the contract's size so the run resizes
// trilinearly), its label volumes kept as one predictions.zip of <case_id>.nii.gz and scored by
// the segmentation scorer like an uploaded zip. Dice is 1 where the truth is the sphere, and
// equals the offline Dice of the kept volumes where the truth is the sphere shifted by a voxel.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { roundToDecimals } from '@medrank/core';
import { createDatabase, groundTruth, submissions } from '@medrank/db';
import {
  createUserWithTeam,
  NEAR_DUPLICATE_CHECK_OFF,
  testDatabaseUrls,
} from '@medrank/db/testing';
import { encodeNifti1, encodeZip, parseMaskArchive } from '@medrank/formats';
import { diceScore } from '@medrank/metrics';
import {
  sphereCases,
  sphereInputsZip,
  SPHERE_ZSCORE,
  thresholdSegmentationModel,
  thresholdVolumeModel,
  type SphereCase,
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

/** The volumes' size (z, y, x); the contract takes half of it and resizes trilinearly. */
const SIZE: [number, number, number] = [16, 24, 20];
const TASK_CONFIG = {
  labels: { '1': 'lesion' },
  model: {
    input: {
      name: 'ct',
      shape: ['N', 1, SIZE[0] / 2, SIZE[1] / 2, SIZE[2] / 2],
      scaling: { zscore: SPHERE_ZSCORE },
      resize: 'trilinear',
    },
    output: { name: 'logits', values: 'logits' },
    limits: { perCaseMs: 5_000, memoryMb: 768 },
  },
};

/** The sphere moved one voxel along x (wrapping): a truth the model misses at two caps. */
function shifted({ mask, size: [depth, height, width] }: SphereCase): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let z = 0; z < depth; z++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const row = (z * height + y) * width;
        out[row + ((x + 1) % width)] = mask[row + x]!;
      }
  return out;
}

let blobRoot: string;
let blobs: FileBlobStore;
let member: Awaited<ReturnType<typeof createUserWithTeam>>;
let benchmarkId: string;
let trackId: string;
let phaseId: string;
let phaseDecimals: number;
const testSets: { id: string; slug: string; cases: SphereCase[]; truth: Uint8Array[] }[] = [];

const deps = () => ({
  db: worker,
  blobs,
  logger: pino({ level: 'silent' }),
  bootstrapReplicates: 50,
  jobMemoryBudgetBytes: 512 * 1024 * 1024,
});

const submitModel = (bytes: Uint8Array, fileName: string) =>
  submitModelFile(web, blobs, { ...member, trackId, phaseId }, bytes, fileName);

beforeAll(async () => {
  blobRoot = await mkdtemp(path.join(os.tmpdir(), 'medrank-int-volume-model-'));
  blobs = new FileBlobStore(blobRoot);
  const slug = `vol-model-${Date.now().toString(36)}`;
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
      slug: 'ct',
      name: 'CT lesions',
      taskType: 'segmentation',
      taskConfig: TASK_CONFIG,
      metrics: ['dice', 'hd95'],
      primaryMetric: 'dice',
    },
  });
  trackId = track.id;
  const config = parseSegmentationConfig(TASK_CONFIG);
  for (const [slugOf, seed, truthOf] of [
    ['exact', 5, (c: SphereCase) => c.mask],
    ['shifted', 9, shifted],
  ] as const) {
    const testSet = await owner.testSet.create({
      data: { trackId, slug: slugOf, name: slugOf, bootstrapSeed: 7, inputs: 'HIDDEN' },
    });
    const cases = sphereCases({ count: 5, size: SIZE, block: 2, prefix: slugOf, seed });
    const truth = cases.map(truthOf);
    // Ground truth as a curator uploads it: <case_id>.nii.gz label volumes with the scan's spacing.
    const truthZip = encodeZip(
      cases.map((c, i) => ({
        name: `${c.caseId}.nii.gz`,
        data: gzipSync(encodeNifti1({ shape: c.size, spacingMm: c.spacingMm, data: truth[i]! })),
      })),
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
    await storeAppliedInputs(owner, blobs, testSet.id, sphereInputsZip(cases));
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

describe('a 3D segmentation model submission', () => {
  it('is run on the hidden NIfTI volumes, kept as <case_id>.nii.gz and scored: Dice 1 where it is perfect, the offline Dice elsewhere', async () => {
    const id = await submitModel(thresholdVolumeModel(), 'threshold-3d.onnx');
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'scored',
      evaluationsWritten: 2,
    });
    const stored = await owner.submission.findUniqueOrThrow({ where: { id } });
    expect(stored.predictionsBlobKey).toMatch(/^run-predictions\/.+\.zip$/);
    expect(stored.inference).toMatchObject({ kind: 'onnx', cases: 10 });
    const allCases = testSets.flatMap((t) => t.cases);
    const kept = await parseMaskArchive(
      readFileSync(blobs.localPath(stored.predictionsBlobKey!)!),
      { caseIds: allCases.map((c) => c.caseId), allowedLabels: [1] },
    );
    if (!kept.ok) throw new Error(JSON.stringify(kept.issues));
    kept.value.masks.forEach((mask, i) => {
      // At the scan's own size and spacing, though the model saw half of it.
      expect(mask.shape).toEqual(SIZE);
      expect(mask.spacingMm.map((s) => Number(s.toFixed(4)))).toEqual([2.5, 0.8, 0.8]);
      expect(Array.from(mask.data)).toEqual(Array.from(allCases[i]!.mask));
    });
    for (const [t, testSet] of testSets.entries()) {
      const evaluation = await owner.evaluation.findFirstOrThrow({
        where: { submissionId: id, testSetId: testSet.id },
        include: { scores: true },
      });
      expect(evaluation.caseCount).toBe(5);
      const perCase = testSet.truth.map((truth, i) =>
        diceScore(Uint8Array.from(kept.value.masks[t * 5 + i]!.data), truth),
      );
      const offline = perCase.reduce((a, b) => a + b, 0) / perCase.length;
      const dice = evaluation.scores.find((s) => s.metric === 'dice')!.value;
      const hd95 = evaluation.scores.find((s) => s.metric === 'hd95')!.value;
      expect(dice).toBe(roundToDecimals(offline, phaseDecimals));
      if (testSet.slug === 'exact') {
        expect(dice).toBe(1);
        expect(hd95).toBe(0);
      } else {
        expect(dice).toBeLessThan(0.95);
        // A one-voxel shift along x is 0.8 mm at the scan's spacing.
        expect(hd95).toBeCloseTo(0.8, 4);
      }
    }
  }, 120_000);

  it('fails a 2D model on the 3D track with the precise signature message', async () => {
    const id = await submitModel(thresholdSegmentationModel(), 'slice-model.onnx');
    expect(await handleScoreSubmission(deps(), { submissionId: id })).toEqual({
      outcome: 'failed',
      issueCount: 0,
    });
    const stored = await submissions.findById(web, id, { userId: member.userId, role: 'user' });
    expect(stored?.error?.message).toMatch(
      /^signature: the model does not fit the track: the model's input is 'x'; the track feeds 'ct'/,
    );
    expect(await owner.evaluation.count({ where: { submissionId: id } })).toBe(0);
  }, 60_000);
});
