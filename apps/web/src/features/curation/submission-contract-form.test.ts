import { parseTaskConfig } from '@medrank/task-contracts/config';
import { describe, expect, it } from 'vitest';
import {
  contractIssuesOf,
  endpointDefaults,
  endpointFormToContract,
  endpointFormValuesOf,
  modelChoicesFor,
  modelFormToContract,
  modelFormValuesOf,
  modelInputDefaults,
  modelOutputValuesFor,
  parseShapeText,
  submittedEndpointValues,
  submittedModelValues,
  takesEndpoints,
  takesModels,
  type EndpointFormValues,
  type ModelFormValues,
} from './submission-contract-form';
import { configOutsideForm, formKeysOf, taskConfigFromForm } from './task-config-form';

const BREAST_MNIST_MODEL = {
  input: {
    name: 'x',
    shape: ['N', 1, 28, 28],
    layout: 'NCHW',
    dtype: 'float32',
    scaling: 'divide255',
  },
  output: { name: 'probability', values: 'probabilities' },
  limits: { perCaseMs: 5000, memoryMb: 1024 },
};
const CT_MODEL = {
  input: {
    name: 'ct',
    shape: ['N', 2, 64, 128, 128],
    scaling: { zscore: { mean: [40, 0], std: [350, 1] } },
    resize: 'trilinear',
  },
  output: { name: 'logits', values: 'labels' },
};

/** A classification model form filled in right, to break one field at a time. */
const goodModel = (): ModelFormValues => modelFormValuesOf(BREAST_MNIST_MODEL);
const modelIssues = (edit: (v: ModelFormValues) => void, taskType = 'classification') => {
  const values = goodModel();
  edit(values);
  return modelFormToContract(values, taskType).issues;
};

describe('which task types get the sections', () => {
  it('follows the task type contracts', () => {
    expect(takesModels('classification')).toBe(true);
    expect(takesModels('segmentation')).toBe(true);
    expect(takesModels('open-vqa')).toBe(false);
    expect(takesEndpoints('report-generation')).toBe(true);
    expect(takesEndpoints('regression')).toBe(false);
    expect(formKeysOf('segmentation')).toEqual([
      'labels',
      'spacingMm',
      'toleranceMm',
      'hd95Convention',
      'model',
    ]);
    expect(formKeysOf('multiple-choice')).toEqual(['endpoint']);
    expect(configOutsideForm('classification', { classes: ['a', 'b'], model: {} })).toEqual({
      classes: ['a', 'b'],
    });
  });
});

