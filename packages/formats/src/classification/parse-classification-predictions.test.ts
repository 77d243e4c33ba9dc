import { afterAll, describe, expect, it } from 'vitest';
import {
  parseClassificationPredictions,
  type ClassificationPredictionsOptions,
} from './parse-classification-predictions.js';
import { createTempFiles } from './test-files.js';

const files = createTempFiles('medrank-pred-');
afterAll(files.cleanup);

const binary: ClassificationPredictionsOptions = {
  caseIds: ['c1', 'c2', 'c3'],
  classes: ['normal_or_benign', 'malignant'],
};
const multi: ClassificationPredictionsOptions = { caseIds: ['a', 'b'], classes: ['x', 'y', 'z'] };

async function parse(
  content: string | Uint8Array,
  options: ClassificationPredictionsOptions = binary,
) {
  return parseClassificationPredictions(files.write(content), options);
}

async function issuesOf(
  content: string | Uint8Array,
  options: ClassificationPredictionsOptions = binary,
) {
  const result = await parse(content, options);
  if (result.ok) throw new Error('expected issues');
  return result;
}

describe('parseClassificationPredictions: valid files', () => {
  it('aligns probability rows to the case order, whatever the column and row order', async () => {
    const result = await parse(
      'p_malignant,case_id,p_normal_or_benign\n0.9,c3,0.1\n0.2,c1,0.8\n0.5,c2,0.5\n',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.kind).toBe('probabilities');
    expect(Array.from(result.value.scores!)).toEqual([0.8, 0.2, 0.5, 0.5, 0.1, 0.9]);
    // Binary threshold: p(malignant) ≥ 0.5 → malignant (class 1), so the 0.5 tie is positive.
    expect(Array.from(result.value.predictedLabels)).toEqual([0, 1, 1]);
  });

  it('accepts a single positive-class column for binary tasks', async () => {
    const result = await parse('case_id,p_malignant\nc1,0.25\nc2,0.75\nc3,1\n');
    expect(result.ok && Array.from(result.value.scores!)).toEqual([0.75, 0.25, 0.25, 0.75, 0, 1]);
    expect(result.ok && Array.from(result.value.predictedLabels)).toEqual([0, 1, 1]);
  });

  it('takes the argmax for multi-class (first maximum on ties)', async () => {
    const result = await parse('case_id,p_x,p_y,p_z\nb,0.2,0.4,0.4\na,0.7,0.2,0.1\n', multi);
    expect(result.ok && Array.from(result.value.predictedLabels)).toEqual([0, 1]);
  });

  it('reads label files with class names or 0-based indices', async () => {
    const result = await parse('case_id,label\nc1,malignant\nc2,0\nc3, normal_or_benign \n');
    expect(result.ok && result.value.kind).toBe('labels');
    expect(result.ok && result.value.scores).toBeNull();
    expect(result.ok && Array.from(result.value.predictedLabels)).toEqual([1, 0, 0]);
  });

  it('accepts scientific notation and rows that sum to 1 within 1e-6', async () => {
    const result = await parse(
      'case_id,p_x,p_y,p_z\na,3.3333333e-1,0.33333333,0.33333334\nb,1e0,0,0.0\n',
      multi,
    );
    expect(result.ok).toBe(true);
  });
});

