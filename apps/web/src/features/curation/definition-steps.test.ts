import {
  benchmarkDefinitionToYaml,
  parseBenchmarkDefinitionOrThrow,
  parseBenchmarkYaml,
  validateBenchmarkDefinition,
} from '@medrank/curation';
import { describe, expect, it } from 'vitest';
import {
  applyPhases,
  applyTaskTypes,
  applyTestSets,
  applyTracks,
  droppedMetricsNotice,
  hasNewTaskType,
} from './definition-steps';
import { formToObject } from './form-paths';

const current = parseBenchmarkDefinitionOrThrow({
  slug: 'chest',
  title: 'Chest',
  summary: 'S',
  tracks: [
    {
      slug: 'main',
      name: 'Main',
      taskType: 'classification',
      taskConfig: { classes: ['normal', 'abnormal'] },
      metrics: ['roc_auc'],
      primaryMetric: 'roc_auc',
      testSets: [{ slug: 'test', name: 'Test' }],
    },
  ],
});

const phaseForm = (fields: Record<string, string>) => {
  const form = new FormData();
  form.append('phases[0].name', 'Open');
  form.append('phases[0].opensAt', '2026-01-01T00:00');
  for (const [name, value] of Object.entries(fields)) form.append(`phases[0].${name}`, value);
  return formToObject(form);
};

describe('applyPhases', () => {
  it('takes the defences from the phases step, the checkbox included', () => {
    const next = applyPhases(
      current,
      phaseForm({
        scoreDecimals: '2',
        ladderMargin: '0.01',
        'nearDuplicate.minCases': '0',
        'nearDuplicate.minFraction': '0',
        requiresApproval: 'true',
      }),
    );
    expect(parseBenchmarkDefinitionOrThrow(next).phases[0]).toMatchObject({
      scoreDecimals: 2,
      ladderMargin: 0.01,
      nearDuplicate: { minCases: 0, minFraction: 0 },
      requiresApproval: true,
    });
  });

  it('leaves empty fields to the defaults: 3 decimals, 10 cases / 1 %, no Ladder, no approval', () => {
    const phase = parseBenchmarkDefinitionOrThrow(
      applyPhases(current, phaseForm({ scoreDecimals: '', ladderMargin: '' })),
    ).phases[0]!;
    expect(phase).toMatchObject({
      scoreDecimals: 3,
      nearDuplicate: { minCases: 10, minFraction: 0.01 },
      requiresApproval: false,
    });
    expect(phase.ladderMargin).toBeUndefined();
  });

  it('passes a wrong value on, so the schema names the field', () => {
    const result = validateBenchmarkDefinition(
      applyPhases(current, phaseForm({ scoreDecimals: '9', ladderMargin: '1' })),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.column)).toEqual([
      'phases[0].scoreDecimals',
      'phases[0].ladderMargin',
    ]);
  });
});

// An open-question track and a segmentation track on the default label map.
const mixed = parseBenchmarkDefinitionOrThrow({
  slug: 'mixed',
  title: 'Mixed',
  summary: 'S',
  tracks: [
    {
      slug: 'answers',
      name: 'Answers',
      taskType: 'open-vqa',
      metrics: ['vqa_exact_match'],
      primaryMetric: 'vqa_exact_match',
      testSets: [{ slug: 'test', name: 'Test' }],
    },
    {
      slug: 'lesions',
      name: 'Lesions',
      taskType: 'segmentation',
      taskConfig: { labels: { '1': 'foreground' } },
      metrics: ['dice', 'dice:foreground', 'hd95:foreground'],
      primaryMetric: 'dice:foreground',
      testSets: [{ slug: 'test', name: 'Test' }],
    },
  ],
});

describe('applyTestSets', () => {
  const testSetForm = (fields: Record<string, string>) => {
    const form = new FormData();
    form.append('tracks[0].testSets[0].name', 'Test');
    form.append('tracks[0].testSets[0].slug', 'test');
    for (const [name, value] of Object.entries(fields))
      form.append(`tracks[0].testSets[0].${name}`, value);
    return formToObject(form);
  };
  it('keeps the inputs setting the form sends: public inputs stay public when the step is saved', () => {
    const next = applyTestSets(current, testSetForm({ visibility: 'public', inputs: 'public' }));
    expect(next.tracks[0]!.testSets[0]).toMatchObject({ slug: 'test', inputs: 'public' });
    expect(parseBenchmarkDefinitionOrThrow(next).tracks[0]!.testSets[0]!.inputs).toBe('public');
  });
  it('leaves inputs hidden when the form says nothing, and passes a wrong value on to the schema', () => {
    expect(applyTestSets(current, testSetForm({})).tracks[0]!.testSets[0]!.inputs).toBe('hidden');
    const wrong = applyTestSets(current, testSetForm({ inputs: 'everyone' }));
    expect(validateBenchmarkDefinition(wrong).ok).toBe(false);
  });
});

