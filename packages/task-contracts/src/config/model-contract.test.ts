import { describe, expect, it } from 'vitest';
import { parseClassificationConfig } from './classification-config.js';
import {
  DEFAULT_MODEL_RUN_LIMITS,
  describeModelContract,
  inputChannels,
  inputSize,
  inputSpatialSize,
  isVolumeInput,
  parseModelContract,
} from './model-contract.js';
import { parseSegmentationConfig } from './segmentation-config.js';
import { parseTaskConfig } from './index.js';

const minimal = {
  input: { name: 'x', shape: ['N', 1, 28, 28] },
  output: { name: 'probability', values: 'probabilities' },
};

describe('parseModelContract', () => {
  it('fills the documented defaults', () => {
    expect(parseModelContract('classification', minimal)).toEqual({
      input: {
        name: 'x',
        shape: ['N', 1, 28, 28],
        dtype: 'float32',
        layout: 'NCHW',
        scaling: { kind: 'divide255' },
        resize: 'none',
      },
      output: { name: 'probability', values: 'probabilities' },
      limits: DEFAULT_MODEL_RUN_LIMITS,
      exclusive: false,
    });
  });

  it('reads exclusive (the track takes models only) and refuses a value that is not a boolean', () => {
    expect(parseModelContract('classification', { ...minimal, exclusive: true }).exclusive).toBe(
      true,
    );
    expect(() => parseModelContract('segmentation', { ...minimal, exclusive: 'yes' })).toThrow(
      /segmentation track misconfigured: model\.exclusive: must be true or false/,
    );
  });

  it('reads z-score scaling, NHWC, bilinear resizing and lowered limits', () => {
    const contract = parseModelContract('classification', {
      input: {
        name: 'pixels',
        shape: ['N', 224, 192, 3],
        layout: 'NHWC',
        scaling: { zscore: { mean: [123.7, 116.3, 103.5], std: 58 } },
        resize: 'bilinear',
      },
      output: { name: 'logits', values: 'logits' },
      limits: { perCaseMs: 500, memoryMb: 512 },
    });
    expect(contract.input.scaling).toEqual({
      kind: 'zscore',
      mean: [123.7, 116.3, 103.5],
      std: [58],
    });
    expect(inputSize(contract.input)).toEqual([224, 192]);
    expect(contract.limits).toEqual({ ...DEFAULT_MODEL_RUN_LIMITS, perCaseMs: 500, memoryMb: 512 });
  });

  it.each<[string, unknown, RegExp]>([
    ['a non-object', 'x.onnx', /model must be an object; e\.g\./],
    [
      'a shape without the batch dimension',
      { ...minimal, input: { name: 'x', shape: [1, 1, 28, 28] } },
      /model\.input\.shape: the input shape must be \["N", C, H, W\]/,
    ],
    [
      'a rank-2 shape',
      { ...minimal, input: { name: 'x', shape: ['N', 784] } },
      /model\.input\.shape: the input shape must be/,
    ],
    [
      'two channels',
      { ...minimal, input: { name: 'x', shape: ['N', 2, 28, 28] } },
      /has 2 channels \(NCHW\); expected 1 \(grey\) or 3 \(RGB\)/,
    ],
    [
      'an unknown scaling',
      { ...minimal, input: { name: 'x', shape: ['N', 1, 28, 28], scaling: 'minmax' } },
      /model\.input\.scaling must be "none", "divide255" or \{ zscore/,
    ],
    [
      'per-channel means that do not match the channels',
      {
        ...minimal,
        input: {
          name: 'x',
          shape: ['N', 1, 28, 28],
          scaling: { zscore: { mean: [1, 2], std: 1 } },
        },
      },
      /zscore\.mean has 2 values; expected 1 or one per channel \(1\)/,
    ],
    [
      'a zero std',
      {
        ...minimal,
        input: { name: 'x', shape: ['N', 1, 28, 28], scaling: { zscore: { mean: 0, std: 0 } } },
      },
      /zscore\.std must be finite and > 0/,
    ],
    [
      'an output meaning it does not know',
      { ...minimal, output: { name: 'y', values: 'scores' } },
      /model\.output\.values: .*probabilities.*logits/,
    ],
    [
      'a memory limit above the maximum',
      { ...minimal, limits: { memoryMb: 100_000 } },
      /model\.limits\.memoryMb: .*16384/,
    ],
    ['an unknown key', { ...minimal, runtime: 'onnx' }, /model has unknown key "runtime"/],
  ])('refuses %s', (_, raw, message) => {
    expect(() => parseModelContract('classification', raw)).toThrow(message);
    expect(() => parseModelContract('classification', raw)).toThrow(
      /^classification track misconfigured: /,
    );
  });
});

describe('a classification track with a model block', () => {
  it('keeps the contract beside the classes, and leaves tracks without one unchanged', () => {
    const config = parseClassificationConfig({ classes: ['malignant', 'benign'], model: minimal });
    expect(config.model?.input.name).toBe('x');
    expect(parseClassificationConfig({ classes: ['a', 'b'] })).toEqual({
      classes: ['a', 'b'],
      positiveClass: 1,
    });
  });

  it('is checked by parseTaskConfig with the key in the message', () => {
    expect(() =>
      parseTaskConfig('classification', {
        classes: ['a', 'b'],
        model: { ...minimal, output: { name: '' } },
      }),
    ).toThrow(/model\.output\.name/);
  });
});

describe('a segmentation track with a model block', () => {
  const segmentationModel = {
    input: { name: 'x', shape: ['N', 1, 64, 64], resize: 'bilinear' },
    output: { name: 'labels', values: 'labels' },
  };

  it('keeps the contract beside the labels, and leaves tracks without one unchanged', () => {
    const config = parseSegmentationConfig({
      labels: { '255': 'lesion' },
      model: segmentationModel,
    });
    expect(config.model?.output).toEqual({ name: 'labels', values: 'labels' });
    expect(config.model?.input.resize).toBe('bilinear');
    expect(parseSegmentationConfig({})).not.toHaveProperty('model');
  });

  it('takes values: labels on segmentation tracks only', () => {
    expect(() =>
      parseClassificationConfig({
        classes: ['a', 'b'],
        model: { ...minimal, output: { name: 'y', values: 'labels' } },
      }),
    ).toThrow(
      'classification track misconfigured: model.output.values "labels" is for segmentation tracks (a label mask per image); a classification model outputs "probabilities" or "logits"',
    );
  });

  it('is checked by parseTaskConfig with the key in the message', () => {
    expect(() =>
      parseTaskConfig('segmentation', {
        labels: { '1': 'liver' },
        model: { ...segmentationModel, output: { name: 'y', values: 'masks' } },
      }),
    ).toThrow(/^segmentation track misconfigured: model\.output\.values: /);
  });
});

describe('a 3D (volume) input', () => {
  const volumeModel = {
    input: {
      name: 'ct',
      shape: ['N', 1, 32, 64, 64],
      scaling: { zscore: { mean: 40, std: 350 } },
      resize: 'trilinear',
    },
    output: { name: 'logits', values: 'logits' },
  };

  it('defaults its layout to NCDHW and reports depth, height and width', () => {
    const contract = parseModelContract('segmentation', volumeModel);
    expect(contract.input.layout).toBe('NCDHW');
    expect(isVolumeInput(contract.input)).toBe(true);
    expect(inputChannels(contract.input)).toBe(1);
    expect(inputSpatialSize(contract.input)).toEqual([32, 64, 64]);
    expect(inputSpatialSize(parseModelContract('classification', minimal).input)).toEqual([28, 28]);
  });

  it('takes up to 8 channels (a 4D NIfTI) with one mean and std per channel', () => {
    const contract = parseModelContract('segmentation', {
      ...volumeModel,
      input: {
        ...volumeModel.input,
        shape: ['N', 4, 32, 64, 64],
        scaling: { zscore: { mean: [0, 0, 0, 0], std: [1, 2, 3, 4] } },
      },
    });
    expect(inputChannels(contract.input)).toBe(4);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a 2D layout',
      { layout: 'NCHW' },
      'model.input.layout "NCHW" does not go with a 5-dimensional shape (3D volumes); expected "NCDHW"',
    ],
    [
      'bilinear resizing',
      { resize: 'bilinear' },
      'model.input.resize "bilinear" does not go with a 5-dimensional shape (3D volumes); expected "none" or "trilinear"',
    ],
    [
      'nine channels',
      { shape: ['N', 9, 32, 64, 64], scaling: 'none' },
      'has 9 channels; a volume has 1 to 8',
    ],
  ])('refuses %s', (_, change, message) => {
    expect(() =>
      parseModelContract('segmentation', {
        ...volumeModel,
        input: { ...volumeModel.input, ...change },
      }),
    ).toThrow(message);
  });

  it('refuses a 3D layout or trilinear resizing on a 2D shape', () => {
    expect(() =>
      parseModelContract('classification', {
        ...minimal,
        input: { ...minimal.input, layout: 'NCDHW' },
      }),
    ).toThrow(
      /layout "NCDHW" does not go with a 4-dimensional shape \(2D images\); expected "NCHW" or "NHWC"/,
    );
    expect(() =>
      parseModelContract('classification', {
        ...minimal,
        input: { ...minimal.input, resize: 'trilinear' },
      }),
    ).toThrow(/resize "trilinear" does not go with a 4-dimensional shape/);
  });
});

