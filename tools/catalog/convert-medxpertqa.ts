// MedXpertQA MM (2,000 questions): multiple-choice ground truth (answer letter + the five option
// texts) with public categories medical_task, body_system and question_type. Question texts and
// images stay with the source (participants take them from the MedXpertQA release).
// Run: npx tsx tools/catalog/convert-medxpertqa.ts [--source ../shared/data]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogDir, sourceDataDir, writeJsonl } from './catalog-files.js';

interface SourceQuestion {
  id: string;
  options: { letter: string; content: string }[];
  label: string[];
  medical_task: string;
  body_system: string;
  question_type: string;
}

export function convertMedXpertQa(source: string, out = catalogDir('medxpertqa-mm')) {
  const file = path.join(source, 'medxpertqa-mm/medxpertqa_mm_test.jsonl');
  const lines = readFileSync(file, 'utf8').split('\n');
  const records = lines.flatMap((text, i) => {
    if (text.trim() === '') return [];
    const where = `medxpertqa_mm_test.jsonl line ${i + 1}`;
    const q = JSON.parse(text) as SourceQuestion;
    const letters = q.options.map((o) => o.letter).join('');
    if (letters !== 'ABCDE')
      throw new Error(`${where}: options are lettered "${letters}", expected ABCDE`);
    const [answer, ...more] = q.label;
    if (!answer || more.length > 0 || !letters.includes(answer)) {
      throw new Error(`${where}: label ${JSON.stringify(q.label)} is not one option letter`);
    }
    for (const field of ['medical_task', 'body_system', 'question_type'] as const) {
      if (typeof q[field] !== 'string' || q[field] === '') throw new Error(`${where}: no ${field}`);
    }
    return [
      {
        id: q.id,
        answer,
        options: q.options.map((o) => o.content),
        categories: {
          medical_task: q.medical_task,
          body_system: q.body_system,
          question_type: q.question_type,
        },
      },
    ];
  });
  if (records.length !== 2000) throw new Error(`expected 2,000 questions, found ${records.length}`);
  writeJsonl(path.join(out, 'ground-truth.mm.test.jsonl'), records);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  convertMedXpertQa(sourceDataDir());
}
