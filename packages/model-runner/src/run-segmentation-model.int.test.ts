// Real segmentation models (1×1 convolutions and a threshold built with onnx-proto) run by
// onnxruntime in the sandboxed model process on synthetic disk images: the masks that come back
// equal the disks exactly, the zip they are packed in is read by the segmentation scorer's own
// mask reader, and the models that do not fit fail with their precise message.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeZip, parseMaskArchive, readNiftiLabels, readPngLabels } from '@medrank/formats';
import { parseSegmentationConfig, type ModelContractInput } from '@medrank/task-contracts/config';
import { checkModelSignature, type SegmentationModelTrack } from './check-model-signature.js';
import { ModelRunFailure } from './model-run-failure.js';
import { maskPredictionsZip } from './outputs/output-to-mask.js';
import { runSegmentationModel } from './run-segmentation-model.js';
import {
  diskCases,
  diskInputsZip,
  greyPng,
  int16Nifti,
  sphereCases,
  sphereInputsZip,
  SPHERE_ZSCORE,
  thresholdLabelsModel,
  thresholdSegmentationModel,
  thresholdVolumeModel,
  type DiskCase,
} from './testing/segmentation-fixtures.js';

const CONTRACT: ModelContractInput = {
  input: { name: 'x', shape: ['N', 1, 48, 40], scaling: 'divide255' },
  output: { name: 'logits', values: 'logits' },
  limits: { perCaseMs: 5_000, memoryMb: 512 },
};

function trackWith(
  labels: Record<string, string>,
  contract: Partial<ModelContractInput> = {},
): SegmentationModelTrack {
  return parseSegmentationConfig({
    labels,
    model: { ...CONTRACT, ...contract },
  }) as SegmentationModelTrack;
}

async function failureOf(promise: Promise<unknown>): Promise<ModelRunFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelRunFailure);
  return error as ModelRunFailure;
}

const labelsOf = (png: Buffer) => {
  const read = readPngLabels(png);
  if (!read.ok) throw new Error(read.message);
  return read.value;
};

