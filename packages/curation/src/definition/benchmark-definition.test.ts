import { describe, expect, it } from 'vitest';
import {
  parseBenchmarkDefinitionOrThrow,
  validateBenchmarkDefinition,
  type BenchmarkDefinitionInput,
} from './benchmark-definition.js';
import { benchmarkDefinitionToYaml, parseBenchmarkYaml } from './benchmark-yaml.js';

const definition = (): BenchmarkDefinitionInput => ({
  slug: 'chest-mcq',
  title: 'Chest MCQ',
  summary: 'Five-option questions on chest radiographs.',
  description: '# Chest MCQ\n\nQuestions with **one** right answer.\n',
  modality: 'X-ray',
  paperUrl: 'https://example.org/paper',
  tracks: [
    {
      slug: 'main',
      name: 'Main',
      taskType: 'multiple-choice',
      taskConfig: { macroDimension: 'organ', minCategorySize: 10 },
      metrics: ['vqa_accuracy', 'extraction_failure_rate', 'vqa_macro_accuracy'],
      primaryMetric: 'vqa_accuracy',
      reportedMetrics: [
        { key: 'human_agreement', label: 'Human agreement', higherIsBetter: true, decimals: 2 },
      ],
      testSets: [
        {
          slug: 'test',
          name: 'Test',
          visibility: 'hidden-until-close',
          categoryDimensions: ['organ'],
        },
        { slug: 'dev', name: 'Dev', description: 'Public development split' },
      ],
    },
    {
      slug: 'triage',
      name: 'Triage',
      taskType: 'classification',
      taskConfig: { positiveClass: 'abnormal', classes: ['normal', 'abnormal'] },
      metrics: ['roc_auc', 'ece', 'balanced_accuracy'],
      primaryMetric: 'roc_auc',
      testSets: [{ slug: 'test', name: 'Test' }],
    },
  ],
  phases: [
    {
      name: 'Open',
      opensAt: '2026-01-01',
      closesAt: '2026-06-30T23:59:59Z',
      dailyQuota: 3,
      totalQuota: 50,
      finalSelection: 'best',
    },
  ],
});

const messagesOf = (input: unknown) => {
  const result = validateBenchmarkDefinition(input);
  return result.ok ? [] : result.issues.map((i) => i.message);
};

