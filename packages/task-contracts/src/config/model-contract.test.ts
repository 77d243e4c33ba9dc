import { describe, expect, it } from 'vitest';
import { parseClassificationConfig } from './classification-config.js';
import { DEFAULT_MODEL_RUN_LIMITS, inputSize, parseModelContract } from './model-contract.js';
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
    });
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
      /model\.input\.shape\.0: the input shape must be \["N", C, H, W\]/,
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
