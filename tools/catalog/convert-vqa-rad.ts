// VQA-RAD test split (451 questions): closed questions → multiple-choice ground truth, open
// questions → open-VQA ground truth, each with public categories organ and question_type.
// No images are copied: scoring needs only the answers. The questions (with their options) and
// the image each one asks about become the public inputs' manifests, inputs.<track>.test.csv
// (`case_id,file,question[,options]`, file = images/<image_name>); the seed zips them with the 203
// images of ../shared/data/vqa-rad-test/images (inputs-source.txt names that folder).
// Run: npx tsx tools/catalog/convert-vqa-rad.ts [--source ../shared/data]
import path from 'node:path';
import { catalogDir, readSourceCsv, sourceDataDir, writeCsv, writeJsonl } from './catalog-files.js';

const ORGANS: Record<string, string> = { HEAD: 'Head', CHEST: 'Chest', ABD: 'Abdomen' };

/** VQA-RAD's question-type codes (Lau et al. 2018, Table 2). */
const QUESTION_TYPES: Record<string, string> = {
  PRES: 'Presence',
  POS: 'Position',
  ABN: 'Abnormality',
  SIZE: 'Size',
  MODALITY: 'Modality',
  PLANE: 'Plane',
  OTHER: 'Other',
  ATTRIB: 'Attribute',
  ORGAN: 'Organ system',
  COUNT: 'Counting',
  COLOR: 'Color',
};

/**
 * Closed questions whose answer is not yes/no name their alternatives in the question ("Is this
 * an MRI or a CT scan?"); these are the options, in the question's order. `answer` is the option
 * the published answer means (checked below against the source, e.g. "Right side" → "right").
 */
const NAMED_ALTERNATIVES: Record<string, { options: string[]; answer: string }> = {
  '243': { options: ['multiple', 'one'], answer: 'one' },
  '454': { options: ['right', 'left'], answer: 'left' },
  '456': { options: ['smaller', 'larger'], answer: 'smaller' },
  '555': { options: ['supratentorial', 'infratentorial'], answer: 'supratentorial' },
  '819': { options: ['MRI', 'CT'], answer: 'MRI' },
  '874': { options: ['left', 'right'], answer: 'left' },
  '982': { options: ['female', 'male'], answer: 'female' },
  '1121': { options: ['male', 'female'], answer: 'female' },
  '1206': { options: ['left', 'right'], answer: 'right' },
  '1610': { options: ['cystic', 'solid'], answer: 'cystic' },
  '1643': { options: ['normal', 'abnormal'], answer: 'abnormal' },
  '1724': { options: ['left', 'right'], answer: 'right' },
  '1747': { options: ['left', 'right', 'both'], answer: 'both' },
  '1748': { options: ['bilateral', 'unilateral'], answer: 'bilateral' },
  '1839': { options: ['axial', 'sagittal'], answer: 'axial' },
  '1865': { options: ['T1 weighted', 'T2 weighted', 'FLAIR'], answer: 'FLAIR' },
  '1874': { options: ['hypoinflation', 'hyperinflation'], answer: 'hyperinflation' },
  '1878': { options: ['normal', 'abnormal'], answer: 'abnormal' },
  '1879': { options: ['normal', 'abnormal'], answer: 'abnormal' },
  '1921': { options: ['CT', 'MRI'], answer: 'MRI' },
  '1922': { options: ['CT', 'MRI'], answer: 'MRI' },
};

export async function convertVqaRad(source: string, out = catalogDir('vqa-rad')) {
  const table = await readSourceCsv(path.join(source, 'vqa-rad-test/vqa_rad_test.csv'));
  const closed: unknown[] = [];
  const open: unknown[] = [];
  const closedInputs: string[][] = [];
  const openInputs: string[][] = [];
  const usedAlternatives = new Set<string>();
  for (const row of table.rows) {
    const where = `vqa_rad_test.csv line ${row.line} (qid ${row.get('qid')})`;
    const id = row.get('qid').trim();
    const organ = ORGANS[row.get('image_organ')];
    if (!organ) throw new Error(`${where}: unknown organ "${row.get('image_organ')}"`);
    const categories = { organ, question_type: questionType(row.get('question_type'), where) };
    const answer = row.get('answer').trim();
    if (answer === '') throw new Error(`${where}: empty answer`);
    const image = row.get('image_name').trim();
    if (!/^[\w.-]+\.(jpg|jpeg|png)$/i.test(image))
      throw new Error(`${where}: image_name "${image}" is not an image file name`);
    const question = row.get('question').trim();
    if (row.get('answer_type') === 'OPEN') {
      open.push({ id, answer, categories });
      openInputs.push([id, `images/${image}`, question]);
      continue;
    }
    if (row.get('answer_type') !== 'CLOSED') {
      throw new Error(
        `${where}: answer_type "${row.get('answer_type')}" is neither OPEN nor CLOSED`,
      );
    }
    const yesNo = ['yes', 'no'].indexOf(answer.toLowerCase());
    if (yesNo !== -1) {
      closed.push({ id, answer: 'AB'[yesNo], options: ['yes', 'no'], categories });
      closedInputs.push([id, `images/${image}`, question, 'yes|no']);
      continue;
    }
    const named = NAMED_ALTERNATIVES[id];
    const index = named?.options.indexOf(named.answer) ?? -1;
    if (!named || index === -1 || !answer.toLowerCase().startsWith(named.answer.toLowerCase())) {
      throw new Error(`${where}: closed answer "${answer}" has no option table entry`);
    }
    usedAlternatives.add(id);
    closed.push({
      id,
      answer: String.fromCharCode(65 + index),
      options: named.options,
      categories,
    });
    closedInputs.push([id, `images/${image}`, question, named.options.join('|')]);
  }
  const unused = Object.keys(NAMED_ALTERNATIVES).filter((id) => !usedAlternatives.has(id));
  if (unused.length > 0)
    throw new Error(`option table entries not in the source: ${unused.join(', ')}`);
  if (closed.length !== 272 || open.length !== 179) {
    throw new Error(
      `expected 272 closed and 179 open questions, found ${closed.length} and ${open.length}`,
    );
  }
  writeJsonl(path.join(out, 'ground-truth.closed.test.jsonl'), closed);
  writeJsonl(path.join(out, 'ground-truth.open.test.jsonl'), open);
  // Public inputs: the question, its options (A, B… in this order) and the image it asks about.
  writeCsv(
    path.join(out, 'inputs.closed.test.csv'),
    ['case_id', 'file', 'question', 'options'],
    closedInputs,
  );
  writeCsv(path.join(out, 'inputs.open.test.csv'), ['case_id', 'file', 'question'], openInputs);
}

/** "PRES, POS" → "Position + Presence": combined types in one order, so "POS, PRES" is the same category. */
function questionType(codes: string, where: string): string {
  const names = codes.split(',').map((code) => {
    const name = QUESTION_TYPES[code.trim()];
    if (!name) throw new Error(`${where}: unknown question type "${code.trim()}"`);
    return name;
  });
  return [...new Set(names)].sort().join(' + ');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await convertVqaRad(sourceDataDir());
}