describe('benchmark definition validation', () => {
  it('accepts a valid definition and fills in defaults', () => {
    const parsed = parseBenchmarkDefinitionOrThrow(definition());
    expect(parsed.minCategorySize).toBe(20);
    expect(parsed.tracks[0]!.testSets[1]!.visibility).toBe('public');
    expect(parsed.tracks[1]!.reportedMetrics).toEqual([]);
    expect(parsed.phases[0]!.opensAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('names an unknown task type with its path and the known ones', () => {
    const d = definition();
    d.tracks[1]!.taskType = 'captioning';
    expect(messagesOf(d)).toEqual([
      expect.stringMatching(
        /^tracks\[1\]\.taskType: unknown task type "captioning"; known: classification, multiple-choice/,
      ),
    ]);
  });

  it('refuses a metric the task type does not compute, and an unknown metric', () => {
    const d = definition();
    d.tracks[1]!.metrics = ['roc_auc', 'dice', 'not_a_metric'];
    const messages = messagesOf(d);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^tracks\[1\]\.metrics\[1\]: metric "dice" is not computed by task type "classification" \(binary\); available: .*roc_auc/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^tracks\[1\]\.metrics\[2\]: metric "not_a_metric"/),
    );
  });

  it('refuses binary-only metrics for three classes', () => {
    const d = definition();
    d.tracks[1]!.taskConfig = { classes: ['a', 'b', 'c'] };
    d.tracks[1]!.metrics = ['roc_auc', 'sensitivity'];
    expect(messagesOf(d)).toEqual([
      expect.stringContaining(
        'metric "sensitivity" is not computed by task type "classification" (3 classes)',
      ),
    ]);
  });

  it('refuses macro accuracy without a macro dimension', () => {
    const d = definition();
    d.tracks[0]!.taskConfig = {};
    expect(messagesOf(d)).toEqual([
      expect.stringContaining('tracks[0].metrics[2]: metric "vqa_macro_accuracy" is not computed'),
    ]);
  });

  it('requires the primary metric among the metrics (or reported metrics)', () => {
    const d = definition();
    d.tracks[1]!.primaryMetric = 'accuracy';
    expect(messagesOf(d)).toEqual([
      'tracks[1].primaryMetric: primary metric "accuracy" is not one of the track\'s metrics (roc_auc, ece, balanced_accuracy)',
    ]);
    const reportedPrimary = definition();
    reportedPrimary.tracks[0]!.primaryMetric = 'human_agreement';
    expect(messagesOf(reportedPrimary)).toEqual([]);
  });

  it('allows a published-results-only track (no computed metrics) only when it has reported metrics', () => {
    const reportedOnly = definition();
    reportedOnly.tracks[0]!.metrics = [];
    reportedOnly.tracks[0]!.primaryMetric = 'human_agreement';
    expect(messagesOf(reportedOnly)).toEqual([]);
    const empty = definition();
    empty.tracks[1]!.metrics = [];
    expect(messagesOf(empty)).toContain(
      'tracks[1].metrics: list at least one metric (or reportedMetrics, for a track that shows published results only)',
    );
  });

  it('reports duplicate slugs, metrics and phase names', () => {
    const d = definition();
    d.tracks[1]!.slug = 'main';
    d.tracks[0]!.testSets[1]!.slug = 'test';
    d.tracks[1]!.metrics = ['roc_auc', 'roc_auc'];
    d.phases = [...d.phases!, { ...d.phases![0]! }];
    expect(messagesOf(d)).toEqual(
      expect.arrayContaining([
        'tracks[1].slug: duplicate track slug "main"',
        'tracks[0].testSets[1].slug: duplicate test set slug "test" in track "main"',
        'tracks[1].metrics[1]: metric "roc_auc" is listed twice',
        'phases[1].name: duplicate phase name "Open"',
      ]),
    );
  });

  it('refuses a phase that closes before it opens', () => {
    const d = definition();
    d.phases![0]!.closesAt = '2025-12-31';
    expect(messagesOf(d)).toEqual([
      'phases[0].closesAt: phase "Open" closes (2025-12-31T00:00:00.000Z) before it opens (2026-01-01T00:00:00.000Z)',
    ]);
  });

  it('accepts a percent display of a computed metric and refuses a malformed or unknown one', () => {
    const d = definition();
    d.tracks[0]!.taskConfig = {
      ...d.tracks[0]!.taskConfig,
      metricDisplay: { vqa_accuracy: { percent: true, decimals: 2 } },
    };
    expect(messagesOf(d)).toEqual([]);
    d.tracks[0]!.taskConfig = {
      macroDimension: 'organ',
      metricDisplay: { vqa_accuracy: { percent: 'yes' }, human_agreement: { percent: true } },
    };
    expect(messagesOf(d)).toEqual([
      'tracks[0].taskConfig.metricDisplay.vqa_accuracy: metricDisplay.vqa_accuracy.percent must be true or false',
      expect.stringMatching(
        /^tracks\[0\]\.taskConfig\.metricDisplay\.human_agreement: "human_agreement" is not a computed metric/,
      ),
    ]);
  });

  it('reports an invalid task configuration with the task type’s own message', () => {
    const d = definition();
    d.tracks[1]!.taskConfig = { classes: ['only-one'] };
    expect(messagesOf(d)).toEqual([
      expect.stringMatching(
        /^tracks\[1\]\.taskConfig: classification track misconfigured: taskConfig\.classes/,
      ),
    ]);
  });

  it('refuses unknown fields and bad slugs', () => {
    const d = { ...definition(), colour: 'blue', slug: 'Chest MCQ' };
    const messages = messagesOf(d);
    expect(messages).toContainEqual(expect.stringContaining('slug: benchmark slug must be'));
    expect(messages).toContainEqual(expect.stringContaining('colour'));
  });

  it('fills in the phase defences with their defaults: 3 decimals, near duplicates 10 / 1 %, no Ladder, no approval', () => {
    const phase = parseBenchmarkDefinitionOrThrow(definition()).phases[0]!;
    expect(phase).toMatchObject({
      scoreDecimals: 3,
      nearDuplicate: { minCases: 10, minFraction: 0.01 },
      requiresApproval: false,
    });
    expect(phase.ladderMargin).toBeUndefined();
  });

  it('accepts chosen phase defences', () => {
    const d = definition();
    Object.assign(d.phases![0]!, {
      scoreDecimals: 2,
      nearDuplicate: { minCases: 0, minFraction: 0 },
      ladderMargin: 0.01,
      requiresApproval: true,
    });
    expect(parseBenchmarkDefinitionOrThrow(d).phases[0]).toMatchObject({
      scoreDecimals: 2,
      nearDuplicate: { minCases: 0, minFraction: 0 },
      ladderMargin: 0.01,
      requiresApproval: true,
    });
  });

  it('refuses score decimals outside 0–6, a negative near-duplicate count and a fraction above 1', () => {
    const d = definition();
    Object.assign(d.phases![0]!, {
      scoreDecimals: 7,
      nearDuplicate: { minCases: -1, minFraction: 1.5 },
    });
    const messages = messagesOf(d);
    expect(messages).toContainEqual(expect.stringMatching(/^phases\[0\]\.scoreDecimals: /));
    expect(messages).toContainEqual(
      expect.stringMatching(/^phases\[0\]\.nearDuplicate\.minCases: /),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^phases\[0\]\.nearDuplicate\.minFraction: /),
    );
    expect(messages).toHaveLength(3);
  });

  it('refuses a Ladder margin that is not positive', () => {
    const d = definition();
    d.phases![0]!.ladderMargin = 0;
    expect(messagesOf(d)).toEqual(['phases[0].ladderMargin: must be greater than 0']);
  });

  it('refuses a Ladder margin as wide as the range of a track’s primary metric', () => {
    const d = definition();
    d.phases![0]!.ladderMargin = 1;
    expect(messagesOf(d)).toEqual([
      'phases[0].ladderMargin: ladderMargin 1 is not smaller than the range of Accuracy (0–1), the primary metric of track "main": no score could ever beat a released one by it',
      'phases[0].ladderMargin: ladderMargin 1 is not smaller than the range of AUROC (0–1), the primary metric of track "triage": no score could ever beat a released one by it',
    ]);
    d.phases![0]!.ladderMargin = 0.999;
    expect(messagesOf(d)).toEqual([]);
  });

  it('does not bound the Ladder margin of a primary metric without a finite range', () => {
    const d = definition();
    d.tracks = [
      {
        slug: 'size',
        name: 'Size',
        taskType: 'regression',
        metrics: ['mae'],
        primaryMetric: 'mae',
        testSets: [{ slug: 'test', name: 'Test' }],
      },
    ];
    d.phases![0]!.ladderMargin = 250;
    expect(messagesOf(d)).toEqual([]);
  });

  it('throws BAD_REQUEST with every issue in details', () => {
    const d = definition();
    d.tracks[1]!.primaryMetric = 'nope';
    expect(() => parseBenchmarkDefinitionOrThrow(d)).toThrowError(
      /invalid benchmark definition: tracks\[1\]\.primaryMetric/,
    );
  });
});

