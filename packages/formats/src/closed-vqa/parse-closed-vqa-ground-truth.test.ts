import { afterAll, describe, expect, it } from 'vitest';
import { createTempFiles } from '../classification/test-files.js';
import { parseClosedVqaGroundTruth } from './parse-closed-vqa-ground-truth.js';

const files = createTempFiles('medrank-closed-vqa-');
afterAll(() => files.cleanup());
const jsonl = (...rows: unknown[]) => files.write(rows.map((r) => JSON.stringify(r)).join('\n'));

// The scorer passes @medrank/metrics' normalizeClosedAnswer; formats may not import it, so the
// tests use a normalization of the same kind (case, punctuation, articles).
const normalize = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && w !== 'a' && w !== 'an' && w !== 'the')
    .join(' ');
const options = { answerSet: ['yes', 'no'], normalize };

describe('parseClosedVqaGroundTruth', () => {
  it('reads answers of the answer set and of a question’s own choices, spelt as the choice', async () => {
    const path = jsonl(
      { id: 'q1', answer: 'Yes', categories: { organ: 'chest' }, question: 'Is there…?' },
      { id: 2, answer: 'no.' },
      { id: 'q3', answer: 'the Left', choices: ['left', 'right'] },
      { id: 'q4', answer: 2, choices: ['1', '2', '3'] },
      { id: 'q5', answer: 'CT', choices: ['CT', 'MRI'], categories: null },
    );
    expect(await parseClosedVqaGroundTruth(path, options)).toEqual({
      ok: true,
      value: {
        caseIds: ['q1', '2', 'q3', 'q4', 'q5'],
        answers: ['yes', 'no', 'left', '2', 'CT'],
        choices: [null, null, ['left', 'right'], ['1', '2', '3'], ['CT', 'MRI']],
        categories: [{ organ: 'chest' }, {}, {}, {}, {}],
      },
    });
  });

  it('reports every bad answer with line, case id and what was expected', async () => {
    const result = await parseClosedVqaGroundTruth(
      jsonl(
        { id: 'a' },
        { id: 'b', answer: 'maybe' },
        { id: 'c', answer: 'up', choices: ['left', 'right'] },
        { id: 'd', answer: ['yes'] },
        { id: 'e', answer: true },
      ),
      options,
    );
    expect(result).toEqual({
      ok: false,
      issueCount: 5,
      issues: [
        {
          line: 1,
          column: 'answer',
          caseId: 'a',
          message:
            '"answer" must be one of the track’s answer set "yes", "no" (case, punctuation and articles aside); found no "answer" field',
        },
        {
          line: 2,
          column: 'answer',
          caseId: 'b',
          message:
            '"answer" must be one of the track’s answer set "yes", "no" (case, punctuation and articles aside); found "maybe"',
        },
        {
          line: 3,
          column: 'answer',
          caseId: 'c',
          message:
            '"answer" must be one of the question’s choices "left", "right" (case, punctuation and articles aside); found "up"',
        },
        {
          line: 4,
          column: 'answer',
          caseId: 'd',
          message: expect.stringMatching(/answer set "yes", "no".*; found an array$/),
        },
        {
          line: 5,
          column: 'answer',
          caseId: 'e',
          message: expect.stringMatching(/; found a boolean$/),
        },
      ],
    });
  });

  it('reports unusable choices: not a list, too few or many, not text, blank, duplicates', async () => {
    const result = await parseClosedVqaGroundTruth(
      jsonl(
        { id: 'a', answer: 'left', choices: 'left,right' },
        { id: 'b', answer: 'left', choices: ['left'] },
        { id: 'c', answer: 'c0', choices: Array.from({ length: 11 }, (_, i) => `c${i}`) },
        { id: 'd', answer: 'left', choices: ['left', 3] },
        { id: 'e', answer: 'left', choices: ['left', 'the'] },
        { id: 'f', answer: 'left', choices: ['Left', 'right', 'left.'] },
      ),
      options,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.line, i.column, i.caseId, i.message])).toEqual([
      [
        1,
        'choices',
        'a',
        '"choices" must be a list of 2 to 10 answer texts, e.g. ["left", "right"]; found a string',
      ],
      [2, 'choices', 'b', '"choices" must hold 2 to 10 answer texts; found 1'],
      [3, 'choices', 'c', '"choices" must hold 2 to 10 answer texts; found 11'],
      [4, 'choices', 'd', 'choice 2 must be a string; found a number'],
      [
        5,
        'choices',
        'e',
        'choice 2 ("the") has no letter or digit besides articles; a choice must be a word',
      ],
      [
        6,
        'choices',
        'f',
        'choices 1 and 3 ("Left", "left.") are the same answer once case, punctuation and articles are ignored',
      ],
    ]);
  });

  it('reports repeated and missing ids, lines that are not objects, and bad categories', async () => {
    const path = files.write(
      [
        JSON.stringify({ id: 'a', answer: 'yes' }),
        JSON.stringify({ id: 'a', answer: 'no' }),
        JSON.stringify({ answer: 'no' }),
        '[1, 2]',
        '{not json',
        JSON.stringify({ id: 'b', answer: 'no', categories: { organ: '' } }),
        JSON.stringify({ id: 'c', answer: 'no', categories: ['chest'] }),
      ].join('\n'),
    );
    const result = await parseClosedVqaGroundTruth(path, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.line, i.column, i.caseId])).toEqual([
      [2, 'id', 'a'],
      [3, 'id', undefined],
      [4, undefined, undefined],
      [5, undefined, undefined],
      [6, 'categories.organ', 'b'],
      [7, 'categories', 'c'],
    ]);
    expect(result.issues[0]!.message).toBe('case "a" appears more than once: lines 1 and 2');
  });

  it('refuses an empty file', async () => {
    expect(await parseClosedVqaGroundTruth(files.write(''), options)).toEqual({
      ok: false,
      issueCount: 1,
      issues: [{ message: 'no questions: the file is empty; expected one JSON object per line' }],
    });
  });

  it('uses the track’s answer set when it is not yes/no', async () => {
    const result = await parseClosedVqaGroundTruth(jsonl({ id: 'a', answer: 'Absent' }), {
      answerSet: ['present', 'absent'],
      normalize,
    });
    expect(result).toMatchObject({ ok: true, value: { answers: ['absent'], choices: [null] } });
  });
});