describe('parseClassificationPredictions: bad input', () => {
  it('explains a wrong header: what was expected and what was found', async () => {
    const { issues } = await issuesOf('id,p_malignant,p_benign\nc1,0.5,0.5\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.line).toBe(1);
    expect(issues[0]!.message).toBe(
      'header: expected columns "case_id", "p_malignant" (any order); found "id", "p_malignant", "p_benign"; ' +
        'missing "case_id"; unexpected "id", "p_benign". Accepted headers: "case_id,p_normal_or_benign,p_malignant" ' +
        'or "case_id,p_malignant" or "case_id,label"',
    );
    const multiClass = await issuesOf('case_id,p_x,p_q\n', multi);
    expect(multiClass.issues[0]!.message).toMatch(
      /^header: expected columns "case_id", "p_x", "p_y", "p_z" \(any order\); found "case_id", "p_x", "p_q"; missing "p_y", "p_z"; unexpected "p_q"/,
    );
  });

  it('reports repeated and extra label-file columns', async () => {
    const { issues } = await issuesOf('case_id,label,label,notes\n');
    expect(issues[0]!.message).toMatch(/unexpected "notes"; repeated "label"/);
  });

  it('names duplicate case ids with both lines, unknown ids, and lists missing ids', async () => {
    const { issues, issueCount } = await issuesOf('case_id,p_malignant\nc1,0.1\nc1,0.2\nzz,0.3\n');
    expect(issueCount).toBe(3);
    expect(issues[0]).toEqual({
      line: 3,
      column: 'case_id',
      caseId: 'c1',
      message: 'case "c1" appears more than once: lines 2 and 3',
    });
    expect(issues[1]).toMatchObject({
      line: 4,
      caseId: 'zz',
      message: 'unknown case_id "zz" (not in this test set)',
    });
    expect(issues[2]!.message).toBe('2 of 3 cases have no prediction: "c2", "c3"');
  });

  it.each([
    ['NaN', '"NaN" is not a finite number; expected a probability in [0, 1]'],
    ['', 'empty value; expected a probability in [0, 1]'],
    ['abc', '"abc" is not a number; expected a probability in [0, 1]'],
    ['1.2', '1.2 is outside [0, 1]'],
    ['-0.1', '-0.1 is outside [0, 1]'],
    ['inf', '"inf" is not a finite number; expected a probability in [0, 1]'],
    ['0x1', '"0x1" is not a number; expected a probability in [0, 1]'],
  ])('names the bad probability %j', async (cell, message) => {
    const { issues } = await issuesOf(`case_id,p_malignant\nc1,0.5\nc2,${cell}\nc3,0.5\n`);
    expect(issues).toEqual([{ line: 3, column: 'p_malignant', caseId: 'c2', message }]);
  });

  it('rejects multi-class rows that do not sum to 1 (no renormalisation)', async () => {
    const { issues } = await issuesOf('case_id,p_x,p_y,p_z\na,0.5,0.5,0.5\nb,0.2,0.3,0.5\n', multi);
    expect(issues).toEqual([
      {
        line: 2,
        caseId: 'a',
        message: 'probabilities sum to 1.5, expected 1 (±0.000001); rows are not renormalised',
      },
    ]);
  });

  it('reports rows with the wrong number of fields and unknown labels', async () => {
    const { issues } = await issuesOf('case_id,label\nc1,malignant,extra\nc2,cancer\nc3,2\n');
    expect(issues[0]!.message).toBe('line 2 has 3 fields; the header has 2');
    expect(issues[1]!.message).toBe(
      'unknown label "cancer"; expected one of "normal_or_benign", "malignant" or an index 0–1',
    );
    expect(issues[2]!.message).toMatch(/unknown label "2"/);
  });

  it('reports an empty file, a header-only file, a binary file and a file that is too large', async () => {
    expect((await issuesOf('')).issues[0]!.message).toMatch(
      /^file is empty; expected a header such as "case_id,p_normal_or_benign,p_malignant"/,
    );
    expect((await issuesOf('case_id,p_malignant\n')).issues[0]!.message).toBe(
      '3 of 3 cases have no prediction: "c1", "c2", "c3"',
    );
    expect(
      (await issuesOf(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0))).issues[0]!.message,
    ).toMatch(/ZIP archive/);
    const big = await parseClassificationPredictions(
      files.write('case_id,p_malignant\n' + 'c1,0.5\n'.repeat(100)),
      {
        ...binary,
        limits: { maxFileBytes: 200 },
      },
    );
    expect(!big.ok && big.issues[0]!.message).toMatch(/file is too large/);
  });

  it('keeps the first maxIssues issues and counts them all', async () => {
    const caseIds = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const rows = caseIds.map((id) => `${id},2`).join('\n');
    const result = await parseClassificationPredictions(
      files.write(`case_id,p_malignant\n${rows}\n`),
      {
        caseIds,
        classes: ['b', 'malignant'],
        maxIssues: 5,
      },
    );
    expect(!result.ok && result.issues).toHaveLength(5);
    expect(!result.ok && result.issueCount).toBe(30);
    expect(!result.ok && result.issues[0]!.line).toBe(2);
  });
});
