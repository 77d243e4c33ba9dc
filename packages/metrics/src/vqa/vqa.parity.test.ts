// Parity with shared/peers/peer_vqa.py (pandas) on the seeded peer data, expected values from the
// peers README §6. Generate the data with `bash tools/peers-data.sh`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeChoices } from './grade-choices.js';
import { groupedAccuracy, type DimensionAccuracy } from './grouped-accuracy.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const DATA_DIR = process.env.PEERS_DATA_DIR ?? join(REPO_ROOT, '.peers/data');
const CSV = join(DATA_DIR, 'vqa/vqa_n100k.csv');

const EXPECTED = {
  accuracy: 0.58615,
  accuracy_by_modality: {
    CT: 0.6885059561698645,
    Dermoscopy: 0.4768126346015793,
    Endoscopy: 0.39673258813413587,
    Fundus: 0.4506085479762242,
    MRI: 0.6470167720648886,
    Pathology: 0.5167435331862843,
    Ultrasound: 0.5531040016046535,
    'X-ray': 0.6103344982526211,
  },
  macro_modality: 0.5424823164987814,
  accuracy_by_task: {
    'anatomy identification': 0.6773479551285276,
    'attribute recognition': 0.6255217650566488,
    counting: 0.37869646919196914,
    diagnosis: 0.5755606651337932,
    'lesion grading': 0.43110367892976587,
    'modality recognition': 0.8197429202651135,
  },
  macro_task: 0.5846622422843031,
  accuracy_by_department: {
    cardiology: 0.6377718200774501,
    dermatology: 0.5909259488193843,
    gastroenterology: 0.6153846153846154,
    oncology: 0.6442948502187815,
    ophthalmology: 0.5886038186157518,
    pathology: 0.5622303352140724,
    radiology: 0.5446318623099172,
  },
  macro_department: 0.5976918929485676,
} as const;

type Rows = {
  modality: string[];
  task: string[];
  department: string[];
  nOptions: number[];
  answer: string[];
  prediction: string[];
};
let rows: Rows;

beforeAll(() => {
  if (!existsSync(CSV)) {
    throw new Error(
      `peer data missing: ${CSV} not found. Run \`bash tools/peers-data.sh\` (or set PEERS_DATA_DIR).`,
    );
  }
  const lines = readFileSync(CSV, 'utf8').split('\n');
  expect(lines[0]).toBe('question_id,modality,task,department,n_options,answer,prediction');
  rows = { modality: [], task: [], department: [], nOptions: [], answer: [], prediction: [] };
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    // No field holds a comma or quote (README §4.2); the prediction may be empty and is not trimmed.
    const [
      ,
      modality = '',
      task = '',
      department = '',
      nOptions = '',
      answer = '',
      prediction = '',
    ] = line.split(',');
    rows.modality.push(modality);
    rows.task.push(task);
    rows.department.push(department);
    rows.nOptions.push(Number(nOptions));
    rows.answer.push(answer);
    rows.prediction.push(prediction);
  }
});

const asObject = (d: DimensionAccuracy | undefined) =>
  Object.fromEntries([...(d?.byCategory ?? [])].map(([k, v]) => [k, v.accuracy]));

describe('VQA parity with peer_vqa.py on vqa_n100k.csv', () => {
  it('matches overall, per-category and macro accuracy exactly', () => {
    expect(rows.answer).toHaveLength(100_000);
    const correct = Uint8Array.from(rows.answer, (a, i) => Number(rows.prediction[i] === a));
    const result = groupedAccuracy(correct, [rows.modality, rows.task, rows.department]);
    const [modality, task, department] = result.dimensions;
    expect(result.overall.correct).toBe(58_615);
    expect(result.overall.accuracy).toBe(EXPECTED.accuracy);
    expect(asObject(modality)).toEqual(EXPECTED.accuracy_by_modality);
    expect(asObject(task)).toEqual(EXPECTED.accuracy_by_task);
    expect(asObject(department)).toEqual(EXPECTED.accuracy_by_department);
    expect(modality?.macroAccuracy).toBe(EXPECTED.macro_modality);
    expect(task?.macroAccuracy).toBe(EXPECTED.macro_task);
    expect(department?.macroAccuracy).toBe(EXPECTED.macro_department);
  });

  it('gives the same correct count through letter extraction, with empty and invalid answers as failures', () => {
    const options = rows.nOptions.map((n) =>
      Array.from({ length: n }, (_, i) => `option ${i + 1}`),
    );
    const graded = gradeChoices(rows.prediction, options, rows.answer);
    expect(graded.correct.reduce((s, v) => s + v, 0)).toBe(58_615);
    expect(graded.failures.empty).toBe(972);
    const invalid = rows.prediction.filter((p) => p === 'Z').length;
    expect(graded.failures['out-of-range']).toBe(invalid);
    expect(graded.failureCount).toBe(972 + invalid);
  });
});
