import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreSubmissionFile } from '../score-submission-file.js';
import { getTaskType } from '../task-types.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-open-vqa-scoring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const write = (lines: unknown[]) => {
  const path = join(dir, `f${count++}.jsonl`);
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return path;
};

describe('open-vqa task type', () => {
  it('scores normalized exact match and token F1, best over acceptable answers, with breakdowns', async () => {
    const task = getTaskType('open-vqa');
    const config = task.parseConfig({ minCategorySize: 2 });
    const truth = await task.parseGroundTruth(
      write([
        { id: 'a', answer: ['Left lower lobe', 'LLL'], categories: { organ: 'lung' } },
        { id: 'b', answer: 'lower lobe', categories: { organ: 'lung' } },
        { id: 'c', answer: 'liver', categories: { organ: 'abdomen' } },
        { id: 'd', answer: 'the spleen', categories: { organ: 'abdomen' } },
      ]),
      config,
    );
    if (!truth.ok) throw new Error(JSON.stringify(truth.issues));
    const cases = task.groundTruthCases(truth.value, config);
    expect(cases[0]).toEqual({
      caseId: 'a',
      truth: { answers: ['Left lower lobe', 'LLL'] },
      metadata: { organ: 'lung' },
    });
    // a: "lll." → EM 1, F1 1; b: "left lower lobe" vs "lower lobe" → EM 0, F1 0.8; c: "Liver" → 1, 1; d: "kidney" → 0, 0.
    const predictions = write([
      { id: 'a', answer: 'lll.' },
      { id: 'b', answer: 'left lower lobe' },
      { id: 'c', answer: 'Liver' },
      { id: 'd', answer: 'kidney' },
    ]);
    const result = await scoreSubmissionFile({
      taskType: 'open-vqa',
      taskConfig: { minCategorySize: 2 },
      metrics: task.defaultMetrics(config),
      file: { path: predictions, name: 'p.jsonl' },
      testSets: [
        {
          id: 't',
          evaluatorVersion: 1,
          seed: 3,
          caseIds: cases.map((c) => c.caseId),
          truth: new Map(cases.map((c) => [c.caseId, c.truth])),
          categories: new Map(cases.map((c) => [c.caseId, c.metadata])),
        },
      ],
      bootstrapReplicates: 200,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [e] = result.evaluations;
    expect(e!.metrics.vqa_exact_match!.value).toBe(0.5);
    expect(e!.metrics.vqa_token_f1!.value).toBeCloseTo(2.8 / 4, 15);
    const ci = e!.metrics.vqa_token_f1!.ci!;
    expect(ci[0]).toBeGreaterThanOrEqual(0);
    expect(ci[0]).toBeLessThanOrEqual(0.7);
    expect(ci[1]).toBeGreaterThanOrEqual(0.7);
    expect(
      e!
        .breakdowns!.filter((b) => b.metric === 'vqa_token_f1')
        .map((b) => [b.category, b.value, b.n]),
    ).toEqual([
      ['abdomen', 0.5, 2],
      ['lung', 0.9, 2],
    ]);
  });
});
