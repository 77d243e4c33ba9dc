import { describe, expect, it } from 'vitest';
import { submissionFormat, submitHeading } from './submission-format';

describe('submissionFormat', () => {
  it('gives an open-VQA track the header its parser reads, a JSONL/CSV picker and a CSV template', () => {
    const format = submissionFormat({
      taskType: 'open-vqa',
      taskConfig: {},
      metrics: ['vqa_exact_match'],
    });
    expect(format.rules[0]).toBe("This track's header row: case_id,answer");
    expect(format.accept).toContain('.jsonl');
    expect(format.accept).toContain('.csv');
    expect(format.templateLabel).toBe('Download the case-id template (CSV)');
    expect(format.description).toMatch(/JSONL/);
  });

  it('names the classes of a classification track in its header', () => {
    const format = submissionFormat({
      taskType: 'classification',
      taskConfig: { classes: ['benign', 'malignant'] },
      metrics: ['roc_auc'],
    });
    expect(format.rules[0]).toBe("This track's header row: case_id,p_benign,p_malignant");
    expect(format.accept).toBe('.csv,text/csv');
    expect(format.example).toMatch(/^case_id,p_benign,p_malignant\n/);
  });

  it('lets a track with a model contract take an ONNX model too, naming its input and output', () => {
    const format = submissionFormat({
      taskType: 'classification',
      taskConfig: {
        classes: ['malignant', 'normal_or_benign'],
        model: {
          input: { name: 'x', shape: ['N', 1, 28, 28] },
          output: { name: 'probability', values: 'probabilities' },
        },
      },
      metrics: ['roc_auc'],
    });
    expect(format.accept).toBe('.csv,text/csv,.onnx');
    expect(format.rules.slice(-4)).toEqual([
      "Or upload an ONNX model (.onnx): MedRank runs it on the test set's inputs (hidden ones stay hidden) and scores its outputs like a predictions file; docs/model-submissions.md explains the contract.",
      "Input 'x' float32 [N, 1, 28, 28] (NCHW, one case at a time): images (PNG or NPY; grey); values divided by 255; cases must already be 28×28.",
      "Output 'probability': class probabilities [N, k], or [N, 1] = p(positive class) for a binary track.",
      'Limits: 10 s per case, 10 min in all, 2048 MB of memory, a 200 MB file; no network.',
    ]);
    expect(
      submissionFormat({
        taskType: 'classification',
        taskConfig: { classes: ['a', 'b'] },
        metrics: ['roc_auc'],
      }).rules.some((r) => r.includes('ONNX')),
    ).toBe(false);
  });

  it('describes only the run on a track whose model contract is exclusive: no file format, no template, .onnx only', () => {
    const format = submissionFormat({
      taskType: 'classification',
      taskConfig: {
        classes: ['malignant', 'normal_or_benign'],
        model: {
          input: { name: 'x', shape: ['N', 1, 28, 28] },
          output: { name: 'probability', values: 'probabilities' },
          exclusive: true,
        },
      },
      metrics: ['roc_auc'],
    });
    expect(format.takes).toEqual({ predictions: false, model: true, endpoint: false });
    expect(format.accept).toBe('.onnx');
    expect(format.templateLabel).toBeNull();
    expect(format.noTemplateReason).toBeNull();
    expect(format.example).toBe('');
    expect(format.description).toMatch(/takes ONNX models only.*prediction files are refused/);
    expect(format.rules[0]).toMatch(/^Input 'x' float32 \[N, 1, 28, 28\]/);
    expect(format.rules.some((r) => /header row|Or upload/.test(r))).toBe(false);
  });

  it('describes only the endpoint on a track whose endpoint contract is exclusive', () => {
    const format = submissionFormat({
      taskType: 'multiple-choice',
      taskConfig: { endpoint: { prompt: '{question}', exclusive: true } },
      metrics: ['accuracy'],
    });
    expect(format.takes).toEqual({ predictions: false, model: false, endpoint: true });
    expect(format.accept).toBe('');
    expect(format.templateLabel).toBeNull();
    expect(format.rules).toEqual([]);
    expect(format.description).toMatch(/takes endpoints only.*prediction files are refused/);
  });

  it('names what a track takes in the submit heading', () => {
    const all = { predictions: true, model: false, endpoint: false };
    expect(submitHeading(all)).toBe('Submit predictions');
    expect(submitHeading({ ...all, model: true })).toBe('Submit predictions or a model');
    expect(submitHeading({ ...all, endpoint: true })).toBe('Submit predictions or an endpoint');
    expect(submitHeading({ predictions: true, model: true, endpoint: true })).toBe(
      'Submit predictions, a model or an endpoint',
    );
    expect(submitHeading({ predictions: false, model: true, endpoint: false })).toBe(
      'Submit a model',
    );
    expect(submitHeading({ predictions: false, model: false, endpoint: true })).toBe(
      'Submit an endpoint',
    );
    expect(submitHeading(undefined)).toBe('Submit predictions');
  });

  it('leaves out the generic example where it would contradict the track header', () => {
    const format = submissionFormat({
      taskType: 'classification',
      taskConfig: { classes: ['negative', 'positive'] },
      metrics: ['roc_auc'],
    });
    expect(format.rules[0]).toBe("This track's header row: case_id,p_negative,p_positive");
    expect(format.example).toBe('');
  });

  it('gives a report track its sections as JSONL fields', () => {
    const format = submissionFormat({
      taskType: 'report-generation',
      taskConfig: { sections: ['findings', 'impression'] },
      metrics: ['bleu4_corpus'],
    });
    expect(format.rules[0]).toBe('This track\'s fields: "id", "findings", "impression"');
    expect(format.templateLabel).toBe('Download the case-id template (JSONL)');
  });

  it('explains why a segmentation track has no template', () => {
    const format = submissionFormat({
      taskType: 'segmentation',
      taskConfig: {},
      metrics: ['dice'],
    });
    expect(format.templateLabel).toBeNull();
    expect(format.noTemplateReason).toMatch(/ZIP of masks/);
    expect(format.accept).toContain('.zip');
  });

  it('offers no template or upload on a reported-only track', () => {
    const format = submissionFormat({
      taskType: 'report-generation',
      taskConfig: {},
      metrics: [],
    });
    expect(format).toMatchObject({ scored: false, templateLabel: null });
    expect(format.noTemplateReason).toMatch(/published results only/);
  });
});