describe('model fields', () => {
  it.each([
    ['a 2D classification model', BREAST_MNIST_MODEL, 'classification'],
    ['a 3D segmentation model with per-channel z-scores', CT_MODEL, 'segmentation'],
  ])('round-trip %s: stored block → fields → the same block', (_, stored, taskType) => {
    const values = modelFormValuesOf(stored);
    expect(values.enabled).toBe(true);
    expect(modelFormToContract(values, taskType)).toEqual({ model: stored, issues: [] });
  });

  it('round-trips exclusive (models only) from the stored block and from the submitted checkbox', () => {
    const stored = { ...BREAST_MNIST_MODEL, exclusive: true };
    const values = modelFormValuesOf(stored);
    expect(values.exclusive).toBe(true);
    expect(modelFormToContract(values, 'classification')).toEqual({ model: stored, issues: [] });
    expect(modelFormValuesOf(BREAST_MNIST_MODEL).exclusive).toBe(false);
    const submitted = submittedModelValues({
      enabled: 'true',
      exclusive: 'true',
      input: { name: 'x', shape: 'N, 1, 28, 28' },
      output: { name: 'y', values: 'logits' },
    });
    const { model } = modelFormToContract(submitted, 'classification');
    expect(model).toMatchObject({ exclusive: true });
    expect(parseTaskConfig('classification', { classes: ['a', 'b'], model })).toMatchObject({
      model: { exclusive: true },
    });
  });

  it('opens a stored block with its fields filled in', () => {
    expect(modelFormValuesOf(CT_MODEL).input).toEqual({
      name: 'ct',
      shape: 'N, 2, 64, 128, 128',
      layout: '',
      dtype: '',
      scaling: 'zscore',
      zscoreMean: '40, 0',
      zscoreStd: '350, 1',
      resize: 'trilinear',
    });
    expect(modelFormValuesOf(undefined).enabled).toBe(false);
  });

  it('leaves a switched-off section out', () => {
    expect(modelFormToContract({ ...goodModel(), enabled: false }, 'classification')).toEqual({
      issues: [],
    });
  });

  it('reads the submitted form (strings, empty fields absent) the way the editor names them', () => {
    const values = submittedModelValues({
      enabled: 'true',
      input: {
        name: 'x',
        shape: 'N, 3, 224, 224',
        scaling: 'zscore',
        zscoreMean: '0.5',
        zscoreStd: '0.25',
      },
      output: { name: 'y', values: 'logits' },
      limits: { totalSeconds: '120' },
    });
    expect(modelFormToContract(values, 'classification')).toEqual({
      model: {
        input: {
          name: 'x',
          shape: ['N', 3, 224, 224],
          scaling: { zscore: { mean: 0.5, std: 0.25 } },
        },
        output: { name: 'y', values: 'logits' },
        limits: { totalSeconds: 120 },
      },
      issues: [],
    });
    expect(submittedModelValues(undefined).enabled).toBe(false);
  });

  it.each([
    ['N, 28, 28', 'a 3-dimensional shape; give 4 dimensions'],
    ['N, 1, 2, 3, 4, 5', 'a 6-dimensional shape'],
    ['1, 1, 28, 28', 'start with N, the batch dimension'],
    ['N, 1, 28.5, 28', 'dimension 3 ("28.5") must be a whole number ≥ 1'],
    ['N, 0, 28, 28', 'dimension 2 ("0") must be a whole number ≥ 1'],
    ['', 'enter the input shape'],
  ])('refuses the shape "%s" at its field', (shape, message) => {
    expect(modelIssues((v) => (v.input.shape = shape))).toEqual([
      { field: 'model.input.shape', message: expect.stringContaining(message) },
    ]);
  });

  it('accepts a shape pasted from YAML, and "28x28"', () => {
    expect(parseShapeText('[N, 1, 28, 28]').shape).toEqual(['N', 1, 28, 28]);
    expect(parseShapeText('["N", 3, 28x28]').shape).toEqual(['N', 3, 28, 28]);
  });

  it('offers the layouts and resizes of the shape’s rank, and the parser’s defaults', () => {
    expect(modelChoicesFor(['N', 1, 28, 28])).toMatchObject({
      layouts: ['NCHW', 'NHWC'],
      resizes: ['none', 'bilinear'],
    });
    expect(modelChoicesFor(['N', 1, 8, 28, 28])).toMatchObject({
      isVolume: true,
      layouts: ['NCDHW'],
      resizes: ['none', 'trilinear'],
    });
    expect(modelInputDefaults(false)).toEqual({
      dtype: 'float32',
      layout: 'NCHW',
      scaling: 'divide255',
      resize: 'none',
    });
    expect(modelInputDefaults(true).layout).toBe('NCDHW');
    expect(modelOutputValuesFor('classification')).toEqual(['probabilities', 'logits']);
    expect(modelOutputValuesFor('segmentation')).toContain('labels');
  });

  it.each<[string, (v: ModelFormValues) => void, string, string]>([
    ['an empty input name', (v) => (v.input.name = ''), 'model.input.name', 'enter the name'],
    [
      'a 3D layout on a 2D shape',
      (v) => (v.input.layout = 'NCDHW'),
      'model.input.layout',
      'NCDHW does not go with a 4-dimensional shape (2D images); choose NCHW or NHWC',
    ],
    [
      'a 2D resize on a 3D shape',
      (v) => {
        v.input.shape = 'N, 1, 8, 28, 28';
        v.input.layout = '';
        v.input.resize = 'bilinear';
      },
      'model.input.resize',
      'bilinear does not go with a 5-dimensional shape (3D volumes); choose none or trilinear',
    ],
    ['an unknown dtype', (v) => (v.input.dtype = 'int64'), 'model.input.dtype', 'float32 or uint8'],
    [
      'a z-score mean that is not a number',
      (v) => {
        v.input.scaling = 'zscore';
        v.input.zscoreMean = 'forty';
        v.input.zscoreStd = '1';
      },
      'model.input.zscoreMean',
      '"forty" is not a number',
    ],
    [
      'a z-score std per channel of a 1-channel input given twice',
      (v) => {
        v.input.scaling = 'zscore';
        v.input.zscoreMean = '0';
        v.input.zscoreStd = '1, 2';
      },
      'model.input.zscoreStd',
      '2 values for 1 channel; give 1, or one per channel',
    ],
    [
      'a z-score std of 0',
      (v) => {
        v.input.scaling = 'zscore';
        v.input.zscoreMean = '0';
        v.input.zscoreStd = '0';
      },
      'model.input.zscoreStd',
      'every std must be > 0',
    ],
    ['an empty output name', (v) => (v.output.name = ''), 'model.output.name', 'enter the name'],
    [
      'labels on a classification track',
      (v) => (v.output.values = 'labels'),
      'model.output.values',
      'labels (a mask per image) is for segmentation tracks',
    ],
    [
      'a limit that is not a whole number',
      (v) => (v.limits.perCaseMs = '1.5'),
      'model.limits.perCaseMs',
      'must be a whole number; found "1.5"',
    ],
  ])('refuses %s at its field', (_, edit, field, message) => {
    expect(modelIssues(edit)).toEqual([{ field, message: expect.stringContaining(message) }]);
  });
});

