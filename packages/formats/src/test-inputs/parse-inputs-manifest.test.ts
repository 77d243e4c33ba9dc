import { describe, expect, it } from 'vitest';
import { describeManifestRow, parseInputsManifest } from './parse-inputs-manifest.js';

describe('parseInputsManifest (CSV)', () => {
  it('reads case ids and files, and keeps the other columns as metadata columns', async () => {
    const result = await parseInputsManifest(
      'case_id,file,question,options\n10,images/a.jpg,Is this a CT?,"CT|MRI"\n11,images/a.jpg,Left or right?,\n',
      'manifest.csv',
    );
    expect(result).toEqual({
      ok: true,
      columns: ['case_id', 'file', 'question', 'options'],
      rows: [
        {
          line: 2,
          caseId: '10',
          file: 'images/a.jpg',
          columns: { question: 'Is this a CT?', options: 'CT|MRI' },
        },
        {
          line: 3,
          caseId: '11',
          file: 'images/a.jpg',
          columns: { question: 'Left or right?', options: '' },
        },
      ],
    });
  });

  it('refuses a header without case_id or file', async () => {
    const result = await parseInputsManifest('id,image\n1,a.png\n', 'manifest.csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ line: 1 });
    expect(result.issues[0]!.message).toContain('expected it to name case_id and file');
  });

  it('names the line and case id of repeated ids, empty files and unsafe paths', async () => {
    const result = await parseInputsManifest(
      [
        'case_id,file',
        '1,a.png',
        '1,b.png',
        '2,',
        '3,../etc/passwd',
        '4,/abs/x.png',
        '5,dir\\x.png',
        ',c.png',
      ].join('\n'),
      'manifest.csv',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issueCount).toBe(6);
    expect(result.issues.map((i) => [i.line, i.caseId, i.column])).toEqual([
      [3, '1', 'case_id'],
      [4, '2', 'file'],
      [5, '3', 'file'],
      [6, '4', 'file'],
      [7, '5', 'file'],
      [8, undefined, 'case_id'],
    ]);
    expect(result.issues[0]!.message).toContain('repeats line 2');
    expect(result.issues[2]!.message).toContain('path traversal');
    expect(result.issues[3]!.message).toContain('absolute path');
  });

  it('counts fields against the header', async () => {
    const result = await parseInputsManifest('case_id,file\n1,a.png,extra\n', 'manifest.csv');
    expect(result).toMatchObject({
      ok: false,
      issues: [{ line: 2, message: '3 fields; the header has 2' }],
    });
  });

  it('refuses an empty manifest', async () => {
    const result = await parseInputsManifest('', 'manifest.csv');
    expect(result).toMatchObject({ ok: false, issueCount: 1 });
  });
});

describe('parseInputsManifest (JSONL)', () => {
  it('reads case_id (or id), file and further keys', async () => {
    const result = await parseInputsManifest(
      '{"case_id":"a","file":"x.nii.gz","question":"Which organ?","options":["liver","spleen"]}\n{"id":7,"file":"y.nii.gz"}\n',
      'manifest.jsonl',
    );
    expect(result).toEqual({
      ok: true,
      columns: ['case_id', 'file', 'question', 'options'],
      rows: [
        {
          line: 1,
          caseId: 'a',
          file: 'x.nii.gz',
          columns: { question: 'Which organ?', options: '["liver","spleen"]' },
        },
        { line: 2, caseId: '7', file: 'y.nii.gz', columns: {} },
      ],
    });
  });

  it('keeps every other value of a line as text: strings as they are, other JSON re-serialised', async () => {
    const result = await parseInputsManifest(
      '{"id":"q1","file":"a.png","question":"Size?","options":{"A":"1 cm"},"score":3,"flag":null,"__proto__":"x"}\n',
      'manifest.jsonl',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { columns } = result.rows[0]!;
    expect(columns).toEqual({
      question: 'Size?',
      options: '{"A":"1 cm"}',
      score: '3',
      flag: 'null',
      ['__proto__']: 'x',
    });
    expect(Object.hasOwn(columns, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(columns)).toBe(Object.prototype);
  });

  it('reports lines that are not objects, and missing ids or files', async () => {
    const result = await parseInputsManifest(
      '[1]\n{"file":"x.png"}\n{"case_id":"b","file":3}\nnot json\n',
      'manifest.jsonl',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.line)).toEqual([1, 2, 3, 4]);
    expect(result.issues[1]!.message).toBe('case_id is nothing; expected a string');
    expect(result.issues[2]).toMatchObject({ caseId: 'b', column: 'file' });
  });
});

describe('parseInputsManifest: manifest.coco.json', () => {
  const coco = (value: unknown) => parseInputsManifest(JSON.stringify(value), 'manifest.coco.json');

  it('maps each image id to its file_name, keeping the other fields as columns', async () => {
    const result = await coco({
      info: { description: 'lesions' },
      images: [
        { id: 3, file_name: 'images/3.png', width: 64, height: 48 },
        { id: 'x-7', file_name: 'images/7.png' },
      ],
      annotations: [],
    });
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 1, caseId: '3', file: 'images/3.png', columns: { width: '64', height: '48' } },
        { line: 2, caseId: 'x-7', file: 'images/7.png', columns: {} },
      ],
      columns: ['case_id', 'file', 'width', 'height'],
    });
    expect(describeManifestRow('manifest.coco.json', 2)).toBe('manifest.coco.json images[1]');
    expect(describeManifestRow('manifest.csv', 2)).toBe('manifest.csv line 2');
  });

  it.each<[string, unknown, { line?: number; column?: string; message: string }[]]>([
    [
      'not an object',
      [1, 2],
      [{ message: 'expected a COCO object with an "images" list; found an array' }],
    ],
    [
      'no images',
      { categories: [] },
      [
        {
          column: 'images',
          message: '"images": expected a non-empty list of { "id", "file_name" }; found nothing',
        },
      ],
    ],
    [
      'an image without a file_name, a fractional id and a repeated id',
      {
        images: [
          { id: 1, file_name: 'a.png' },
          { id: 2 },
          { id: 1.5, file_name: 'b.png' },
          { id: 1, file_name: 'c.png' },
        ],
      },
      [
        {
          line: 2,
          column: 'images[1].file_name',
          message: "images[1].file_name is nothing; expected the image's path inside the zip",
        },
        {
          line: 3,
          column: 'images[2].id',
          message:
            'images[2].id is a number; expected the image id (an integer, the case id of the COCO ground truth)',
        },
        {
          line: 4,
          column: 'case_id',
          message: 'case id "1" repeats images[0]; each case has one row',
        },
      ],
    ],
    [
      'segments (panoptic ground truth)',
      { images: [{ id: 1, file_name: 'a.png' }], segments_info: [{ id: 1 }, { id: 2 }] },
      [
        {
          column: 'segments_info',
          message:
            '"segments_info" holds 2 entries: they are ground truth, and test inputs may be published; keep only "images" (and "categories") in manifest.coco.json',
        },
      ],
    ],
  ])('refuses %s, naming the entry', async (_, value, expected) => {
    const result = await coco(value);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.issues.map(({ line, column, message }) => ({ line, column, message }))).toEqual(
      expected.map((e) => ({ line: undefined, column: undefined, ...e })),
    );
  });

  it('says where invalid JSON breaks', async () => {
    const result = await parseInputsManifest('{"images": [', 'manifest.coco.json');
    if (result.ok) throw new Error('expected a refusal');
    expect(result.issues[0]!.message).toMatch(
      /^not valid JSON \(.+\); expected a COCO object with an "images" list$/,
    );
  });
});
