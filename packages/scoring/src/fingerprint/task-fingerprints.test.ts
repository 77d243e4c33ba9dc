import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNifti1, encodeZip, type LabelImage } from '@medrank/formats';
import { prepareSubmissionFile } from '../score-submission-file.js';
import { minChangedCases, rankToleranceUnits } from './near-duplicate.js';
import { countChangedCases, type PredictionFingerprint } from './prediction-fingerprint.js';
import { segmentationFingerprint } from './task-fingerprints.js';

// Every task type through its real parser (files in a temp dir) and prepareSubmissionFile, the
// path the worker takes: the same file → 0 changed cases; a transform no metric sees → 0; one
// case's prediction changed → 1.

const dir = mkdtempSync(join(tmpdir(), 'medrank-fingerprints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;

interface TaskFixture {
  taskType: string;
  taskConfig: Record<string, unknown>;
  /** Hidden payload per case (only its public parts reach the fingerprint). */
  truth: Record<string, unknown>;
}

async function fingerprintOf(
  fixture: TaskFixture,
  content: string | Uint8Array,
  split: number[] = [Object.keys(fixture.truth).length],
): Promise<PredictionFingerprint> {
  const path = join(dir, `f${fileCount++}`);
  writeFileSync(path, content);
  const caseIds = Object.keys(fixture.truth);
  const truth = new Map(Object.entries(fixture.truth));
  let start = 0;
  const result = await prepareSubmissionFile({
    taskType: fixture.taskType,
    taskConfig: fixture.taskConfig,
    metrics: [],
    file: { path, name: 'predictions' },
    bootstrapReplicates: 0,
    testSets: split.map((size, i) => {
      const ids = caseIds.slice(start, (start += size));
      return { id: `t${i}`, evaluatorVersion: 1, seed: 1, caseIds: ids, truth };
    }),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.prepared.fingerprint();
}

const changed = (a: PredictionFingerprint, b: PredictionFingerprint, m = 1) =>
  countChangedCases(a, b, rankToleranceUnits([a.caseCount], m));

const ids = (n: number, prefix = 'c') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('classification fingerprint', () => {
  const n = 156;
  const fixture: TaskFixture = {
    taskType: 'classification',
    taskConfig: { classes: ['benign', 'malignant'], positiveClass: 'malignant' },
    truth: Object.fromEntries(
      ids(n).map((id, i) => [id, { label: i % 3 ? 'benign' : 'malignant' }]),
    ),
  };
  const csv = (p: readonly number[]) =>
    ['case_id,p_malignant', ...p.map((v, i) => `c${i},${v}`)].join('\n') + '\n';
  const model = Array.from(
    { length: n },
    (_, i) => Math.round(((Math.sin(i) + 1) / 2) * 1e6) / 1e6,
  );

  it('gives 0 changed cases for the same file and for temperature-scaled scores', async () => {
    const a = await fingerprintOf(fixture, csv(model));
    expect(a.channels).toBe(2);
    expect(changed(a, await fingerprintOf(fixture, csv(model)))).toBe(0);
    // Temperature scaling, sigmoid(logit(p) / T), is monotone and keeps every p on its side of
    // 0.5: ranks and predicted classes are unchanged, only calibration moves.
    const logit = (p: number) => Math.log(p / (1 - p));
    const scaled = model.map((p) => Math.round(1e6 / (1 + Math.exp(-logit(p) / 1.7))) / 1e6);
    expect(changed(a, await fingerprintOf(fixture, csv(scaled)))).toBe(0);
  });

  it('counts one case whose predicted class flips', async () => {
    const flipped = [...model];
    const i = flipped.findIndex((p) => p > 0.5 && p < 0.6);
    flipped[i] = 1 - flipped[i]!;
    expect(
      changed(await fingerprintOf(fixture, csv(model)), await fingerprintOf(fixture, csv(flipped))),
    ).toBe(1);
  });

  it('counts 8 between two four-target AUROC probes, with the tolerance m = 10 needs', async () => {
    const probe = (targets: number[]) => {
      const p = new Array<number>(n).fill(0.5);
      [0.9, 0.8, 0.2, 0.1].forEach((score, k) => (p[targets[k]!] = score));
      return csv(p);
    };
    const m = minChangedCases({ minCases: 10, minFraction: 0.01 }, n);
    const first = await fingerprintOf(fixture, probe([0, 1, 2, 3]));
    const second = await fingerprintOf(fixture, probe([4, 5, 6, 7]));
    expect(changed(first, second, m)).toBe(8);
  });

  it('ranks each test set within itself: rescaling one test set alone changes nothing', async () => {
    const split = [100, 56];
    // Squeeze the second test set's scores towards 0.5 (monotone, each p keeps its side of 0.5):
    // its own metrics cannot tell, but its cases move among the first test set's cases.
    const squeezed = model.map((p, i) => (i >= 100 ? 0.5 + (p - 0.5) / 10 : p));
    const perTestSet = changed(
      await fingerprintOf(fixture, csv(model), split),
      await fingerprintOf(fixture, csv(squeezed), split),
    );
    expect(perTestSet).toBe(0);
    // Ranked over the whole track instead, the same edit would count as many changed cases.
    const overTrack = changed(
      await fingerprintOf(fixture, csv(model)),
      await fingerprintOf(fixture, csv(squeezed)),
    );
    expect(overTrack).toBeGreaterThan(10);
  });

  it('reads a label-only file as keys without channels', async () => {
    const labels = [
      'case_id,label',
      ...ids(n).map((id, i) => `${id},${i % 2 ? 'benign' : 'malignant'}`),
    ].join('\n');
    const fp = await fingerprintOf(fixture, labels + '\n');
    expect(fp.channels).toBe(0);
    expect(fp.ranks).toBeNull();
  });
});

describe('multiple-choice fingerprint', () => {
  const options = ['Pneumonia', 'Edema', 'Effusion', 'Normal'];
  const fixture: TaskFixture = {
    taskType: 'multiple-choice',
    taskConfig: {},
    truth: Object.fromEntries(ids(6).map((id) => [id, { answer: 'A', options }])),
  };
  const jsonl = (answers: string[]) =>
    answers.map((answer, i) => JSON.stringify({ id: `c${i}`, answer })).join('\n') + '\n';
  const answers = ['A', 'B', 'C', 'D', 'A', ''];

  it('gives 0 for the same answers written differently (letter, option text, answer phrase)', async () => {
    const a = await fingerprintOf(fixture, jsonl(answers));
    expect(changed(a, await fingerprintOf(fixture, jsonl(answers)))).toBe(0);
    const reworded = ['(a)', 'Edema', 'The answer is C.', 'D. Normal', 'A', '   '];
    expect(changed(a, await fingerprintOf(fixture, jsonl(reworded)))).toBe(0);
  });

  it('counts one changed answer, and treats every extraction failure alike', async () => {
    const a = await fingerprintOf(fixture, jsonl(answers));
    expect(changed(a, await fingerprintOf(fixture, jsonl(['A', 'B', 'C', 'A', 'A', ''])))).toBe(1);
    // '' (empty) and 'Z' (out of range) both fail extraction and both score as wrong.
    expect(changed(a, await fingerprintOf(fixture, jsonl(['A', 'B', 'C', 'D', 'A', 'Z'])))).toBe(0);
  });
});

describe('closed-question fingerprint', () => {
  const fixture: TaskFixture = {
    taskType: 'closed-vqa',
    taskConfig: {},
    truth: {
      c0: { answer: 'yes' },
      c1: { answer: 'no' },
      c2: { answer: 'left', choices: ['left', 'right'] },
      c3: { answer: 'yes' },
    },
  };
  const jsonl = (answers: string[]) =>
    answers.map((answer, i) => JSON.stringify({ id: `c${i}`, answer })).join('\n') + '\n';
  const answers = ['yes', 'no', 'right', ''];

  it('gives 0 for the same answers worded differently and for any two extraction failures', async () => {
    const a = await fingerprintOf(fixture, jsonl(answers));
    const reworded = ['Yes, there is.', 'There is no mass.', 'The right one', 'yes or no'];
    expect(changed(a, await fingerprintOf(fixture, jsonl(reworded)))).toBe(0);
  });

  it('counts one changed answer', async () => {
    const a = await fingerprintOf(fixture, jsonl(answers));
    expect(changed(a, await fingerprintOf(fixture, jsonl(['yes', 'no', 'left', ''])))).toBe(1);
  });
});

describe('open VQA fingerprint', () => {
  const fixture: TaskFixture = {
    taskType: 'open-vqa',
    taskConfig: {},
    truth: Object.fromEntries(ids(3).map((id) => [id, { answers: ['liver'] }])),
  };
  const jsonl = (answers: string[]) =>
    answers.map((answer, i) => JSON.stringify({ id: `c${i}`, answer })).join('\n') + '\n';

  it('gives 0 for answers equal after SQuAD normalisation and counts a real change', async () => {
    const a = await fingerprintOf(fixture, jsonl(['the liver', 'left lobe', 'no']));
    expect(changed(a, await fingerprintOf(fixture, jsonl(['Liver.', 'Left  lobe', 'No!'])))).toBe(
      0,
    );
    expect(changed(a, await fingerprintOf(fixture, jsonl(['liver', 'lobe left', 'no'])))).toBe(1);
  });
});

describe('report-generation fingerprint', () => {
  const fixture: TaskFixture = {
    taskType: 'report-generation',
    taskConfig: { sections: ['findings', 'impression'] },
    truth: Object.fromEntries(
      ids(3).map((id) => [id, { findings: 'Clear lungs.', impression: 'Normal.' }]),
    ),
  };
  const jsonl = (reports: [string, string][]) =>
    reports
      .map(([findings, impression], i) => JSON.stringify({ id: `c${i}`, findings, impression }))
      .join('\n') + '\n';
  const reports: [string, string][] = [
    ['No effusion .', 'Normal .'],
    ['Small left effusion .', 'Effusion .'],
    ['Cardiomegaly .', 'Enlarged heart .'],
  ];

  it('gives 0 for changes of case and spacing, and counts one changed report', async () => {
    const a = await fingerprintOf(fixture, jsonl(reports));
    const respaced: [string, string][] = reports.map(([f, i]) => [` ${f.toUpperCase()}  `, i]);
    expect(changed(a, await fingerprintOf(fixture, jsonl(respaced)))).toBe(0);
    const edited = reports.map((r) => [...r]) as [string, string][];
    edited[2]![1] = 'Normal heart .';
    expect(changed(a, await fingerprintOf(fixture, jsonl(edited)))).toBe(1);
  });
});

describe('regression fingerprint', () => {
  const n = 40;
  const fixture: TaskFixture = {
    taskType: 'regression',
    taskConfig: {},
    truth: Object.fromEntries(ids(n).map((id, i) => [id, { value: i }])),
  };
  const csv = (values: number[]) =>
    ['case_id,value', ...values.map((v, i) => `c${i},${v}`)].join('\n') + '\n';
  const values = Array.from({ length: n }, (_, i) => Math.round(Math.cos(i * 7) * 1000) / 10);

  it('gives 0 for a monotone rescaling and counts one value moved across the range', async () => {
    const a = await fingerprintOf(fixture, csv(values));
    expect(changed(a, await fingerprintOf(fixture, csv(values.map((v) => v * 0.999 + 3))))).toBe(0);
    const moved = [...values];
    const lowest = moved.indexOf(Math.min(...moved));
    moved[lowest] = 1000;
    expect(changed(a, await fingerprintOf(fixture, csv(moved)))).toBe(1);
  });
});

describe('retrieval fingerprint', () => {
  const fixture: TaskFixture = {
    taskType: 'retrieval',
    taskConfig: { k: 3 },
    truth: Object.fromEntries(['q1', 'q2', 'q3'].map((id) => [id, { judgments: [['d1', 1]] }])),
  };
  const run = (rows: [string, string, number][]) =>
    rows.map(([q, d, s], r) => `${q} Q0 ${d} ${r + 1} ${s} run`).join('\n') + '\n';
  const rows: [string, string, number][] = [
    ['q1', 'd1', 3],
    ['q1', 'd2', 2],
    ['q1', 'd3', 1],
    ['q1', 'd4', 0.5],
    ['q2', 'd5', 2],
    ['q2', 'd6', 1],
    ['q3', 'd7', 1],
  ];

  it('gives 0 for rescaled scores and for changes below the top k, and counts a reordered top k', async () => {
    const a = await fingerprintOf(fixture, run(rows));
    expect(
      changed(a, await fingerprintOf(fixture, run(rows.map(([q, d, s]) => [q, d, s * 0.5])))),
    ).toBe(0);
    const belowK = rows.map(([q, d, s]): [string, string, number] => [q, d === 'd4' ? 'd9' : d, s]);
    expect(changed(a, await fingerprintOf(fixture, run(belowK)))).toBe(0);
    const swapped = rows.map(([q, d, s]): [string, string, number] => [q, d, d === 'd2' ? 4 : s]);
    expect(changed(a, await fingerprintOf(fixture, run(swapped)))).toBe(1);
  });
});

describe('detection fingerprint', () => {
  const fixture: TaskFixture = {
    taskType: 'detection',
    taskConfig: {},
    truth: Object.fromEntries(['1', '2', '3'].map((id) => [id, { boxes: [[1, 0, 0, 10, 10]] }])),
  };
  type Row = [number, number, number, number, number, number, number];
  const csv = (boxes: Row[]) =>
    ['image_id,category_id,x1,y1,x2,y2,score', ...boxes.map((b) => b.join(','))].join('\n') + '\n';
  const boxes: Row[] = [
    [1, 1, 10, 10, 50, 50, 0.9],
    [1, 1, 60, 60, 80, 80, 0.4],
    [2, 1, 5, 5, 25, 25, 0.7],
    [3, 2, 0, 0, 30, 40, 0.2],
  ];

  it('gives 0 for rescaled scores and sub-pixel jitter, and counts one moved box', async () => {
    const a = await fingerprintOf(fixture, csv(boxes));
    const rescaled = boxes.map((b): Row => [...b.slice(0, 6), b[6] * 0.999] as Row);
    expect(changed(a, await fingerprintOf(fixture, csv(rescaled)))).toBe(0);
    const jittered = boxes.map((b): Row => [b[0], b[1], b[2] + 0.2, b[3] - 0.3, b[4], b[5], b[6]]);
    expect(changed(a, await fingerprintOf(fixture, csv(jittered)))).toBe(0);
    const moved = boxes.map((b): Row => (b[0] === 2 ? [2, 1, 15, 5, 35, 25, 0.7] : b));
    expect(changed(a, await fingerprintOf(fixture, csv(moved)))).toBe(1);
  });

  it("counts a reversed score order of one image's boxes as a change", async () => {
    const a = await fingerprintOf(fixture, csv(boxes));
    const reordered = boxes.map((b): Row =>
      b[0] === 1 ? ([...b.slice(0, 6), 1 - b[6]] as Row) : b,
    );
    expect(changed(a, await fingerprintOf(fixture, csv(reordered)))).toBe(1);
  });
});

describe('segmentation fingerprint', () => {
  const mask = (
    values: number[],
    Array: typeof Uint8Array | typeof Uint16Array = Uint8Array,
  ): LabelImage => ({
    shape: [2, 2, 2],
    spacingMm: [1, 0.5, 0.5],
    data: Array.from(values),
  });
  const voxels = [0, 1, 1, 0, 0, 1, 0, 0];

  it('gives 0 for the same voxels stored 8- or 16-bit or with header noise, and counts one edited voxel', () => {
    const a = segmentationFingerprint({ masks: [mask(voxels), mask(voxels)] });
    const wide = segmentationFingerprint({ masks: [mask(voxels, Uint16Array), mask(voxels)] });
    expect(changed(a, wide)).toBe(0);
    const noisy = segmentationFingerprint({
      masks: [{ ...mask(voxels), spacingMm: [1.0001, 0.5, 0.5] }, mask(voxels)],
    });
    expect(changed(a, noisy)).toBe(0);
    const edited = [...voxels];
    edited[7] = 1;
    expect(changed(a, segmentationFingerprint({ masks: [mask(voxels), mask(edited)] }))).toBe(1);
  });

  it('fingerprints a NIfTI zip through the parser like the in-memory masks', async () => {
    const fixture: TaskFixture = {
      taskType: 'segmentation',
      taskConfig: { labels: { 1: 'liver' } },
      truth: {},
    };
    // The parser needs truth payloads only for the truth-dependent checks: use the mask itself.
    const { encodeSegmentationPayload } = await import('../segmentation/segmentation-payload.js');
    fixture.truth = { c1: encodeSegmentationPayload(mask(voxels)) };
    const zip = encodeZip([{ name: 'c1.nii.gz', data: gzipSync(encodeNifti1(mask(voxels))) }]);
    const parsed = await fingerprintOf(fixture, zip);
    expect(parsed.caseCount).toBe(1);
    expect(changed(parsed, segmentationFingerprint({ masks: [mask(voxels)] }))).toBe(0);
  });
});
