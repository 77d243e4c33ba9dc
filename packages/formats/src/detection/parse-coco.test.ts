import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCocoGroundTruth, parseDetectionPredictions } from './parse-coco.js';

const dir = mkdtempSync(join(tmpdir(), 'medrank-coco-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNumber = 0;
const file = (content: string) => {
  const path = join(dir, `f${fileNumber++}`);
  writeFileSync(path, content);
  return path;
};

const GROUND_TRUTH = {
  images: [{ id: 10, file_name: 'a.png' }, { id: 11 }, { id: 12 }],
  categories: [{ id: 1, name: 'nodule' }, { id: 2 }],
  annotations: [
    { id: 1, image_id: 10, category_id: 1, bbox: [5, 5, 10, 20], area: 200, iscrowd: 0 },
    { id: 2, image_id: 11, category_id: 2, bbox: [0, 0, 1, 1] },
  ],
};

describe('parseCocoGroundTruth', () => {
  it('reads images as cases and converts [x, y, w, h] to corners', async () => {
    expect(await parseCocoGroundTruth(file(JSON.stringify(GROUND_TRUTH)))).toEqual({
      ok: true,
      value: {
        caseIds: ['10', '11', '12'],
        imageIds: [10, 11, 12],
        categories: [
          { id: 1, name: 'nodule' },
          { id: 2, name: '2' },
        ],
        boxes: [
          [{ categoryId: 1, bbox: [5, 5, 15, 25] }],
          [{ categoryId: 2, bbox: [0, 0, 1, 1] }],
          [],
        ],
      },
    });
  });

  it('names the entry, field, expected and found value of every problem', async () => {
    const bad = {
      images: [{ id: 1 }, { id: 1 }, { id: 'x' }],
      categories: [{ id: 1 }],
      annotations: [
        { image_id: 9, category_id: 1, bbox: [0, 0, 1, 1] },
        { image_id: 1, category_id: 3, bbox: [0, 0, 1, 1] },
        { image_id: 1, category_id: 1, bbox: [0, 0, -1, 1] },
        { image_id: 1, category_id: 1, bbox: [0, 0, 1] },
        { image_id: 1, category_id: 1, bbox: [0, 'NaN', 1, 1] },
        { image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], iscrowd: 1 },
      ],
    };
    const parsed = await parseCocoGroundTruth(file(JSON.stringify(bad)));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.message)).toEqual([
      'images[1].id: image id 1 repeats images[0]',
      'images[2].id: expected an integer id; found "x"',
      'annotations[0].image_id: unknown image id 9 (not in "images")',
      'annotations[1].category_id: unknown category id 3; known: "1"',
      'annotations[2].bbox: negative size (width -1, height 1); expected width ≥ 0 and height ≥ 0',
      'annotations[3].bbox: expected [x, y, width, height]; found an array of 3',
      'annotations[4].bbox: element 1 is "NaN"; expected finite numbers',
      'annotations[5]: crowd annotations (iscrowd: 1) are not supported; drop them or mark them iscrowd: 0',
    ]);
    expect(parsed.issues[2]).toMatchObject({ column: 'annotations[0].image_id' });
  });

  it('refuses non-JSON, wrong shapes and oversized files', async () => {
    expect(await parseCocoGroundTruth(file('{"images": ['))).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringMatching(/^not valid JSON/) }],
    });
    expect(await parseCocoGroundTruth(file('[]'))).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringContaining('found an array') }],
    });
    expect(await parseCocoGroundTruth(file('{"images": {}}'))).toMatchObject({
      ok: false,
      issueCount: 3,
      issues: [
        { message: '"images": expected an array; found an object' },
        { message: '"annotations": expected an array; found no field' },
        {},
      ],
    });
    expect(
      await parseCocoGroundTruth(file(JSON.stringify(GROUND_TRUTH)), {
        limits: { maxFileBytes: 10 },
      }),
    ).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringContaining('the limit is 10 bytes') }],
    });
    expect(
      await parseCocoGroundTruth(file(JSON.stringify(GROUND_TRUTH)), { limits: { maxImages: 2 } }),
    ).toMatchObject({ ok: false, issues: [{ message: '"images" has 3 entries; the limit is 2' }] });
  });
});