const goodEndpoint = (): EndpointFormValues =>
  endpointFormValuesOf({
    prompt: 'Question: {question}\nOptions:\n{options}\nAnswer with the letter only.',
    system: 'You are a radiologist.',
    maxTokens: 16,
    temperature: 0.2,
    limits: { concurrency: 2, retries: 0 },
  });

describe('endpoint fields', () => {
  it('round-trips a stored block: stored → fields → the same block', () => {
    const stored = {
      prompt: 'Question: {question}\nAnswer yes or no.',
      system: 'You are a radiologist.',
      maxTokens: 16,
      temperature: 0.2,
      limits: { concurrency: 2, requestTimeoutMs: 30000, retries: 0, totalSeconds: 900 },
    };
    expect(endpointFormToContract(endpointFormValuesOf(stored), 'closed-vqa')).toEqual({
      endpoint: stored,
      issues: [],
    });
  });

  it('round-trips report generation’s per-section prompts, and opens a row per scored section', () => {
    const stored = {
      sections: { findings: 'Write the findings.', impression: 'Write the impression.' },
    };
    const values = endpointFormValuesOf(stored, ['findings', 'impression']);
    expect(values.promptMode).toBe('sections');
    expect(endpointFormToContract(values, 'report-generation')).toEqual({
      endpoint: stored,
      issues: [],
    });
    const fresh = endpointFormValuesOf(undefined, ['findings', 'impression']);
    expect(fresh).toMatchObject({ enabled: false, promptMode: 'sections' });
    expect(fresh.sections.map((s) => s.name)).toEqual(['findings', 'impression']);
    expect(endpointFormValuesOf(undefined, ['findings']).promptMode).toBe('one');
  });

  it('round-trips exclusive (endpoints only) from the stored block and from the submitted checkbox', () => {
    const stored = { prompt: '{question}', exclusive: true };
    expect(endpointFormToContract(endpointFormValuesOf(stored), 'open-vqa')).toEqual({
      endpoint: stored,
      issues: [],
    });
    const submitted = submittedEndpointValues({
      enabled: 'true',
      exclusive: 'true',
      prompt: 'Q: {question}',
    });
    expect(endpointFormToContract(submitted, 'open-vqa').endpoint).toEqual({
      prompt: 'Q: {question}',
      exclusive: true,
    });
    expect(submittedEndpointValues({ enabled: 'true', prompt: 'x' }).exclusive).toBe(false);
  });

  it('reads the submitted form, blank section rows left out', () => {
    const values = submittedEndpointValues({
      enabled: 'true',
      promptMode: 'sections',
      sections: [{ name: 'findings', prompt: 'F' }, undefined, { name: 'impression', prompt: 'I' }],
      maxTokens: '300',
    });
    expect(endpointFormToContract(values, 'report-generation')).toEqual({
      endpoint: { sections: { findings: 'F', impression: 'I' }, maxTokens: 300 },
      issues: [],
    });
  });

  it('takes the defaults from the parser', () => {
    expect(endpointDefaults()).toEqual({
      maxTokens: 256,
      temperature: 0,
      limits: { concurrency: 4, requestTimeoutMs: 60000, retries: 2, totalSeconds: 600 },
    });
  });

  it.each<[string, (v: EndpointFormValues) => void, string, string]>([
    ['an empty prompt', (v) => (v.prompt = ''), 'endpoint.prompt', 'enter the prompt'],
    [
      'max tokens that are not whole',
      (v) => (v.maxTokens = '2.5'),
      'endpoint.maxTokens',
      'whole number',
    ],
    [
      'a temperature that is not a number',
      (v) => (v.temperature = 'hot'),
      'endpoint.temperature',
      'must be a number; found "hot"',
    ],
    [
      'retries that are not whole',
      (v) => (v.limits.retries = 'x'),
      'endpoint.limits.retries',
      'whole number',
    ],
  ])('refuses %s at its field', (_, edit, field, message) => {
    const values = goodEndpoint();
    edit(values);
    expect(endpointFormToContract(values, 'multiple-choice').issues).toEqual([
      { field, message: expect.stringContaining(message) },
    ]);
  });

  it('refuses a section row without a name or prompt, and a repeated section', () => {
    const { issues } = endpointFormToContract(
      {
        ...goodEndpoint(),
        promptMode: 'sections',
        sections: [
          { name: 'findings', prompt: 'F' },
          { name: '', prompt: 'orphan' },
          { name: 'findings', prompt: '' },
        ],
      },
      'report-generation',
    );
    expect(issues).toEqual([
      { field: 'endpoint.sections[1].name', message: expect.stringContaining('enter the section') },
      {
        field: 'endpoint.sections[2].name',
        message: 'section "findings" already has a prompt (row 1)',
      },
      { field: 'endpoint.sections[2].prompt', message: 'enter the prompt for findings' },
    ]);
  });
});

