import { afterAll, describe, expect, it } from 'vitest';
import { createTempFiles } from '../classification/test-files.js';
import { parseAnswerPredictions } from '../answers/parse-answer-predictions.js';
import { parseMultipleChoiceGroundTruth } from './parse-multiple-choice-ground-truth.js';

const files = createTempFiles('medrank-mc-');
afterAll(() => files.cleanup());
const jsonl = (...rows: unknown[]) =>
  files.write(rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n'));

describe('parseMultipleChoiceGroundTruth', () => {
  it('reads list and letter-keyed options, integer ids and categories; ignores other fields', async () => {
    const path = jsonl(
      {
        id: 'q1',
        question: 'Which?',
        answer: 'b',
        options: ['Pneumonia', 'Edema'],
        categories: { modality: 'X-ray', task: 'diagnosis' },
      },
      { id: 7, answer: 'C', options: { A: 'CT', B: 'MRI', C: 'PET' } },
    );
    const result = await parseMultipleChoiceGroundTruth(path);
    expect(result).toEqual({
      ok: true,
      value: {
        caseIds: ['q1', '7'],
        answers: ['B', 'C'],
        options: [
          ['Pneumonia', 'Edema'],
          ['CT', 'MRI', 'PET'],
        ],
        categories: [{ modality: 'X-ray', task: 'diagnosis' }, {}],
      },
    });
  });

  it('reports every bad line with line, field and case id', async () => {
    const path = jsonl(
      { id: 'a', answer: 'E', options: ['x', 'y', 'z', 'w'] },
      { id: 'b', answer: 'A', options: ['only one'] },
      { id: 'c', answer: 'A', options: { A: 'x', C: 'y' } },
      '{"id": "d", "answer": "A", "options": ["x" "y"]}',
      { id: 'a', answer: 'A', options: ['x', 'y'] },
      { answer: 'A', options: ['x', 'y'] },
      { id: 'e', answer: 'A', options: ['x', 2] },
      { id: 'f', answer: 'A', options: ['x', 'y'], categories: { modality: '' } },
    );
    const result = await parseMultipleChoiceGroundTruth(path);
    if (result.ok) throw new Error('expected issues');
    expect(result.issueCount).toBe(8);
    expect(result.issues).toEqual([
      {
        line: 1,
        column: 'answer',
        caseId: 'a',
        message: '"answer" must be one option letter A–D; found "E"',
      },
      {
        line: 2,
        column: 'options',
        caseId: 'b',
        message: '"options" must hold 2 to 26 options; found 1',
      },
      {
        line: 3,
        column: 'options',
        caseId: 'c',
        message: expect.stringMatching(/keys must be the letters A, B… in order; found "A", "C"/),
      },
      { line: 4, message: expect.stringMatching(/^line 4 is not valid JSON/) },
      {
        line: 5,
        column: 'id',
        caseId: 'a',
        message: 'case "a" appears more than once: lines 1 and 5',
      },
      {
        line: 6,
        column: 'id',
        message: 'line 6: "id" must be a non-empty string or an integer; found no "id" field',
      },
      {
        line: 7,
        column: 'options',
        caseId: 'e',
        message: 'option B must be a string; found a number',
      },
      {
        line: 8,
        column: 'categories.modality',
        caseId: 'f',
        message: 'category "modality" must be a non-empty string; found an empty string',
      },
    ]);
  });

  it('keeps the first maxIssues issues and counts all', async () => {
    const path = jsonl(
      ...Array.from({ length: 30 }, (_, i) => ({ id: `q${i}`, answer: 'Z', options: ['x', 'y'] })),
    );
    const result = await parseMultipleChoiceGroundTruth(path, { maxIssues: 5 });
    expect(result).toMatchObject({ ok: false, issueCount: 30 });
    if (!result.ok) expect(result.issues.map((i) => i.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects an empty file', async () => {
    expect(await parseMultipleChoiceGroundTruth(files.write('\n\n'))).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringMatching(/no questions/) }],
    });
  });
});

describe('parseAnswerPredictions', () => {
  const caseIds = ['q1', 'q2', 'q3'];

  it('reads JSONL answers aligned to the case order; null is an empty answer, numbers keep their text', async () => {
    const path = jsonl(
      { id: 'q3', answer: 'The answer is (B).' },
      { id: 'q1', answer: null },
      { id: 'q2', answer: 3, extra: true },
    );
    expect(await parseAnswerPredictions(path, { caseIds })).toEqual({
      ok: true,
      value: { answers: ['', '3', 'The answer is (B).'], format: 'jsonl' },
    });
  });

  it('reads CSV case_id,answer (sniffed from the first character), quoted commas kept', async () => {
    const path = files.write('answer,case_id\n"B, pleural effusion",q2\nA,q1\n(C),q3\n');
    expect(await parseAnswerPredictions(path, { caseIds })).toEqual({
      ok: true,
      value: { answers: ['A', 'B, pleural effusion', '(C)'], format: 'csv' },
    });
  });

  it('reports unknown, repeated, missing and malformed predictions', async () => {
    const path = jsonl(
      { id: 'q1', answer: 'A' },
      { id: 'q9', answer: 'A' },
      { id: 'q1', answer: 'B' },
      { id: 'q2', answer: ['A'] },
      'not json',
    );
    const result = await parseAnswerPredictions(path, { caseIds });
    if (result.ok) throw new Error('expected issues');
    expect(result.issues).toEqual([
      { line: 2, column: 'id', caseId: 'q9', message: 'unknown id "q9" (not in this test set)' },
      {
        line: 3,
        column: 'id',
        caseId: 'q1',
        message: 'case "q1" appears more than once: lines 1 and 3',
      },
      {
        line: 4,
        column: 'answer',
        caseId: 'q2',
        message: '"answer" must be a string; found an array',
      },
      { line: 5, message: expect.stringMatching(/^line 5 is not valid JSON/) },
      { caseId: 'q3', message: '1 of 3 cases have no prediction: "q3"' },
    ]);
  });

  it('names the accepted layouts when a CSV header is wrong', async () => {
    const result = await parseAnswerPredictions(files.write('id,prediction\nq1,A\n'), { caseIds });
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { line: 1, message: expect.stringMatching(/missing "case_id", "answer".*Accepted: JSONL/) },
      ],
    });
  });

  it('reports an empty file', async () => {
    expect(await parseAnswerPredictions(files.write(''), { caseIds })).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringMatching(/file is empty/) }],
    });
  });
});