let dir: string;
let cases: DiskCase[];
const model = (name: string) => path.join(dir, `${name}.onnx`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'segmentation-model-test-'));
  cases = diskCases({ count: 6, height: 48, width: 40 });
  await writeFile(model('threshold'), thresholdSegmentationModel());
  await writeFile(model('threshold-3'), thresholdSegmentationModel({ channels: 3 }));
  await writeFile(model('one-channel'), thresholdSegmentationModel({ channels: 1 }));
  await writeFile(model('labels'), thresholdLabelsModel());
  await writeFile(model('labels-255'), thresholdLabelsModel(255));
  await writeFile(model('nan'), thresholdSegmentationModel({ nanAbove: 0.99 }));
  await writeFile(model('volume'), thresholdVolumeModel());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a segmentation model run', () => {
  it('gives each case the mask of its disk exactly, as PNGs the scorer reads', async () => {
    const track = trackWith({ '1': 'disk' });
    await checkModelSignature(model('threshold'), track);
    const run = await runSegmentationModel({
      modelPath: model('threshold'),
      track,
      inputsZip: diskInputsZip(cases),
      caseIds: cases.map((c) => c.caseId),
    });
    expect(run.masks.map((m) => m.caseId)).toEqual(cases.map((c) => c.caseId));
    expect(run.cases).toHaveLength(cases.length);
    for (const [i, { data: png }] of run.masks.entries()) {
      const mask = labelsOf(png);
      expect(mask.shape).toEqual([48, 40]);
      expect(Array.from(mask.data)).toEqual(Array.from(cases[i]!.mask));
    }
    // Every disk is non-trivial: the equality above is not two empty masks.
    expect(cases.every((c) => c.mask.some((v) => v === 1) && c.mask.some((v) => v === 0))).toBe(
      true,
    );

    const archive = await parseMaskArchive(maskPredictionsZip(run.masks), {
      caseIds: cases.map((c) => c.caseId),
      allowedLabels: [1],
      expectedShapes: new Map(cases.map((c) => [c.caseId, [48, 40]])),
    });
    expect(archive.ok).toBe(true);
  }, 60_000);

  it('maps two channels to a 0/255 track (channel k = the k-th label) and a third channel to its value', async () => {
    const inputsZip = diskInputsZip(cases.slice(0, 2));
    const run255 = await runSegmentationModel({
      modelPath: model('threshold'),
      track: trackWith({ '255': 'disk' }),
      inputsZip,
    });
    expect(Array.from(labelsOf(run255.masks[0]!.data).data)).toEqual(
      Array.from(cases[0]!.mask, (m) => m * 255),
    );
    // Three channels on a track labelled 1 and 2: channel k is label value k (channel 2 is never chosen).
    const run3 = await runSegmentationModel({
      modelPath: model('threshold-3'),
      track: trackWith({ '1': 'disk', '2': 'ring' }),
      inputsZip,
    });
    expect(Array.from(labelsOf(run3.masks[1]!.data).data)).toEqual(Array.from(cases[1]!.mask));
  }, 60_000);

  it('reads an int64 labels output, and writes a label the track does not score as background', async () => {
    const inputsZip = diskInputsZip(cases.slice(0, 2));
    const run = await runSegmentationModel({
      modelPath: model('labels'),
      track: trackWith({ '1': 'disk' }, { output: { name: 'labels', values: 'labels' } }),
      inputsZip,
    });
    expect(Array.from(labelsOf(run.masks[1]!.data).data)).toEqual(Array.from(cases[1]!.mask));

    const unscored = await runSegmentationModel({
      modelPath: model('labels-255'),
      track: trackWith({ '1': 'disk' }, { output: { name: 'labels', values: 'labels' } }),
      inputsZip,
    });
    expect(labelsOf(unscored.masks[0]!.data).data.every((v) => v === 0)).toBe(true);
  }, 60_000);

  it('writes 16-bit PNGs when a label passes 255', async () => {
    const run = await runSegmentationModel({
      modelPath: model('threshold'),
      track: trackWith({ '1000': 'disk' }),
      inputsZip: diskInputsZip(cases.slice(0, 1)),
    });
    const png = run.masks[0]!.data;
    expect(png[24]).toBe(16); // IHDR bit depth
    expect(Array.from(labelsOf(png).data)).toEqual(Array.from(cases[0]!.mask, (m) => m * 1000));
  }, 60_000);

  it('resizes a bilinear-resized input’s mask back to the image size by nearest neighbour', async () => {
    // 96×80 images of 2×2 blocks: halved to the contract's 48×40 and doubled back exactly.
    const large = diskCases({ count: 3, height: 96, width: 80, block: 2, prefix: 'large' });
    const run = await runSegmentationModel({
      modelPath: model('threshold'),
      track: trackWith(
        { '1': 'disk' },
        {
          input: { name: 'x', shape: ['N', 1, 48, 40], resize: 'bilinear' },
        },
      ),
      inputsZip: diskInputsZip(large),
    });
    for (const [i, { data: png }] of run.masks.entries()) {
      const mask = labelsOf(png);
      expect(mask.shape).toEqual([96, 80]);
      expect(Array.from(mask.data)).toEqual(Array.from(large[i]!.mask));
    }
  }, 60_000);
});

