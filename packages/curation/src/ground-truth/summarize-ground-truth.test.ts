import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeNifti1, encodeZip, type LabelImage } from '@medrank/formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quantile, spreadOf } from './summarize-ground-truth.js';
import { validateGroundTruthFiles } from './validate-ground-truth-files.js';

// Summaries are computed where the upload is validated, so these tests go through
// validateGroundTruthFiles with each task type's own parser, on the catalog's real files where
// the repository has them (data/catalog) and on small files written here for the others.

const catalog = (...parts: string[]) =>
  path.resolve(import.meta.dirname, '../../../../data/catalog', ...parts);

let dir: string;
const file = async (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  await writeFile(p, content);
  return { source: p, fileName: name };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'medrank-gt-summary-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function summaryOf(
  taskType: string,
  taskConfig: Record<string, unknown>,
  truth: { source: string; fileName: string },
) {
  const result = await validateGroundTruthFiles({
    taskType,
    taskConfig,
    truth,
    declaredDimensions: [],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.preview.summary;
}

describe('quantile and spreadOf', () => {
  it('interpolate linearly between order statistics, as numpy does', () => {
    const sorted = Float64Array.of(1, 2, 3, 4, 10);
    expect(quantile(sorted, 0.5)).toBe(3);
    expect(quantile(sorted, 0.1)).toBeCloseTo(1.4, 12); // position 0.4
    expect(quantile(sorted, 0.9)).toBeCloseTo(7.6, 12); // position 3.6: 4 + 0.6·6
    expect(spreadOf([10, 1, 3, 2, 4])).toEqual({
      min: 1,
      p10: expect.closeTo(1.4, 12) as number,
      median: 3,
      p90: expect.closeTo(7.6, 12) as number,
      max: 10,
      mean: 4,
    });
    expect(spreadOf([])).toBeNull();
  });
});

describe('summaries per task type', () => {
  it('classification: the label balance of BreastMNIST’s test split (42 malignant, 114 benign)', async () => {
    const summary = await summaryOf(
      'classification',
      { classes: ['malignant', 'normal_or_benign'], positiveClass: 'normal_or_benign' },
      {
        source: catalog('breastmnist', 'ground-truth.classification.test.csv'),
        fileName: 'gt.csv',
      },
    );
    expect(summary).toEqual({
      kind: 'classes',
      classes: [
        { label: 'normal_or_benign', count: 114 },
        { label: 'malignant', count: 42 },
      ],
    });
  });

  it('classification: a class of the track without a case is listed with 0', async () => {
    const truth = await file('three-classes.csv', 'case_id,label\na,cat\nb,cat\nc,dog\n');
    const summary = await summaryOf('classification', { classes: ['cat', 'dog', 'eel'] }, truth);
    expect(summary).toEqual({
      kind: 'classes',
      classes: [
        { label: 'cat', count: 2 },
        { label: 'dog', count: 1 },
        { label: 'eel', count: 0 },
      ],
    });
  });

  it('closed VQA: answer letters and options per question of VQA-RAD closed', async () => {
    const source = catalog('vqa-rad', 'ground-truth.closed.test.jsonl');
    const lines = readFileSync(source, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { answer: string; options: string[] });
    const letters = new Map<string, number>();
    for (const l of lines) letters.set(l.answer, (letters.get(l.answer) ?? 0) + 1);
    const summary = await summaryOf('multiple-choice', {}, { source, fileName: 'closed.jsonl' });
    expect(summary?.kind).toBe('answers');
    if (summary?.kind !== 'answers') return;
    expect(summary.distinctAnswers).toBe(letters.size);
    expect(summary.topAnswers.reduce((n, r) => n + r.count, 0)).toBe(lines.length);
    expect(new Map(summary.topAnswers.map((r) => [r.label, r.count]))).toEqual(letters);
    const options = new Map<string, number>();
    for (const l of lines) {
      const label = `${l.options.length} option${l.options.length === 1 ? '' : 's'}`;
      options.set(label, (options.get(label) ?? 0) + 1);
    }
    expect(new Map(summary.optionCounts.map((r) => [r.label, r.count]))).toEqual(options);
  });

  it('closed questions: the balance of true answers as the choices spell them, and own choices', async () => {
    const truth = [
      { id: 'q1', answer: 'Yes' },
      { id: 'q2', answer: 'yes.' },
      { id: 'q3', answer: 'no' },
      { id: 'q4', answer: 'Left', choices: ['left', 'right'] },
      { id: 'q5', answer: 'FLAIR', choices: ['T1 weighted', 'T2 weighted', 'FLAIR'] },
    ];
    const summary = await summaryOf(
      'closed-vqa',
      {},
      await file('closed-yn.jsonl', truth.map((t) => JSON.stringify(t)).join('\n')),
    );
    if (summary?.kind !== 'answers') throw new Error('expected an answer summary');
    expect(summary.distinctAnswers).toBe(4);
    expect(new Map(summary.topAnswers.map((r) => [r.label, r.count]))).toEqual(
      new Map([
        ['yes', 2],
        ['no', 1],
        ['left', 1],
        ['FLAIR', 1],
      ]),
    );
    expect(new Map(summary.optionCounts.map((r) => [r.label, r.count]))).toEqual(
      new Map([
        ['2 own choices', 1],
        ['3 own choices', 1],
      ]),
    );
  });

  it('multiple choice: MedXpertQA MM’s 2,000 questions with five options each', async () => {
    const summary = await summaryOf(
      'multiple-choice',
      {},
      { source: catalog('medxpertqa-mm', 'ground-truth.mm.test.jsonl'), fileName: 'mm.jsonl' },
    );
    if (summary?.kind !== 'answers') throw new Error('expected an answer summary');
    expect(summary.optionCounts).toEqual([{ label: '5 options', count: 2000 }]);
    expect(summary.topAnswers.map((r) => r.label).sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('open VQA: the most frequent answers of VQA-RAD open, case-folded', async () => {
    const source = catalog('vqa-rad', 'ground-truth.open.test.jsonl');
    const answers = readFileSync(source, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { answer: string }).answer.trim().toLowerCase());
    const summary = await summaryOf('open-vqa', {}, { source, fileName: 'open.jsonl' });
    if (summary?.kind !== 'answers') throw new Error('expected an answer summary');
    expect(summary.distinctAnswers).toBe(new Set(answers).size);
    expect(summary.topAnswers.length).toBeLessThanOrEqual(12);
    const top = summary.topAnswers[0]!;
    expect(top.count).toBe(answers.filter((a) => a === top.label).length);
    expect(
      Math.max(...[...new Set(answers)].map((a) => answers.filter((x) => x === a).length)),
    ).toBe(top.count);
    expect(summary.optionCounts).toEqual([]);
  });

  it('segmentation: masks containing each label, voxel counts and volume in mL from the spacing', async () => {
    // 3-D label volumes [z, y, x]: c1 has liver (1) 2×2×2 and tumour (2) 1 voxel; c2 liver 4 voxels.
    const volume = (
      spacingMm: [number, number, number],
      voxels: [number, number][],
    ): LabelImage => {
      const data = new Uint8Array(2 * 3 * 4);
      for (const [index, label] of voxels) data[index] = label;
      return { shape: [2, 3, 4], spacingMm, data };
    };
    const c1 = volume(
      [2, 1, 1],
      [
        [0, 1],
        [1, 1],
        [4, 1],
        [5, 1],
        [12, 1],
        [13, 1],
        [16, 1],
        [17, 1],
        [23, 2],
      ],
    );
    const c2 = volume(
      [1, 0.5, 0.5],
      [
        [0, 1],
        [1, 1],
        [2, 1],
        [3, 1],
      ],
    );
    const zip = encodeZip([
      { name: 'c1.nii.gz', data: gzipSync(encodeNifti1(c1)), method: 'store' },
      { name: 'c2.nii', data: encodeNifti1(c2) },
    ]);
    const summary = await summaryOf(
      'segmentation',
      { labels: { 1: 'liver', 2: 'tumour' } },
      await file('masks.zip', zip),
    );
    expect(summary).toEqual({
      kind: 'masks',
      dimensions: 3,
      labels: [
        {
          label: 'liver',
          value: 1,
          masksContaining: 2,
          voxels: { min: 4, p10: 4.4, median: 6, p90: 7.6, max: 8, mean: 6 },
          // c1: 8 voxels × 2 mm³ = 0.016 mL; c2: 4 × 0.25 mm³ = 0.001 mL.
          physical: {
            unit: 'mL',
            min: 0.001,
            p10: expect.closeTo(0.0025, 12) as number,
            median: expect.closeTo(0.0085, 12) as number,
            p90: expect.closeTo(0.0145, 12) as number,
            max: 0.016,
            mean: expect.closeTo(0.0085, 12) as number,
          },
        },
        {
          label: 'tumour',
          value: 2,
          masksContaining: 1,
          voxels: { min: 1, p10: 1, median: 1, p90: 1, max: 1, mean: 1 },
          physical: {
            unit: 'mL',
            min: 0.002,
            p10: 0.002,
            median: 0.002,
            p90: 0.002,
            max: 0.002,
            mean: 0.002,
          },
        },
      ],
    });
  });

  it('detection: boxes per image, per category and per COCO area range', async () => {
    const coco = {
      images: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }],
      categories: [
        { id: 1, name: 'nodule' },
        { id: 2, name: 'mass' },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] }, // 400 px²: small
        { id: 2, image_id: 1, category_id: 2, bbox: [50, 50, 40, 40] }, // 1,600: medium
        { id: 3, image_id: 1, category_id: 2, bbox: [0, 0, 100, 100] }, // 10,000: large
        { id: 4, image_id: 2, category_id: 1, bbox: [0, 0, 10, 10] }, // 100: small
      ],
    };
    const summary = await summaryOf(
      'detection',
      { categories: { 1: 'nodule', 2: 'mass' } },
      await file('boxes.json', JSON.stringify(coco)),
    );
    expect(summary).toMatchObject({
      kind: 'boxes',
      images: 4,
      imagesWithoutBoxes: 2,
      boxesPerImage: { mean: 1, max: 3 },
      categories: [
        { label: 'mass', count: 2 },
        { label: 'nodule', count: 2 },
      ],
      boxSizes: [
        { label: 'small (< 32²)', count: 2 },
        { label: 'medium (< 96²)', count: 1 },
        { label: 'large', count: 1 },
      ],
      boxSidePx: { min: 10, median: 30, max: 100 },
    });
  });

  it('report generation: words per section, hand-checked', async () => {
    const truth = await file(
      'reports.jsonl',
      [
        { id: 'a', findings: 'Heart size is normal .', impression: 'Normal chest.' },
        { id: 'b', findings: 'No effusion.', impression: 'No acute disease .' },
        {
          id: 'c',
          findings: 'Lungs clear , no pneumothorax ; heart normal .',
          impression: 'Clear.',
        },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const summary = await summaryOf(
      'report-generation',
      { sections: ['findings', 'impression'] },
      truth,
    );
    // Findings: 4, 2, 6 words (a lone "." "," ";" is not a word); impression: 2, 3, 1.
    expect(summary).toEqual({
      kind: 'reports',
      sections: [
        {
          section: 'findings',
          empty: 0,
          words: {
            min: 2,
            p10: expect.closeTo(2.4, 12) as number,
            median: 4,
            p90: expect.closeTo(5.6, 12) as number,
            max: 6,
            mean: 4,
          },
        },
        {
          section: 'impression',
          empty: 0,
          words: {
            min: 1,
            p10: expect.closeTo(1.2, 12) as number,
            median: 2,
            p90: expect.closeTo(2.8, 12) as number,
            max: 3,
            mean: 2,
          },
        },
      ],
    });
  });

  it('report generation: the clinical report fixture’s reference reports', async () => {
    const references = readFileSync(
      path.resolve(
        import.meta.dirname,
        '../../../metrics/src/text/fixtures/clinical-report-pairs.jsonl',
      ),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; reference: string });
    const truth = await file(
      'fixture-reports.jsonl',
      references.map((p) => JSON.stringify({ id: p.id, findings: p.reference })).join('\n'),
    );
    const summary = await summaryOf('report-generation', { sections: ['findings'] }, truth);
    if (summary?.kind !== 'reports') throw new Error('expected a report summary');
    const words = references
      .map((r) => r.reference.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length)
      .sort((a, b) => a - b);
    expect(summary.sections[0]?.words).toMatchObject({ min: words[0], max: words.at(-1) });
    expect(summary.sections[0]?.words.median).toBeCloseTo(
      words.length % 2
        ? words[(words.length - 1) / 2]!
        : (words[words.length / 2 - 1]! + words[words.length / 2]!) / 2,
      12,
    );
  });

  it('regression: value range, quantiles and a histogram', async () => {
    const values = Array.from({ length: 11 }, (_, i) => i * 10); // 0, 10, …, 100
    const truth = await file(
      'values.csv',
      `case_id,value\n${values.map((v, i) => `c${i},${v}`).join('\n')}\n`,
    );
    const summary = await summaryOf('regression', {}, truth);
    expect(summary).toMatchObject({
      kind: 'values',
      values: { min: 0, p10: 10, median: 50, p90: 90, max: 100, mean: 50 },
    });
    if (summary?.kind !== 'values') return;
    expect(summary.histogram).toHaveLength(10);
    expect(summary.histogram.reduce((n, r) => n + r.count, 0)).toBe(11);
    expect(summary.histogram.at(-1)).toEqual({ label: '90–100', count: 2 });
  });

  it('retrieval: relevant and judged documents per query', async () => {
    const truth = await file(
      'qrels.txt',
      'q1 0 d1 1\nq1 0 d2 0\nq1 0 d3 2\nq2 0 d4 1\nq2 0 d5 1\nq3 0 d9 0\n',
    );
    const summary = await summaryOf('retrieval', {}, truth);
    expect(summary).toMatchObject({
      kind: 'relevance',
      relevantPerQuery: { min: 0, median: 2, max: 2 },
      judgedPerQuery: { min: 1, median: 2, max: 3 },
      queriesWithoutRelevant: 1,
      histogram: [
        { label: '0', count: 1 },
        { label: '1', count: 0 },
        { label: '2', count: 2 },
      ],
    });
  });
});
