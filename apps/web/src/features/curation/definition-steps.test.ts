import { parseBenchmarkDefinitionOrThrow, validateBenchmarkDefinition } from '@medrank/curation';
import { describe, expect, it } from 'vitest';
import { applyPhases } from './definition-steps';
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