describe('benchmark YAML', () => {
  it('round-trips: YAML → definition → YAML is byte-identical and the definition equal', () => {
    const first = benchmarkDefinitionToYaml(parseBenchmarkDefinitionOrThrow(definition()));
    const parsed = parseBenchmarkYaml(first);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.definition).toEqual(parseBenchmarkDefinitionOrThrow(definition()));
    const second = benchmarkDefinitionToYaml(parsed.definition);
    expect(second).toBe(first);
  });

  it('writes the phase defences in camelCase, defaults included, and round-trips a Ladder margin', () => {
    const d = definition();
    Object.assign(d.phases![0]!, { ladderMargin: 0.01, requiresApproval: true });
    const yaml = benchmarkDefinitionToYaml(parseBenchmarkDefinitionOrThrow(d));
    expect(yaml).toContain(
      [
        '    finalSelection: best',
        '    scoreDecimals: 3',
        '    nearDuplicate:',
        '      minCases: 10',
        '      minFraction: 0.01',
        '    ladderMargin: 0.01',
        '    requiresApproval: true',
      ].join('\n'),
    );
    const parsed = parseBenchmarkYaml(yaml);
    expect(parsed.ok && parsed.definition.phases[0]).toMatchObject({
      ladderMargin: 0.01,
      requiresApproval: true,
    });
    expect(parsed.ok && benchmarkDefinitionToYaml(parsed.definition)).toBe(yaml);
    // Without a Ladder the key is left out, like every unset optional field.
    expect(benchmarkDefinitionToYaml(parseBenchmarkDefinitionOrThrow(definition()))).not.toContain(
      'ladderMargin',
    );
  });

  it('writes keys in the documented order, task configuration keys sorted, unset fields left out', () => {
    const yaml = benchmarkDefinitionToYaml(parseBenchmarkDefinitionOrThrow(definition()));
    const topKeys = yaml
      .split('\n')
      .filter((l) => /^[a-zA-Z]/.test(l))
      .map((l) => l.split(':')[0]);
    expect(topKeys).toEqual([
      'slug',
      'title',
      'summary',
      'description',
      'modality',
      'paperUrl',
      'minCategorySize',
      'tracks',
      'phases',
    ]);
    expect(yaml).toContain(
      '    taskConfig:\n      classes:\n        - normal\n        - abnormal\n      positiveClass: abnormal\n',
    );
    expect(yaml).not.toContain('citation');
  });

  it('gives the line of a YAML syntax error', () => {
    const result = parseBenchmarkYaml('slug: x\ntitle: "unterminated\nsummary: y\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('gives the line and path of a schema error: an unknown metric', () => {
    const yaml = benchmarkDefinitionToYaml(parseBenchmarkDefinitionOrThrow(definition())).replace(
      '      - ece\n',
      '      - green_score\n',
    );
    const lines = yaml.split('\n');
    const expectedLine = lines.findIndex((l) => l.includes('green_score')) + 1;
    const result = parseBenchmarkYaml(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ line: expectedLine, column: 'tracks[1].metrics[1]' });
    expect(result.issues[0]!.message).toMatch(
      new RegExp(`^line ${expectedLine}: tracks\\[1\\]\\.metrics\\[1\\]: metric "green_score"`),
    );
  });

  it('points a missing field at the mapping that lacks it', () => {
    const result = parseBenchmarkYaml('slug: x\ntitle: X\ntracks:\n  - slug: a\n    name: A\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const summary = result.issues.find((i) => i.column === 'summary');
    expect(summary?.line).toBe(1);
    const taskType = result.issues.find((i) => i.column === 'tracks[0].taskType');
    expect(taskType?.line).toBe(4);
  });

  it('gives the line of a phase that closes before it opens', () => {
    const yaml = [
      'slug: x',
      'title: X',
      'summary: S',
      'tracks:',
      '  - slug: a',
      '    name: A',
      '    taskType: open-vqa',
      '    metrics: [vqa_exact_match]',
      '    primaryMetric: vqa_exact_match',
      '    testSets: [{ slug: test, name: Test }]',
      'phases:',
      '  - name: Open',
      '    opensAt: 2026-02-01',
      '    closesAt: 2026-01-01',
      '',
    ].join('\n');
    const result = parseBenchmarkYaml(yaml);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          line: 14,
          column: 'phases[0].closesAt',
          message:
            'line 14: phases[0].closesAt: phase "Open" closes (2026-01-01T00:00:00.000Z) before it opens (2026-02-01T00:00:00.000Z)',
        },
      ],
    });
  });

  it('accepts a closed-question track with its answer set and refuses what the type does not compute', () => {
    const yaml = (answerSet: string, metrics: string) =>
      [
        'slug: x',
        'title: X',
        'summary: S',
        'tracks:',
        '  - slug: closed',
        '    name: Closed',
        '    taskType: closed-vqa',
        `    taskConfig: { answerSet: ${answerSet} }`,
        `    metrics: [${metrics}]`,
        '    primaryMetric: closed_accuracy',
        '    testSets: [{ slug: test, name: Test }]',
        '',
      ].join('\n');
    const ok = parseBenchmarkYaml(
      yaml(
        '[present, absent]',
        'closed_accuracy, closed_balanced_accuracy, extraction_failure_rate',
      ),
    );
    expect(ok.ok ? ok.definition.tracks[0]!.taskConfig : ok.issues).toEqual({
      answerSet: ['present', 'absent'],
    });
    const badSet = parseBenchmarkYaml(yaml('[Yes, yes.]', 'closed_accuracy'));
    expect(badSet).toMatchObject({ ok: false, issues: [{ column: 'tracks[0].taskConfig' }] });
    expect(JSON.stringify(badSet)).toMatch(/are the same answer once case, punctuation/);
    const badMetric = parseBenchmarkYaml(yaml('[yes, no]', 'closed_accuracy, vqa_accuracy'));
    expect(badMetric).toMatchObject({
      ok: false,
      issues: [{ column: 'tracks[0].metrics[1]', line: 9 }],
    });
  });

  it('refuses a document that is not a mapping', () => {
    expect(parseBenchmarkYaml('- a\n- b\n')).toMatchObject({ ok: false, issues: [{ line: 1 }] });
  });
});
