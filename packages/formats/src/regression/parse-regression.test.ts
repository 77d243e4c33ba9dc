import { afterAll, describe, expect, it } from 'vitest';
import { createTempFiles } from '../classification/test-files.js';
import { parseRegressionGroundTruth, parseRegressionPredictions } from './parse-regression.js';

const files = createTempFiles('medrank-regression-');
afterAll(() => files.cleanup());

describe('parseRegressionGroundTruth', () => {
  it('reads case_id,value in either column order', async () => {
    expect(
      await parseRegressionGroundTruth(files.write('value,case_id\n12.5,a\n-3e1,b\n')),
    ).toEqual({
      ok: true,
      value: { caseIds: ['a', 'b'], values: Float64Array.of(12.5, -30) },
    });
  });

  it('reports non-numbers, duplicates and a wrong header', async () => {
    expect(
      await parseRegressionGroundTruth(files.write('case_id,value\na,1\nb,NaN\na,2\nc,\n')),
    ).toEqual({
      ok: false,
      issueCount: 3,
      issues: [
        { line: 3, column: 'value', caseId: 'b', message: '"NaN" is not a finite decimal number' },
        {
          line: 4,
          column: 'case_id',
          caseId: 'a',
          message: 'case "a" appears more than once: lines 2 and 4',
        },
        { line: 5, column: 'value', caseId: 'c', message: 'empty value; expected a number' },
      ],
    });
    expect(await parseRegressionGroundTruth(files.write('case_id,age\na,1\n'))).toMatchObject({
      ok: false,
      issues: [{ line: 1, message: expect.stringMatching(/missing "value"/) }],
    });
  });
});

describe('parseRegressionPredictions', () => {
  it('aligns to the cases and reports unknown and missing ones', async () => {
    const caseIds = ['a', 'b', 'c'];
    expect(
      await parseRegressionPredictions(files.write('case_id,value\nc,3\na,1\nb,2\n'), { caseIds }),
    ).toEqual({ ok: true, value: { values: Float64Array.of(1, 2, 3) } });
    expect(
      await parseRegressionPredictions(files.write('case_id,value\na,1\nz,2\n'), { caseIds }),
    ).toEqual({
      ok: false,
      issueCount: 2,
      issues: [
        {
          line: 3,
          column: 'case_id',
          caseId: 'z',
          message: 'unknown case_id "z" (not in this test set)',
        },
        { caseId: 'b', message: '2 of 3 cases have no prediction: "b", "c"' },
      ],
    });
  });
});
