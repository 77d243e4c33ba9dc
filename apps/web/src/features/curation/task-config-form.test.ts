import { describe, expect, it } from 'vitest';
import {
  BINARY_MASK_PRESET,
  choiceExplanation,
  enumChoices,
  labelMapOf,
  labelRowIssues,
  labelRowsOf,
  parseConfigJson,
  segmentationFieldsToConfig,
  taskConfigFromForm,
} from './task-config-form';

const fieldsOf = (issues: { field: string }[]) => issues.map((i) => i.field);

describe('labelRowIssues', () => {
  it('accepts the 0/255 preset and gives its map', () => {
    expect(labelRowIssues(BINARY_MASK_PRESET)).toEqual([]);
    expect(labelMapOf(BINARY_MASK_PRESET)).toEqual({ '255': 'lesion' });
  });

  it.each([
    ['0', 'must be a whole number from 1 to 65535'],
    ['65536', 'must be a whole number from 1 to 65535'],
    ['1.5', 'must be a whole number'],
    ['-3', 'must be a whole number'],
    ['', 'enter a pixel value'],
  ])('refuses the pixel value "%s"', (value, message) => {
    const issues = labelRowIssues([{ value, name: 'liver' }]);
    expect(issues).toEqual([
      { field: 'labels[0].value', message: expect.stringContaining(message) },
    ]);
  });

  it('names the row a repeated value or name collides with', () => {
    const issues = labelRowIssues([
      { value: '1', name: 'liver' },
      { value: '1', name: 'tumour' },
      { value: '2', name: 'liver' },
    ]);
    expect(issues).toEqual([
      { field: 'labels[1].value', message: 'pixel value 1 is already used by label 1' },
      { field: 'labels[2].name', message: 'the name "liver" is already used by label 1' },
    ]);
  });

  it('refuses an empty name and one that cannot be a metric key', () => {
    expect(fieldsOf(labelRowIssues([{ value: '1', name: '' }]))).toEqual(['labels[0].name']);
    expect(labelRowIssues([{ value: '1', name: 'left lung' }])[0]?.message).toContain(
      'dice:left_lung',
    );
  });

  it('ignores blank rows but needs one label', () => {
    expect(
      labelRowIssues([
        { value: '', name: '' },
        { value: '2', name: 'b' },
      ]),
    ).toEqual([]);
    expect(labelRowIssues([{ value: ' ', name: '' }])).toEqual([
      { field: 'labels', message: expect.stringContaining('at least one label') },
    ]);
  });
});

describe('labelRowsOf', () => {
  it('lists a stored map ascending by value', () => {
    expect(labelRowsOf({ '10': 'b', '2': 'a' })).toEqual([
      { value: '2', name: 'a' },
      { value: '10', name: 'b' },
    ]);
    expect(labelRowsOf(undefined)).toEqual([]);
  });
});

describe('segmentationFieldsToConfig', () => {
  it('turns the submitted strings into configuration keys', () => {
    expect(
      segmentationFieldsToConfig({
        labels: [{ value: '255', name: 'lesion' }],
        spacingMm: ['0.5', '0.75'],
        toleranceMm: '1.5',
        hd95Convention: 'pooled',
      }),
    ).toEqual({
      config: {
        labels: { '255': 'lesion' },
        spacingMm: [0.5, 0.75],
        toleranceMm: 1.5,
        hd95Convention: 'pooled',
      },
      issues: [],
    });
  });

  it('leaves empty optional fields out, so the defaults hold', () => {
    expect(segmentationFieldsToConfig({ labels: [{ value: '1', name: 'fg' }] }).config).toEqual({
      labels: { '1': 'fg' },
    });
  });

  it('says which field is wrong and what it expected', () => {
    const { issues } = segmentationFieldsToConfig({
      // a hole where the browser sent a blank row
      labels: [undefined, { value: '70000', name: 'x' }],
      spacingMm: ['0.5'],
      toleranceMm: 'two',
    });
    expect(issues).toEqual([
      { field: 'segmentation.labels[1].value', message: expect.stringContaining('1 to 65535') },
      { field: 'segmentation.spacingMm[1]', message: 'give both axes, or leave both empty' },
      { field: 'segmentation.toleranceMm', message: expect.stringContaining('found "two"') },
    ]);
  });
});

describe('taskConfigFromForm', () => {
  it('keeps JSON keys the segmentation fields do not edit; the fields win', () => {
    const { config, issues } = taskConfigFromForm(
      {
        taskConfig: '{"oneEmptyDistance": "infinity", "labels": {"1": "old"}}',
        segmentation: { labels: [{ value: '255', name: 'lesion' }] },
      },
      'segmentation',
    );
    expect(issues).toEqual([]);
    expect(config).toEqual({ oneEmptyDistance: 'infinity', labels: { '255': 'lesion' } });
  });

  it('reads other task types from the JSON box alone', () => {
    expect(taskConfigFromForm({ taskConfig: '{"k": 5}', segmentation: {} }, 'retrieval')).toEqual({
      config: { k: 5 },
      issues: [],
    });
  });

  it('refuses JSON that is not an object', () => {
    expect(fieldsOf(parseConfigJson('[1]').issues)).toEqual(['taskConfig']);
    expect(fieldsOf(parseConfigJson('{oops').issues)).toEqual(['taskConfig']);
    expect(parseConfigJson('')).toEqual({ config: {}, issues: [] });
  });
});

describe('enumChoices and choiceExplanation', () => {
  it('reads the choices of an enumerated contract type', () => {
    expect(enumChoices('"monai" | "pooled"')).toEqual(['monai', 'pooled']);
    expect(enumChoices('number ≥ 0')).toBeNull();
    expect(enumChoices('"only"')).toBeNull();
  });

  it('finds a choice’s own sentence when the description states one', () => {
    const description =
      'How text becomes tokens. "whitespace": split on spaces. "ptb-lower": PTB tokens, lower-cased.';
    expect(choiceExplanation(description, 'whitespace')).toBe('split on spaces.');
    expect(choiceExplanation(description, 'ptb-lower')).toBe('PTB tokens, lower-cased.');
    expect(choiceExplanation(description, 'monai')).toBeNull();
  });
});
