import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryBudget, MemoryBudgetExceededError } from '@medrank/core';
import { encodeNifti1, encodeZip, type LabelImage } from '@medrank/formats';
import {
  bootstrapIndices,
  computeMultiLabelSegmentationMetrics,
  maxDistanceMm,
  percentileBootstrapCi,
} from '@medrank/metrics';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-segmentation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 3-D label volume [z, y, x] with boxes of labels painted in. */
function volume(
  shape: [number, number, number],
  spacingMm: [number, number, number],
  boxes: [number, [number, number], [number, number], [number, number]][],
): LabelImage {
  const [nz, ny, nx] = shape;
  const data = new Uint8Array(nz * ny * nx);
  for (const [label, [z0, z1], [y0, y1], [x0, x1]] of boxes) {
    for (let z = z0; z < z1; z++)
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) data[(z * ny + y) * nx + x] = label;
  }
  return { shape, spacingMm, data };
}

function png(width: number, height: number, values: number[]): Buffer {
  const image = new PNG({
    width,
    height,
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
  image.data = Buffer.from(values);
  return PNG.sync.write(image, {
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
}

const truthMasks: Record<string, LabelImage> = {
  c1: volume(
    [4, 6, 8],
    [2, 0.75, 0.5],
    [
      [1, [0, 3], [1, 5], [1, 6]],
      [2, [1, 3], [2, 4], [2, 4]],
    ],
  ),
  c2: volume([3, 5, 5], [1, 1, 1], [[1, [0, 2], [0, 3], [0, 3]]]), // no tumour in truth
  c3: {
    shape: [3, 4],
    spacingMm: [0.5, 0.5],
    data: Uint8Array.of(0, 1, 1, 0, 0, 1, 2, 0, 0, 0, 2, 0),
  },
};
const predictedMasks: Record<string, LabelImage> = {
  c1: volume(
    [4, 6, 8],
    [2, 0.75, 0.5],
    [
      [1, [0, 3], [1, 4], [2, 7]],
      [2, [1, 2], [2, 4], [2, 5]],
    ],
  ),
  c2: volume([3, 5, 5], [1, 1, 1], [[1, [0, 3], [1, 3], [0, 3]]]), // no tumour predicted either
  c3: {
    shape: [3, 4],
    spacingMm: [0.5, 0.5],
    data: Uint8Array.of(0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0),
  }, // tumour missed
};

function writeZip(
  name: string,
  masks: Record<string, LabelImage>,
  overrides: Record<string, Buffer> = {},
): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    encodeZip([
      {
        name: 'c1.nii.gz',
        data: overrides.c1 ?? gzipSync(encodeNifti1(masks.c1!)),
        method: 'store',
      },
      { name: 'masks/c2.nii', data: overrides.c2 ?? encodeNifti1(masks.c2!) },
      { name: 'c3.png', data: overrides.c3 ?? png(4, 3, [...masks.c3!.data]) },
    ]),
  );
  return path;
}

const taskConfig = { labels: { 1: 'liver', 2: 'tumour' }, toleranceMm: 1, spacingMm: [0.5, 0.5] };

async function storedTestSet(truthPath: string, config = taskConfig) {
  const task = getTaskType('segmentation');
  const parsedConfig = task.parseConfig(config);
  const truth = await task.parseGroundTruth(truthPath, parsedConfig);
  if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
  const cases = task.groundTruthCases(truth.value, parsedConfig);
  return {
    id: 't',
    evaluatorVersion: 1,
    seed: 5,
    caseIds: cases.map((c) => c.caseId),
    truth: new Map(cases.map((c) => [c.caseId, c.truth])),
  };
}

describe('segmentation task type', () => {
  it('stores ground-truth masks as small payloads that decode to the same masks', async () => {
    const task = getTaskType('segmentation');
    const config = task.parseConfig(taskConfig);
    const testSet = await storedTestSet(writeZip('truth-roundtrip.zip', truthMasks));
    expect(testSet.caseIds).toEqual(['c1', 'c2', 'c3']);
    expect(JSON.stringify([...testSet.truth.values()]).length).toBeLessThan(1500);
    expect(testSet.truth.get('c1')).toMatchObject({
      encoding: 'labels-gzip-base64-v1',
      shape: [4, 6, 8],
      spacingMm: [2, 0.75, 0.5],
      bytesPerVoxel: 1,
    });
    const decoded = task.truthFromPayloads(testSet.caseIds, testSet.truth, config);
    expect(decoded.masks).toEqual([truthMasks.c1, truthMasks.c2, truthMasks.c3]);
    expect(() =>
      task.truthFromPayloads(
        ['c1'],
        new Map([
          [
            'c1',
            {
              encoding: 'labels-gzip-base64-v1',
              shape: [2, 2],
              spacingMm: [1, 1],
              bytesPerVoxel: 1,
              data: 'AAAA',
            },
          ],
        ]),
        config,
      ),
    ).toThrow('segmentation: stored ground truth is missing or invalid for a case');
  });

  it('scores Dice, IoU, HD95, NSD and ASSD per label and their mean, equal to the metrics package, with case-bootstrap CIs', async () => {
    const task = getTaskType('segmentation');
    const config = task.parseConfig(taskConfig);
    const result = await scoreSubmissionFile({
      taskType: 'segmentation',
      taskConfig,
      metrics: task.defaultMetrics(config),
      file: { path: writeZip('pred.zip', predictedMasks), name: 'pred.zip' },
      testSets: [await storedTestSet(writeZip('truth.zip', truthMasks))],
      bootstrapReplicates: 200,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { metrics, notes } = result.evaluations[0]!;
    const ids = ['c1', 'c2', 'c3'];
    const direct = ids.map((id) => {
      const t = truthMasks[id]!;
      return computeMultiLabelSegmentationMetrics(
        predictedMasks[id]!.data,
        t.data,
        t.shape,
        t.spacingMm,
        {
          toleranceMm: 1,
          labels: [1, 2],
          oneEmptyDistanceMm: maxDistanceMm(t.shape, t.spacingMm),
        },
      );
    });
    // liver: present everywhere; tumour: c1 both, c2 neither (NaN, skipped), c3 truth only (Dice 0, HD95 = diagonal).
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const key of ['dice', 'iou', 'hd95', 'nsd', 'assd'] as const) {
      const liver = mean(direct.map((d) => d.perLabel[0]![key]));
      const tumour = mean([direct[0]!.perLabel[1]![key], direct[2]!.perLabel[1]![key]]);
      expect(metrics[`${key}:liver`]!.value).toBeCloseTo(liver, 12);
      expect(metrics[`${key}:tumour`]!.value).toBeCloseTo(tumour, 12);
      expect(metrics[key]!.value).toBeCloseTo((liver + tumour) / 2, 12);
    }
    expect(direct[1]!.perLabel[1]!.dice).toBeNaN();
    expect(direct[2]!.perLabel[1]!.dice).toBe(0);
    expect(direct[2]!.perLabel[1]!.hd95).toBeCloseTo(Math.hypot(1, 1.5), 12);
    // A hand check: c1 liver is 3×4×5 − 8 tumour = 52 voxels in truth, 3×3×5 − 6 = 39 predicted,
    // overlap 3×3×4 − 10 (voxels either side calls tumour) = 26 → Dice 2·26/(52+39).
    expect(direct[0]!.perLabel[0]!.dice).toBeCloseTo(52 / 91, 12);

    const indices = bootstrapIndices(3, 200, 5);
    const replicates = Float64Array.from({ length: 200 }, (_, b) =>
      mean([...indices.subarray(3 * b, 3 * b + 3)].map((c) => direct[c]!.perLabel[0]!.dice)),
    );
    expect(metrics['dice:liver']!.ci).toEqual(percentileBootstrapCi(replicates).ci);
    expect(notes).toEqual(
      expect.arrayContaining([
        'tumour: 1 of 3 cases have the label in neither truth nor prediction; they have no value and are left out of its means',
        'tumour: 1 of 3 cases have the label in only one of truth and prediction; Dice/IoU/NSD score 0 and HD95/ASSD the image diagonal in mm',
      ]),
    );
  });

  it('uses the pooled HD95 when configured', async () => {
    const config = { ...taskConfig, hd95Convention: 'pooled' };
    const result = await scoreSubmissionFile({
      taskType: 'segmentation',
      taskConfig: config,
      metrics: ['hd95:liver'],
      file: { path: writeZip('pred-pooled.zip', predictedMasks), name: 'pred.zip' },
      testSets: [await storedTestSet(writeZip('truth-pooled.zip', truthMasks), config)],
      bootstrapReplicates: 0,
    });
    if (!result.ok) throw new Error('not scored');
    const pooled = ['c1', 'c2', 'c3'].map((id) => {
      const t = truthMasks[id]!;
      return computeMultiLabelSegmentationMetrics(
        predictedMasks[id]!.data,
        t.data,
        t.shape,
        t.spacingMm,
        { toleranceMm: 1, labels: [1] },
      ).perLabel[0]!.hd95Pooled;
    });
    expect(result.evaluations[0]!.metrics['hd95:liver']!.value).toBeCloseTo(
      pooled.reduce((a, b) => a + b) / 3,
      12,
    );
  });

  it('keeps +Infinity for a missed structure when configured, so the mean is infinite and noted', async () => {
    const config = { ...taskConfig, oneEmptyDistance: 'infinity' };
    const result = await scoreSubmissionFile({
      taskType: 'segmentation',
      taskConfig: config,
      metrics: ['hd95:tumour', 'dice:tumour'],
      file: { path: writeZip('pred-inf.zip', predictedMasks), name: 'pred.zip' },
      testSets: [await storedTestSet(writeZip('truth-inf.zip', truthMasks), config)],
      bootstrapReplicates: 0,
    });
    if (!result.ok) throw new Error('not scored');
    const { metrics, notes } = result.evaluations[0]!;
    expect(metrics['hd95:tumour']!.value).toBe(Infinity);
    expect(Number.isFinite(metrics['dice:tumour']!.value)).toBe(true);
    expect(notes).toContain(
      'tumour: 1 of 3 cases have the label in only one of truth and prediction; Dice/IoU/NSD score 0 and HD95/ASSD +Infinity, so their means are infinite (shown as null)',
    );
  });

  it('fails a prediction whose mask shape differs from its header, naming entry, case and both shapes, and scores nothing', async () => {
    const wrong = volume([4, 6, 7], [2, 0.75, 0.5], [[1, [0, 1], [0, 1], [0, 1]]]);
    const result = await scoreSubmissionFile({
      taskType: 'segmentation',
      taskConfig,
      metrics: ['dice'],
      file: {
        path: writeZip('pred-shape.zip', predictedMasks, { c1: encodeNifti1(wrong) }),
        name: 'pred.zip',
      },
      testSets: [await storedTestSet(writeZip('truth-shape.zip', truthMasks))],
      bootstrapReplicates: 0,
    });
    expect(result).toEqual({
      ok: false,
      message: 'pred.zip has 1 problem; nothing was scored.',
      issueCount: 1,
      issues: [
        {
          line: 1,
          column: 'c1.nii.gz',
          caseId: 'c1',
          message:
            'entry 1 "c1.nii.gz" (case "c1"): the header declares 7×6×4; this case\'s mask must be 8×6×4 (x×y×z), the shape of its image',
        },
      ],
    });
  });

  it('holds truth and prediction masks within the memory budget, refusing what does not fit before decoding it', async () => {
    const truthSet = await storedTestSet(writeZip('truth-budget.zip', truthMasks));
    const score = (memoryBudget: MemoryBudget) =>
      scoreSubmissionFile({
        taskType: 'segmentation',
        taskConfig,
        metrics: ['dice'],
        file: { path: writeZip('pred-budget.zip', predictedMasks), name: 'pred.zip' },
        testSets: [truthSet],
        bootstrapReplicates: 0,
        memoryBudget,
      });
    const decodedBytes = 4 * 6 * 8 + 3 * 5 * 5 + 3 * 4; // uint8 masks of c1, c2, c3

    // The ground truth alone does not fit: the job fails (not the participant's file).
    const tiny = new MemoryBudget(100);
    await expect(score(tiny)).rejects.toThrow(
      new MemoryBudgetExceededError("the ground truth's masks", {
        neededBytes: decodedBytes,
        availableBytes: 100,
        limitBytes: 100,
      }),
    );
    expect(tiny.reservedBytes).toBe(0);

    // The truth fits, the submission's masks do not: one precise issue, nothing decoded.
    const tight = new MemoryBudget(700);
    const refused = await score(tight);
    expect(refused).toMatchObject({
      ok: false,
      issues: [
        {
          message: expect.stringMatching(
            new RegExp(
              `^the archive's masks need ${decodedBytes} B decoded, plus \\d+ B while decoding the largest; ${700 - decodedBytes} B of the 700 B memory limit per job is left for them`,
            ),
          ),
        },
      ],
    });
    expect(tight.reservedBytes).toBe(decodedBytes);

    const enough = new MemoryBudget(1024 * 1024);
    expect(await score(enough)).toMatchObject({ ok: true });
    expect(enough.reservedBytes).toBe(2 * decodedBytes);
  });

  it("refuses masks over the track's maxMaskVoxels from their headers", async () => {
    const config = { ...taskConfig, maxMaskVoxels: 100 };
    const task = getTaskType('segmentation');
    const parsed = await task.parseGroundTruth(
      writeZip('truth-max-voxels.zip', truthMasks),
      task.parseConfig(config),
    );
    expect(parsed).toMatchObject({
      ok: false,
      issues: [
        {
          caseId: 'c1',
          message: 'entry 1 "c1.nii.gz" (case "c1"): 8×6×4 = 192 voxels exceeds the limit of 100',
        },
      ],
    });
    expect(() => task.parseConfig({ ...taskConfig, maxMaskVoxels: 0 })).toThrow(
      /maxMaskVoxels must be a whole number of voxels between 1 and 2147483648; found 0/,
    );
  });

  it('reports missing cases, stray labels and over-large stored masks', async () => {
    const task = getTaskType('segmentation');
    const config = task.parseConfig(taskConfig);
    const path = join(dir, 'pred-partial.zip');
    writeFileSync(
      path,
      encodeZip([
        {
          name: 'c1.nii',
          data: encodeNifti1({
            ...predictedMasks.c1!,
            data: predictedMasks.c1!.data.map((v) => (v === 2 ? 3 : v)),
          }),
        },
      ]),
    );
    const parsed = await task.parsePredictions(path, config, { caseIds: ['c1', 'c2'] });
    expect(parsed).toMatchObject({
      ok: false,
      issues: [
        {
          line: 1,
          caseId: 'c1',
          message:
            'entry 1 "c1.nii" (case "c1"): contains label 3, which is not in the label map (1, 2; 0 is background)',
        },
        { caseId: 'c2', message: '1 of 2 cases have no mask: "c2"' },
      ],
    });
    const small = task.parseConfig({ ...taskConfig, maxTruthPayloadBytes: 50 });
    const truth = await task.parseGroundTruth(writeZip('truth-big.zip', truthMasks), small);
    expect(truth).toMatchObject({
      ok: false,
      issueCount: 1,
      issues: [
        {
          caseId: 'c1',
          message: expect.stringMatching(
            /^case "c1": the compressed mask takes \d+ bytes, over the 50-byte limit/,
          ),
        },
      ],
    });
  });

  it('rejects unusable configurations', () => {
    const task = getTaskType('segmentation');
    expect(() => task.parseConfig({ labels: { 0: 'background' } })).toThrow(
      'label "0" must be an integer voxel value in 1..65535',
    );
    expect(() => task.parseConfig({ hd95Convention: 'mean' })).toThrow(
      'hd95Convention must be "monai" or "pooled"',
    );
    expect(() => task.parseConfig({ toleranceMm: -1 })).toThrow(
      'toleranceMm must be a finite number ≥ 0',
    );
    expect(task.defaultMetrics(task.parseConfig({}))).toEqual([
      'dice',
      'iou',
      'hd95',
      'nsd',
      'assd',
    ]);
  });
});
