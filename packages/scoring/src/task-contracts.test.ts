// The task-type contracts (@medrank/task-contracts) describe what these parsers accept: a filled
// template of every task type parses without an issue, labels and metric keys agree, and every
// example configuration is one the task type accepts.
import { METRIC_CATALOG } from '@medrank/metrics/catalog';
import {
  predictionTemplate,
  TASK_TYPE_CONTRACTS,
  TASK_TYPE_KEYS,
  type TaskTypeKey,
} from '@medrank/task-contracts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLOSED_VQA_METRICS } from './closed-vqa/closed-vqa-task-type.js';
import { DETECTION_METRICS } from './detection/detection-task-type.js';
import { MULTIPLE_CHOICE_METRICS } from './multiple-choice/multiple-choice-task-type.js';
import { OPEN_VQA_METRICS } from './open-vqa/open-vqa-task-type.js';
import { REGRESSION_METRICS } from './regression/regression-task-type.js';
import { REPORT_GENERATION_METRICS } from './report-generation/report-generation-task-type.js';
import { RETRIEVAL_METRICS } from './retrieval/retrieval-task-type.js';
import { SEGMENTATION_BASE_METRICS } from './segmentation/segmentation-task-type.js';
import { CLASSIFICATION_METRICS } from '@medrank/metrics';
import { getTaskType, TASK_TYPES, type AnyTaskType } from './task-types.js';

const workDir = mkdtempSync(join(tmpdir(), 'medrank-contracts-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A real file, as the worker parses one (formats are sniffed from a file's first bytes). */
function fileWith(name: string, text: string): string {
  const path = join(workDir, name);
  writeFileSync(path, text);
  return path;
}

/** A plausible value for each empty template cell, by column or field name. */
function fill(name: string): string {
  if (name.startsWith('p_')) return '0.5';
  if (name === 'answer') return 'A';
  if (name === 'value') return '1.5';
  return 'No acute cardiopulmonary process.';
}

const SCORED_METRICS: Record<TaskTypeKey, readonly string[]> = {
  classification: Object.keys(CLASSIFICATION_METRICS),
  'multiple-choice': MULTIPLE_CHOICE_METRICS,
  'open-vqa': OPEN_VQA_METRICS,
  'closed-vqa': CLOSED_VQA_METRICS,
  'report-generation': REPORT_GENERATION_METRICS,
  regression: REGRESSION_METRICS,
  retrieval: RETRIEVAL_METRICS,
  segmentation: SEGMENTATION_BASE_METRICS,
  detection: DETECTION_METRICS,
};

describe('task-type contracts', () => {
  it('cover exactly the task types the platform scores, with the same labels', () => {
    expect([...TASK_TYPE_KEYS].sort()).toEqual(Object.keys(TASK_TYPES).sort());
    for (const key of TASK_TYPE_KEYS) {
      expect(TASK_TYPE_CONTRACTS[key].label).toBe(getTaskType(key).label);
      expect(TASK_TYPE_CONTRACTS[key].key).toBe(key);
    }
  });

  it.each(TASK_TYPE_KEYS)(
    '%s lists the metric keys its scorer computes, all in the catalog',
    (key) => {
      const contract = TASK_TYPE_CONTRACTS[key];
      expect([...contract.metricKeys].sort()).toEqual([...SCORED_METRICS[key]].sort());
      for (const metric of contract.metricKeys) expect(METRIC_CATALOG[metric]).toBeDefined();
    },
  );

  it.each(TASK_TYPE_KEYS)('%s: the example configuration is accepted', (key) => {
    expect(() =>
      getTaskType(key).parseConfig({ ...TASK_TYPE_CONTRACTS[key].exampleConfig }),
    ).not.toThrow();
  });

  it.each(TASK_TYPE_KEYS)(
    '%s: every configuration key documented is one the parser reads',
    (key) => {
      // A documented key with a wrong value must be refused (so the parser knows the key) — checked
      // with a value of the wrong JSON type for every key that has a default.
      for (const entry of TASK_TYPE_CONTRACTS[key].config) {
        if (entry.default === null) continue;
        expect(
          () =>
            getTaskType(key).parseConfig({
              ...TASK_TYPE_CONTRACTS[key].exampleConfig,
              [entry.key]: { wrong: true },
            }),
          `${key}.${entry.key}`,
        ).toThrow();
      }
    },
  );

  it.each(TASK_TYPE_KEYS)(
    '%s: a filled prediction template parses without an issue',
    async (key) => {
      const contract = TASK_TYPE_CONTRACTS[key];
      const type: AnyTaskType = getTaskType(key as string);
      const config = type.parseConfig({ ...contract.exampleConfig });
      const template = predictionTemplate(key, contract.exampleConfig);
      const caseIds = ['case-001', 'case-002', 'case-003'];
      if (template.format === null) {
        expect(template.reason.length).toBeGreaterThan(20);
        return;
      }
      const text =
        template.format === 'csv'
          ? [
              template.header.join(','),
              ...caseIds.map((id) =>
                template
                  .row(id)
                  .map((cell, i) => (i === 0 ? cell : fill(template.header[i]!)))
                  .join(','),
              ),
            ].join('\n') + '\n'
          : caseIds
              .map((id) =>
                JSON.stringify(
                  Object.fromEntries(
                    Object.entries(template.record(id)).map(([k, v]) => [
                      k,
                      k === 'id' ? v : fill(k),
                    ]),
                  ),
                ),
              )
              .join('\n') + '\n';
      const path = fileWith(`${key}.${template.extension}`, text);
      const parsed = await type.parsePredictions(path, config, { caseIds });
      expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    },
  );

  it('a classification template has a probability column per class of the track', () => {
    const template = predictionTemplate('classification', { classes: ['a', 'b', 'c'] });
    expect(template.format === 'csv' && template.header).toEqual(['case_id', 'p_a', 'p_b', 'p_c']);
  });

  it('a report template has a field per configured section', () => {
    const template = predictionTemplate('report-generation', {
      sections: ['findings', 'impression'],
    });
    expect(template.format === 'jsonl' && template.record('s1')).toEqual({
      id: 's1',
      findings: '',
      impression: '',
    });
  });
});
