import { afterAll, describe, expect, it } from 'vitest';
import { createTempFiles } from '../classification/test-files.js';
import { parseReportGroundTruth, parseReportPredictions } from './parse-reports.js';

const files = createTempFiles('medrank-reports-');
afterAll(() => files.cleanup());
const jsonl = (...rows: unknown[]) => files.write(rows.map((r) => JSON.stringify(r)).join('\n'));

describe('parseReportGroundTruth', () => {
  it('keeps the required and the other known sections, and categories', async () => {
    const path = jsonl(
      { id: 's1', findings: 'no effusion .', impression: 'normal .', categories: { view: 'PA' } },
      { id: 's2', findings: 'small effusion .' },
    );
    expect(await parseReportGroundTruth(path, { sections: ['findings'] })).toEqual({
      ok: true,
      value: {
        caseIds: ['s1', 's2'],
        reports: [
          { findings: 'no effusion .', impression: 'normal .' },
          { findings: 'small effusion .' },
        ],
        categories: [{ view: 'PA' }, {}],
      },
    });
  });

  it('requires every configured section as a non-empty string', async () => {
    const result = await parseReportGroundTruth(
      jsonl({ id: 's1', findings: 'x' }, { id: 's2', findings: '  ', impression: 'y' }),
      { sections: ['findings', 'impression'] },
    );
    expect(result).toEqual({
      ok: false,
      issueCount: 2,
      issues: [
        {
          line: 1,
          column: 'impression',
          caseId: 's1',
          message: '"impression" must be a non-empty string; found no "impression" field',
        },
        {
          line: 2,
          column: 'findings',
          caseId: 's2',
          message: '"findings" must be a non-empty string; found an empty string',
        },
      ],
    });
  });
});

describe('parseReportPredictions', () => {
  const caseIds = ['s1', 's2', 's3'];
  it('aligns reports to the cases; null is an empty report', async () => {
    const path = jsonl(
      { id: 's2', findings: 'b' },
      { id: 's1', findings: null },
      { id: 's3', findings: 'c', impression: 5 },
    );
    expect(await parseReportPredictions(path, { caseIds, sections: ['findings'] })).toEqual({
      ok: true,
      value: { reports: [{ findings: '' }, { findings: 'b' }, { findings: 'c' }] },
    });
  });

  it('reports a missing section, a wrong type and missing cases', async () => {
    const result = await parseReportPredictions(
      jsonl({ id: 's1', findings: 'a' }, { id: 's2', findings: ['b'], impression: 'x' }),
      {
        caseIds,
        sections: ['findings', 'impression'],
      },
    );
    expect(result).toEqual({
      ok: false,
      issueCount: 3,
      issues: [
        {
          line: 1,
          column: 'impression',
          caseId: 's1',
          message: '"impression" must be a string; found no "impression" field',
        },
        {
          line: 2,
          column: 'findings',
          caseId: 's2',
          message: '"findings" must be a string; found an array',
        },
        { caseId: 's3', message: '1 of 3 cases have no report: "s3"' },
      ],
    });
  });
});
