import { afterAll, describe, expect, it } from 'vitest';
import { createTempFiles } from '../classification/test-files.js';
import { parseTrecQrels, parseTrecRun } from './parse-trec.js';

const files = createTempFiles('medrank-trec-');
afterAll(() => files.cleanup());

describe('parseTrecQrels', () => {
  it('reads whitespace-separated judgments grouped by query in first-appearance order', async () => {
    const result = await parseTrecQrels(files.write('q2 0 d1 1\nq1\t0\td3  2\n\nq2 0 d2 0\n'));
    expect(result).toEqual({
      ok: true,
      value: {
        queryIds: ['q2', 'q1'],
        judgments: [
          new Map([
            ['d1', 1],
            ['d2', 0],
          ]),
          new Map([['d3', 2]]),
        ],
      },
    });
  });

  it('reports wrong field counts, non-integer relevance and repeated judgments', async () => {
    const result = await parseTrecQrels(
      files.write('q1 0 d1 1\nq1 0 d2\nq1 0 d3 high\nq1 0 d1 0\n'),
    );
    expect(result).toEqual({
      ok: false,
      issueCount: 3,
      issues: [
        {
          line: 2,
          message: 'line 2 has 3 fields; expected 4: query_id iteration doc_id relevance',
        },
        {
          line: 3,
          column: 'relevance',
          caseId: 'q1',
          message: 'relevance "high" is not an integer',
        },
        {
          line: 4,
          column: 'doc_id',
          caseId: 'q1',
          message: 'document "d1" is judged twice for query "q1": lines 1 and 4',
        },
      ],
    });
  });
});

describe('parseTrecRun', () => {
  const caseIds = ['q1', 'q2', 'q3'];
  it('groups entries by test-set query and counts queries without results', async () => {
    const result = await parseTrecRun(
      files.write('q2 Q0 d1 1 0.9 run\nq1 Q0 d4 1 2e-1 run\nq2 Q0 d2 2 0.5 run\n'),
      { caseIds },
    );
    expect(result).toEqual({
      ok: true,
      value: {
        entries: [
          [{ docId: 'd4', score: 0.2 }],
          [
            { docId: 'd1', score: 0.9 },
            { docId: 'd2', score: 0.5 },
          ],
          [],
        ],
        queriesWithoutResults: 1,
      },
    });
  });

  it('reports unknown queries once, bad scores and ranks, and repeated documents', async () => {
    const result = await parseTrecRun(
      files.write(
        'q9 Q0 d1 1 0.9 r\nq9 Q0 d2 2 0.8 r\nq1 Q0 d1 x 0.9 r\nq1 Q0 d1 1 inf r\nq1 Q0 d2 1 1 r\nq1 Q0 d2 2 0.5 r\n',
      ),
      { caseIds },
    );
    expect(result).toEqual({
      ok: false,
      issueCount: 4,
      issues: [
        {
          line: 1,
          column: 'query_id',
          caseId: 'q9',
          message: 'unknown query_id "q9" (not in this test set)',
        },
        { line: 3, column: 'rank', caseId: 'q1', message: 'rank "x" is not an integer' },
        {
          line: 4,
          column: 'score',
          caseId: 'q1',
          message: 'score "inf" is not a finite decimal number',
        },
        {
          line: 6,
          column: 'doc_id',
          caseId: 'q1',
          message: 'document "d2" is retrieved twice for query "q1": lines 5 and 6',
        },
      ],
    });
  });
});