describe('taskConfigFromForm with the contract sections', () => {
  it('adds the model block of the fields to the JSON’s keys', () => {
    const { config, issues } = taskConfigFromForm(
      {
        taskConfig: '{"classes": ["benign", "malignant"]}',
        model: {
          enabled: 'true',
          input: { name: 'x', shape: 'N, 1, 28, 28' },
          output: { name: 'p', values: 'probabilities' },
        },
      },
      'classification',
    );
    expect(issues).toEqual([]);
    expect(config).toEqual({
      classes: ['benign', 'malignant'],
      model: {
        input: { name: 'x', shape: ['N', 1, 28, 28] },
        output: { name: 'p', values: 'probabilities' },
      },
    });
  });

  it('leaves the block out when the section is off, and refuses it typed in the JSON', () => {
    expect(
      taskConfigFromForm({ taskConfig: '{"classes": ["a", "b"]}' }, 'classification').config,
    ).toEqual({
      classes: ['a', 'b'],
    });
    expect(
      taskConfigFromForm({ taskConfig: '{"endpoint": {"prompt": "p"}}' }, 'open-vqa').issues,
    ).toEqual([
      {
        field: 'taskConfig',
        message:
          '"endpoint" is set with the Endpoint submissions fields, not in the JSON: remove it here',
      },
    ]);
  });
});

describe('contractIssuesOf: the parser’s refusal at the field it names', () => {
  const refusal = (taskType: string, config: Record<string, unknown>) => {
    try {
      parseTaskConfig(taskType, config);
    } catch (error) {
      return contractIssuesOf((error as Error).message);
    }
    throw new Error('the parser accepted it');
  };

  it('places range errors of the schema at their fields', () => {
    expect(
      refusal('classification', {
        classes: ['a', 'b'],
        model: { ...BREAST_MNIST_MODEL, limits: { perCaseMs: 5, fileMb: 100_000 } },
      }),
    ).toEqual([
      { field: 'model.limits.perCaseMs', message: 'must be at least 10' },
      { field: 'model.limits.fileMb', message: 'must be at most 2048' },
    ]);
    expect(
      refusal('multiple-choice', { endpoint: { prompt: 'p', limits: { retries: 9 } } }),
    ).toEqual([
      { field: 'endpoint.limits.retries', message: 'must be a whole number from 0 to 5' },
    ]);
  });

  it('places cross-key checks at the key they name', () => {
    expect(
      refusal('classification', {
        classes: ['a', 'b'],
        model: { ...BREAST_MNIST_MODEL, input: { name: 'x', shape: ['N', 2, 28, 28] } },
      }),
    ).toEqual([
      {
        field: 'model.input.shape',
        message: expect.stringContaining('has 2 channels (NCHW); expected 1 (grey) or 3 (RGB)'),
      },
    ]);
    expect(
      refusal('report-generation', {
        sections: ['findings', 'impression'],
        endpoint: { sections: { findings: 'F' } },
      }),
    ).toEqual([
      {
        field: 'endpoint.sections',
        message: expect.stringContaining('no prompt for "impression"'),
      },
    ]);
  });

  it('leaves anything else to the JSON box, whole', () => {
    expect(refusal('classification', { classes: ['only'] })).toEqual([
      { field: 'taskConfig', message: expect.stringContaining('classes must list at least two') },
    ]);
  });
});