describe('describeModelContract', () => {
  it('says what a participant exports for a 2D and a 3D track', () => {
    expect(
      describeModelContract(parseModelContract('classification', minimal), 'classification'),
    ).toEqual([
      "Input 'x' float32 [N, 1, 28, 28] (NCHW, one case at a time): images (PNG or NPY; grey); values divided by 255; cases must already be 28×28.",
      "Output 'probability': class probabilities [N, k], or [N, 1] = p(positive class) for a binary track.",
      'Limits: 10 s per case, 10 min in all, 2048 MB of memory, a 200 MB file; no network.',
    ]);
    const volume = parseModelContract('segmentation', {
      input: {
        name: 'mr',
        shape: ['N', 4, 32, 64, 64],
        scaling: { zscore: { mean: [0, 0, 0, 0], std: [1, 1, 2, 2] } },
        resize: 'trilinear',
      },
      output: { name: 'logits', values: 'logits' },
      limits: { perCaseMs: 2500, totalSeconds: 90 },
    });
    expect(describeModelContract(volume, 'segmentation')).toEqual([
      "Input 'mr' float32 [N, 4, 32, 64, 64] (NCDHW, one case at a time): NIfTI volumes (.nii/.nii.gz; D×H×W = the file's k×j×i axes, channels = its 4th dimension); values z-scored ((x − 0/0/0/0) / 1/1/2/2); cases are resized trilinearly to 32×64×64 (half-pixel centres).",
      "Output 'logits': logits of K classes per voxel, [N, K, 32, 64, 64], reduced by an argmax (channel 0 is background).",
      'Limits: 2500 ms per case, 90 s in all, 2048 MB of memory, a 200 MB file; no network.',
    ]);
  });
});