describe('a segmentation model that does not fit', () => {
  it('is refused at its signature when it has too few channels for the labels', async () => {
    const failure = await failureOf(
      checkModelSignature(model('one-channel'), trackWith({ '1': 'disk' })),
    );
    expect(failure.kind).toBe('signature');
    expect(failure.message).toBe(
      "the model does not fit the track: output 'logits' has 1 channel; the track's labels are 1 (0 is background), so it needs at least 2 (channel k scores label value k, channel 0 background)",
    );
    const sparse = await failureOf(
      checkModelSignature(model('threshold-3'), trackWith({ '1': 'a', '5': 'b', '9': 'c' })),
    );
    expect(sparse.message).toBe(
      "the model does not fit the track: output 'logits' has 3 channels; the track's labels are 1, 5, 9 (0 is background), so it needs 4 (background, then 1, 5, 9 in that order) or at least 10 (channel k scores label value k, channel 0 background)",
    );
  }, 60_000);

  it('is refused at its signature when a labels track meets a float score map of two channels', async () => {
    const failure = await failureOf(
      checkModelSignature(
        model('threshold'),
        trackWith({ '1': 'disk' }, { output: { name: 'logits', values: 'labels' } }),
      ),
    );
    expect(failure.message).toMatch(
      /^the model does not fit the track: output 'logits' has shape \[N,2,H,W\]; the track expects \[N, 48, 40\] or \[N, 1, 48, 40\] \(label values/,
    );
  }, 60_000);

  it('names the case whose output is NaN, and nothing else', async () => {
    const bright = cases.map((c, i) => {
      if (i !== 3) return c;
      const pixels = Uint8Array.from(c.pixels);
      pixels[0] = 255; // the NaN model's trigger: a pixel brighter than 0.99 · 255
      return { ...c, png: greyPng(c.width, c.height, pixels) };
    });
    const failure = await failureOf(
      runSegmentationModel({
        modelPath: model('nan'),
        track: trackWith({ '1': 'disk' }),
        inputsZip: diskInputsZip(bright),
      }),
    );
    expect(failure.kind).toBe('output-not-finite');
    expect(failure.caseId).toBe('case-03');
    expect(failure.message).toBe(
      "case case-03: output 'logits' holds a value that is not finite (NaN or ±Infinity); every value must be finite",
    );
  }, 60_000);

  it('refuses NIfTI inputs on a track whose model takes 2D images', async () => {
    const inputsZip = encodeZip([
      { name: 'manifest.csv', data: Buffer.from('case_id,file\nvol-1,volumes/vol-1.nii.gz\n') },
      { name: 'volumes/vol-1.nii.gz', data: Buffer.from([0x1f, 0x8b, 8, 0]) },
    ]);
    const failure = await failureOf(
      runSegmentationModel({
        modelPath: model('threshold'),
        track: trackWith({ '1': 'disk' }),
        inputsZip,
      }),
    );
    expect(failure.kind).toBe('input');
    expect(failure.message).toBe(
      "case vol-1: its input volumes/vol-1.nii.gz is a NIfTI volume; the track's model takes 2D images (PNG, NPY); a model for volumes declares a 5-dimensional input shape [N, C, D, H, W]",
    );
  });

  it('refuses an image of another size when the contract resizes nothing', async () => {
    const other = diskCases({ count: 1, height: 32, width: 32, prefix: 'small' });
    const failure = await failureOf(
      runSegmentationModel({
        modelPath: model('threshold'),
        track: trackWith({ '1': 'disk' }),
        inputsZip: diskInputsZip(other),
      }),
    );
    expect(failure.kind).toBe('input');
    expect(failure.message).toMatch(
      /^case small-00: the image is 32×32; the track's model takes 48×40/,
    );
  }, 60_000);
});

describe('a 3D segmentation model run (NIfTI volumes, input [N, C, D, H, W])', () => {
  const volumeTrack = (input: Partial<ModelContractInput['input']> = {}) =>
    trackWith(
      { '1': 'sphere' },
      {
        input: {
          name: 'ct',
          shape: ['N', 1, 12, 20, 16],
          scaling: { zscore: SPHERE_ZSCORE },
          ...input,
        },
        output: { name: 'logits', values: 'logits' },
      },
    );
  const niftiOf = async (gz: Buffer) => {
    const read = await readNiftiLabels(gz);
    if (!read.ok) throw new Error(read.message);
    return read.value;
  };

  it('gives each volume the mask of its sphere exactly, as .nii.gz with the volume’s spacing', async () => {
    const volumes = sphereCases({ count: 4, size: [12, 20, 16] });
    const run = await runSegmentationModel({
      modelPath: model('volume'),
      track: volumeTrack(),
      inputsZip: sphereInputsZip(volumes),
    });
    expect(run.masks.map((m) => m.fileName)).toEqual(volumes.map((v) => `${v.caseId}.nii.gz`));
    expect(run.cases).toHaveLength(4);
    for (const [i, { data }] of run.masks.entries()) {
      const mask = await niftiOf(data);
      expect(mask.shape).toEqual([12, 20, 16]);
      expect(mask.spacingMm).toEqual([2.5, 0.800000011920929, 0.800000011920929]);
      expect(Array.from(mask.data)).toEqual(Array.from(volumes[i]!.mask));
    }
    // Not two empty volumes: every sphere has voxels, and not every voxel is one.
    for (const { mask } of volumes) {
      const inside = mask.reduce((a, b) => a + b, 0);
      expect(inside).toBeGreaterThan(0);
      expect(inside).toBeLessThan(mask.length);
    }
    // The zip the worker hands the scorer reads back with the scorer's own mask reader.
    const archive = await parseMaskArchive(maskPredictionsZip(run.masks));
    expect(archive.ok).toBe(true);
  }, 60_000);

  it('delivers every case whole when each output is megabytes (the pipe fills; nothing is dropped at exit)', async () => {
    // 2 × 40×64×64 float scores = 2.6 MB of float64 per case, 3.5 MB of base64 per line.
    const big = sphereCases({ count: 3, size: [40, 64, 64], prefix: 'big' });
    const run = await runSegmentationModel({
      modelPath: model('volume'),
      track: volumeTrack({ shape: ['N', 1, 40, 64, 64] }),
      inputsZip: sphereInputsZip(big),
    });
    expect(run.masks).toHaveLength(3);
    for (const [i, { data }] of run.masks.entries())
      expect(Array.from((await niftiOf(data)).data)).toEqual(Array.from(big[i]!.mask));
  }, 60_000);

  it('resizes trilinearly to the contract and the labels back by nearest neighbour', async () => {
    // 24×40×32 volumes of 2×2×2 blocks: halved to the contract's 12×20×16 and doubled back exactly.
    const large = sphereCases({ count: 2, size: [24, 40, 32], block: 2, prefix: 'large' });
    const run = await runSegmentationModel({
      modelPath: model('volume'),
      track: volumeTrack({ resize: 'trilinear' }),
      inputsZip: sphereInputsZip(large),
    });
    for (const [i, { data }] of run.masks.entries()) {
      const mask = await niftiOf(data);
      expect(mask.shape).toEqual([24, 40, 32]);
      expect(Array.from(mask.data)).toEqual(Array.from(large[i]!.mask));
    }
  }, 60_000);

  it('refuses a volume of another size when the contract resizes nothing, in the file’s x×y×z', async () => {
    const other = sphereCases({ count: 1, size: [10, 20, 16], prefix: 'short' });
    const failure = await failureOf(
      runSegmentationModel({
        modelPath: model('volume'),
        track: volumeTrack(),
        inputsZip: sphereInputsZip(other),
      }),
    );
    expect(failure.kind).toBe('input');
    expect(failure.message).toMatch(
      /^case short-00: the volume is 16×20×10 \(x×y×z\); the track's model takes 16×20×12 and resizes nothing/,
    );
  }, 60_000);

  it('refuses images on a 3D track, and a 4D volume whose channels the model does not take', async () => {
    const images = await failureOf(
      runSegmentationModel({
        modelPath: model('volume'),
        track: volumeTrack(),
        inputsZip: diskInputsZip(cases.slice(0, 1)),
      }),
    );
    expect(images.kind).toBe('input');
    expect(images.message).toBe(
      "case case-00: its input images/case-00.png is not a NIfTI volume (.nii or .nii.gz); the track's model takes 3D volumes (input shape [N, C, D, H, W])",
    );
    const twoSequences = int16Nifti({
      size: [12, 20, 16],
      spacingMm: [1, 1, 1],
      values: new Int16Array(2 * 12 * 20 * 16),
      channels: 2,
    });
    const failure = await failureOf(
      runSegmentationModel({
        modelPath: model('volume'),
        track: volumeTrack(),
        inputsZip: sphereInputsZip([{ caseId: 'mr-1', niftiGz: twoSequences }]),
      }),
    );
    expect(failure.kind).toBe('input');
    expect(failure.message).toMatch(
      /^case mr-1: .*the volume has 2 channels \(its 4th dimension\); the track's model takes 1/,
    );
  }, 60_000);

  it('is refused at its signature when the track feeds 2D images', async () => {
    const failure = await failureOf(
      checkModelSignature(
        model('volume'),
        trackWith(
          { '1': 'disk' },
          {
            input: { name: 'ct', shape: ['N', 1, 48, 40] },
          },
        ),
      ),
    );
    expect(failure.kind).toBe('signature');
    expect(failure.message).toBe(
      "the model does not fit the track: input 'ct' has shape [N,1,D,H,W]; the track expects [N,1,48,40]; output 'logits' has shape [N,2,D,H,W]; the track expects [N, K, 48, 40] (logits of K classes), K = at least 2 (channel k scores label value k, channel 0 background)",
    );
  }, 60_000);
});
