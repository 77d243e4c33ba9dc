import { afterAll, describe, expect, it } from 'vitest';
import { createTempFiles } from '../classification/test-files.js';
import { parseOpenVqaGroundTruth } from './parse-open-vqa-ground-truth.js';

const files = createTempFiles('medrank-open-vqa-');
afterAll(() => files.cleanup());
const jsonl = (...rows: unknown[]) => files.write(rows.map((r) => JSON.stringify(r)).join('\n'));

describe('parseOpenVqaGroundTruth', () => {
  it('reads a string or a list of acceptable answers, numbers as text, and categories', async () => {
    const path = jsonl(
      { id: 'a', answer: 'liver', categories: { organ: 'abdomen' } },
      { id: 2, answer: ['left lower lobe', 'LLL'] },
      { id: 'c', answer: 3 },
    );
    expect(await parseOpenVqaGroundTruth(path)).toEqual({
      ok: true,
      value: {
        caseIds: ['a', '2', 'c'],
        answers: [['liver'], ['left lower lobe', 'LLL'], ['3']],
        categories: [{ organ: 'abdomen' }, {}, {}],
      },
    });
  });

  it('reports missing, empty-list and non-string answers with line and case id', async () => {
    const result = await parseOpenVqaGroundTruth(
      jsonl(
        { id: 'a' },
        { id: 'b', answer: [] },
        { id: 'c', answer: ['x', { y: 1 }] },
        { id: 'a', answer: 'x' },
      ),
    );
    expect(result).toEqual({
      ok: false,
      issueCount: 4,
      issues: [
        {
          line: 1,
          column: 'answer',
          caseId: 'a',
          message: '"answer" must be a string or a list of strings; found no "answer" field',
        },
        {
          line: 2,
          column: 'answer',
          caseId: 'b',
          message: '"answer" is an empty list; expected a string or a list of acceptable answers',
        },
        {
          line: 3,
          column: 'answer',
          caseId: 'c',
          message: '"answer" must be a string or a list of strings; found an object at position 2',
        },
        {
          line: 4,
          column: 'id',
          caseId: 'a',
          message: 'case "a" appears more than once: lines 1 and 4',
        },
      ],
    });
  });
});