describe('parseDetectionPredictions', () => {
  const caseIds = ['10', '11', '12'];

  it('reads COCO results JSON and the CSV of corners into the same boxes per case', async () => {
    const json = file(
      JSON.stringify([
        { image_id: 11, category_id: 2, bbox: [1, 2, 3, 4], score: 0.5 },
        { image_id: 10, category_id: 1, bbox: [0, 0, 10, 10], score: 0.9, extra: true },
      ]),
    );
    const csv = file(
      'score,image_id,category_id,x1,y1,x2,y2\n0.5,11,2,1,2,4,6\n0.9,10,1,0,0,10,10\n',
    );
    const expected = {
      ok: true,
      value: {
        count: 2,
        boxes: [
          [{ categoryId: 1, bbox: [0, 0, 10, 10], score: 0.9 }],
          [{ categoryId: 2, bbox: [1, 2, 4, 6], score: 0.5 }],
          [],
        ],
      },
    };
    expect(await parseDetectionPredictions(json, { caseIds, categoryIds: [1, 2] })).toEqual(
      expected,
    );
    expect(await parseDetectionPredictions(csv, { caseIds, categoryIds: [1, 2] })).toEqual(
      expected,
    );
  });

  it('reports unknown images and categories, bad boxes and scores with entry or line', async () => {
    const json = await parseDetectionPredictions(
      file(
        JSON.stringify([
          { image_id: 99, category_id: 1, bbox: [0, 0, 1, 1], score: 1 },
          { image_id: 10, category_id: 5, bbox: [0, 0, 1, 1], score: 1 },
          { image_id: 10, category_id: 1, bbox: [0, 0, 1, -2], score: 1 },
          { image_id: 10, category_id: 1, bbox: [0, 0, 1, 1], score: null },
          7,
        ]),
      ),
      { caseIds, categoryIds: [1, 2] },
    );
    expect(json.ok).toBe(false);
    if (json.ok) return;
    expect(json.issues.map((i) => i.message)).toEqual([
      '[0]: unknown image_id 99 (not an image of this test set)',
      '[1]: unknown category_id 5; known: "1", "2"',
      '[2].bbox: negative size (width 1, height -2); expected width ≥ 0 and height ≥ 0',
      '[3].score: expected a finite number; found null',
      '[4]: expected an object { image_id, category_id, bbox, score }; found a number',
    ]);
    const csv = await parseDetectionPredictions(
      file(
        'image_id,category_id,x1,y1,x2,y2,score\n10,1,5,0,4,1,0.3\n10,1,0,0,1,1,abc\n77,1,0,0,1,1,0.1\n',
      ),
      { caseIds },
    );
    expect(csv).toMatchObject({
      ok: false,
      issues: [
        {
          line: 2,
          column: 'x2',
          message:
            'line 2: negative-size box (x1 5, y1 0, x2 4, y2 1); expected x2 ≥ x1 and y2 ≥ y1',
        },
        {
          line: 3,
          column: 'score',
          message: 'line 3, score: "abc" is not a finite decimal number',
        },
        {
          line: 4,
          caseId: '77',
          message: 'line 4: unknown image_id 77 (not an image of this test set)',
        },
      ],
    });
  });

  it('tells a ground-truth file and a wrong header apart from predictions', async () => {
    expect(
      await parseDetectionPredictions(file(JSON.stringify(GROUND_TRUTH)), { caseIds }),
    ).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringContaining('is this a ground-truth file?') }],
    });
    expect(await parseDetectionPredictions(file('image,label\n1,2\n'), { caseIds })).toMatchObject({
      ok: false,
      issues: [
        {
          line: 1,
          message: expect.stringMatching(/^header: expected columns "image_id", "category_id"/),
        },
      ],
    });
    expect(await parseDetectionPredictions(file(''), { caseIds })).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringMatching(/^the file is empty/) }],
    });
  });

  it('gives a result or issues, never a throw, for 300 seeded mutations of both formats', async () => {
    let seed = 99;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const bases = [
      JSON.stringify([
        { image_id: 10, category_id: 1, bbox: [0, 0, 10, 10], score: 0.9 },
        { image_id: 11, category_id: 2, bbox: [1, 2, 3, 4], score: 0.5 },
      ]),
      'image_id,category_id,x1,y1,x2,y2,score\n10,1,0,0,10,10,0.9\n11,2,1,2,4,6,0.5\n',
      JSON.stringify(GROUND_TRUTH),
    ];
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(bases[round % 3]!);
      for (let f = 0, n = 1 + Math.floor(random() * 5); f < n; f++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const source = (async function* () {
        yield bytes;
      })();
      const result =
        round % 3 === 2
          ? await parseCocoGroundTruth(source)
          : await parseDetectionPredictions(source, { caseIds, categoryIds: [1, 2] });
      if (!result.ok)
        for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(5);
    }
  });
});
