import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateGroundTruthFiles } from './validate-ground-truth-files.js';

let dir: string;
const file = async (name: string, text: string) => {
  const p = path.join(dir, name);
  await writeFile(p, text);
  return { source: p, fileName: name };
};
const question = (id: string, answer: string, organ: string) =>
  JSON.stringify({ id, answer, options: ['yes', 'no', 'maybe'], categories: { organ } });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'medrank-gt-unit-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('validateGroundTruthFiles', () => {
  it('merges the file’s categories with the metadata CSV and previews answers and categories', async () => {
    const truth = await file(
      'mc.jsonl',
      [question('q1', 'A', 'lung'), question('q2', 'B', 'lung'), question('q3', 'A', 'heart')].join(
        '\n',
      ),
    );
    const metadata = await file(
      'meta.csv',
      'case_id,question_type\nq3,presence\nq1,presence\nq2,\n',
    );
    const result = await validateGroundTruthFiles({
      taskType: 'multiple-choice',
      taskConfig: {},
      truth,
      metadata,
      declaredDimensions: [],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.categoryDimensions).toEqual(['organ', 'question_type']);
    expect(result.cases.map((c) => c.metadata)).toEqual([
      { organ: 'lung', question_type: 'presence' },
      { organ: 'lung' },
      { organ: 'heart', question_type: 'presence' },
    ]);
    expect(result.preview).toEqual({
      caseCount: 3,
      labelBalance: [
        { label: 'A', count: 2 },
        { label: 'B', count: 1 },
      ],
      categories: [
        {
          dimension: 'organ',
          counts: [
            { category: 'lung', count: 2 },
            { category: 'heart', count: 1 },
          ],
        },
        { dimension: 'question_type', counts: [{ category: 'presence', count: 2 }] },
      ],
      summary: {
        kind: 'answers',
        topAnswers: [
          { label: 'A', count: 2 },
          { label: 'B', count: 1 },
        ],
        distinctAnswers: 2,
        optionCounts: [{ label: '3 options', count: 3 }],
      },
    });
  });

  it('reports duplicate metadata rows, a missing case_id column and a misconfigured track', async () => {
    const truth = await file(
      't.jsonl',
      [question('q1', 'A', 'lung'), question('q2', 'B', 'lung')].join('\n'),
    );
    const duplicated = await validateGroundTruthFiles({
      taskType: 'multiple-choice',
      taskConfig: {},
      truth,
      metadata: await file('dup.csv', 'case_id,view\nq1,AP\nq2,PA\nq1,PA\n'),
      declaredDimensions: [],
    });
    expect(duplicated).toMatchObject({
      ok: false,
      error: {
        issues: [
          {
            line: 4,
            caseId: 'q1',
            message: 'line 4: case "q1" appears more than once (lines 2 and 4)',
          },
        ],
      },
    });
    const noId = await validateGroundTruthFiles({
      taskType: 'multiple-choice',
      taskConfig: {},
      truth,
      metadata: await file('noid.csv', 'id,view\nq1,AP\n'),
      declaredDimensions: [],
    });
    expect(noId).toMatchObject({
      ok: false,
      error: { issues: [{ line: 1, message: expect.stringContaining('case_id column') }] },
    });
    const misconfigured = await validateGroundTruthFiles({
      taskType: 'classification',
      taskConfig: {},
      truth,
      declaredDimensions: [],
    });
    expect(misconfigured).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('taskConfig.classes') },
    });
  });
});