describe('applyTaskTypes', () => {
  it('gives each track its own task type and configuration', () => {
    const { next, dropped } = applyTaskTypes(mixed, [
      { taskType: 'open-vqa', taskConfig: {} },
      { taskType: 'segmentation', taskConfig: { labels: { '1': 'foreground' }, toleranceMm: 1 } },
    ]);
    const saved = parseBenchmarkDefinitionOrThrow(next);
    expect(saved.tracks.map((t) => t.taskType)).toEqual(['open-vqa', 'segmentation']);
    expect(saved.tracks[1]!.taskConfig).toEqual({ labels: { '1': 'foreground' }, toleranceMm: 1 });
    expect(dropped).toEqual([]);
  });

  it('drops the keys a new label map no longer computes, and says so', () => {
    const { next, dropped } = applyTaskTypes(mixed, [
      undefined,
      { taskType: 'segmentation', taskConfig: { labels: { '255': 'lesion' } } },
    ]);
    const track = parseBenchmarkDefinitionOrThrow(next).tracks[1]!;
    expect(track.metrics).toEqual(['dice']);
    expect(track.primaryMetric).toBe('dice');
    expect(dropped).toEqual([
      {
        trackName: 'Lesions',
        metrics: ['dice:foreground', 'hd95:foreground'],
        primaryMetric: 'dice',
      },
    ]);
    expect(droppedMetricsNotice(dropped[0]!)).toBe(
      'Track “Lesions”: dice:foreground, hd95:foreground are no longer computed under the new configuration and were removed from its metrics. It now ranks on dice. Check the metrics step.',
    );
  });

  it('keeps the stored configuration when the form only spells out defaults', () => {
    const { next } = applyTaskTypes(mixed, [
      undefined,
      {
        taskType: 'segmentation',
        taskConfig: { labels: { '1': 'foreground' }, toleranceMm: 2, hd95Convention: 'monai' },
      },
    ]);
    expect(next.tracks[1]!.taskConfig).toEqual({ labels: { '1': 'foreground' } });
  });

  it('starts a track that changes type from the new type’s suggestions', () => {
    const { next } = applyTaskTypes(mixed, [
      { taskType: 'segmentation', taskConfig: { labels: { '255': 'lesion' } } },
    ]);
    const track = parseBenchmarkDefinitionOrThrow(next).tracks[0]!;
    expect(track.taskType).toBe('segmentation');
    expect(track.primaryMetric).toBe('dice');
  });
});

describe('applyTracks', () => {
  const examples = { segmentation: { labels: { '1': 'foreground' } }, 'open-vqa': {} };
  const tracksForm = (rows: Record<string, string>[]) => ({ tracks: rows });

  it('lets a new track take another task type, from its example and suggestions', () => {
    const single = parseBenchmarkDefinitionOrThrow({ ...mixed, tracks: [mixed.tracks[0]!] });
    const next = applyTracks(
      single,
      tracksForm([
        { originalSlug: 'answers', slug: 'answers', name: 'Answers' },
        { slug: 'masks', name: 'Masks', taskType: 'segmentation' },
      ]),
      examples,
    );
    const saved = parseBenchmarkDefinitionOrThrow(next);
    expect(saved.tracks[1]).toMatchObject({
      taskType: 'segmentation',
      taskConfig: { labels: { '1': 'foreground' } },
      primaryMetric: 'dice',
      testSets: [{ slug: 'test' }],
    });
    expect(hasNewTaskType(single, next)).toBe(true);
  });

  it('starts a new track without a choice on the first track’s type', () => {
    const next = applyTracks(
      mixed,
      tracksForm([
        { originalSlug: 'answers', slug: 'answers', name: 'Answers' },
        { originalSlug: 'lesions', slug: 'lesions', name: 'Lesions' },
        { slug: 'more', name: 'More' },
      ]),
      examples,
    );
    expect(next.tracks.map((t) => t.taskType)).toEqual(['open-vqa', 'segmentation', 'open-vqa']);
    expect(hasNewTaskType(mixed, next)).toBe(false);
  });
});

describe('a benchmark with a task type per track', () => {
  it('round-trips through YAML', () => {
    const { next } = applyTaskTypes(mixed, [
      undefined,
      { taskType: 'segmentation', taskConfig: { labels: { '255': 'lesion' } } },
    ]);
    const definition = parseBenchmarkDefinitionOrThrow({
      ...next,
      tracks: next.tracks.map((t, i) =>
        i === 1
          ? { ...t, metrics: ['dice:lesion', 'hd95:lesion'], primaryMetric: 'dice:lesion' }
          : t,
      ),
    });
    const parsed = parseBenchmarkYaml(benchmarkDefinitionToYaml(definition));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.definition.tracks.map((t) => [t.taskType, t.taskConfig, t.metrics])).toEqual([
      ['open-vqa', {}, ['vqa_exact_match']],
      ['segmentation', { labels: { '255': 'lesion' } }, ['dice:lesion', 'hd95:lesion']],
    ]);
  });
});
