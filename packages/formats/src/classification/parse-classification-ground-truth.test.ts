import { afterAll, describe, expect, it } from 'vitest';
import { parseClassificationGroundTruth } from './parse-classification-ground-truth.js';
import { createTempFiles } from './test-files.js';

const files = createTempFiles('medrank-truth-');
afterAll(files.cleanup);
const classes = ['benign', 'malignant'];
const parse = (content: string) =>
  parseClassificationGroundTruth(files.write(content), { classes });

describe('parseClassificationGroundTruth', () => {
  it('reads case ids in file order with names or indices as labels', async () => {
    const result = await parse('label,case_id\nmalignant,x1\n0,x2\n1,x3\n');
    expect(result).toEqual({
      ok: true,
      value: { caseIds: ['x1', 'x2', 'x3'], labels: Int32Array.of(1, 0, 1) },
    });
  });

  it('reports duplicates with both lines, empty ids and unknown labels', async () => {
    const result = await parse('case_id,label\nx1,benign\nx1,benign\n,benign\nx2,other\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.message)).toEqual([
      'case "x1" appears more than once: lines 2 and 3',
      'empty case_id',
      'unknown label "other"; expected one of "benign", "malignant" or an index 0–1',
    ]);
  });

  it('reports a wrong header, an empty file and a header without rows', async () => {
    const wrong = await parse('id,class\n');
    expect(!wrong.ok && wrong.issues[0]!.message).toBe(
      'header: expected columns "case_id", "label" (any order); found "id", "class"; missing "case_id", "label"; unexpected "id", "class"',
    );
    const empty = await parse('');
    expect(!empty.ok && empty.issues[0]!.message).toBe(
      'file is empty; expected a header "case_id,label"',
    );
    const noRows = await parse('case_id,label\n');
    expect(!noRows.ok && noRows.issues[0]!.message).toBe(
      'no cases: the file has a header but no rows',
    );
  });
});
