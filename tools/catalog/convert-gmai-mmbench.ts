// GMAI-MMBench published accuracies (51 rows: 50 LVLMs + the Random baseline) as reported results:
// overall on val and test, and per clinical task, department and perceptual granularity. The
// per-category columns of the page do not name their split; the paper's tables are on the test
// set, so they are attached to the test split (the benchmark description says so).
// Accuracies are published in percent; MedRank's vqa_accuracy is a fraction, so each value is
// divided by 100 as exact decimal text. Every value is checked against the wide tables the long
// file was derived from.
// Run: npx tsx tools/catalog/convert-gmai-mmbench.ts [--source ../shared/data]
import path from 'node:path';
import {
  catalogDir,
  percentToFraction,
  readSourceCsv,
  sourceDataDir,
  writeReportedCsv,
  type ReportedRow,
  type SourceRow,
} from './catalog-files.js';

/**
 * Readable names of the page's abbreviations (GMAI-MMBench paper, Chen et al. 2024), with the
 * abbreviation kept in parentheses. Abbreviations whose expansion we could not confirm stay as
 * published (NH, OM).
 */
const CATEGORY_NAMES: Record<string, Record<string, string>> = {
  clinical_vqa_tasks: {
    AR: 'Attribute recognition (AR)',
    BVR: 'Blood vessel recognition (BVR)',
    B: 'Bone (B)',
    CR: 'Cell recognition (CR)',
    C: 'Counting (C)',
    DD: 'Disease diagnosis (DD)',
    IQG: 'Image quality grading (IQG)',
    MR: 'Microorganism recognition (MR)',
    M: 'Muscle (M)',
    NT: 'Nervous tissue (NT)',
    'OR-A': 'Organ recognition, abdomen (OR-A)',
    'OR-HN': 'Organ recognition, head and neck (OR-HN)',
    'OR-P': 'Organ recognition, pelvis (OR-P)',
    'OR-T': 'Organ recognition, thorax (OR-T)',
    SG: 'Severity grading (SG)',
    SAR: 'Surgeon action recognition (SAR)',
    SIR: 'Surgical instrument recognition (SIR)',
    SWR: 'Surgical workflow recognition (SWR)',
  },
  departments: {
    CS: 'Cardiovascular surgery (CS)',
    D: 'Dermatology (D)',
    E: 'Endocrinology (E)',
    GH: 'Gastroenterology and hepatology (GH)',
    GS: 'General surgery (GS)',
    H: 'Hematology (H)',
    ID: 'Infectious diseases (ID)',
    LMP: 'Laboratory medicine and pathology (LMP)',
    NH: 'NH',
    N: 'Neurosurgery (N)',
    OG: 'Obstetrics and gynecology (OG)',
    OM: 'OM',
    O: 'Ophthalmology (O)',
    OS: 'Orthopedic surgery (OS)',
    'ENT/HNS': 'Otolaryngology / head and neck surgery (ENT/HNS)',
    PM: 'Pulmonary medicine (PM)',
    SM: 'Sports medicine (SM)',
    U: 'Urology (U)',
  },
  perceptual_granularities: {
    'Seg C': 'Segmentation, contour level (Seg C)',
    'Seg M': 'Segmentation, mask level (Seg M)',
    // The page's column header reads "2D Cls update"; "update" is a page annotation.
    '2D Cls update': '2D classification, image level (2D Cls)',
    '2D Det': '2D detection, box level (2D Det)',
    '2D Mcls_acc': '2D multi-label classification, accuracy (2D Mcls_acc)',
    // Published in this column: a recall, not an accuracy (kept beside the others as the page has it).
    '2D Mcls_recall': '2D multi-label classification, recall (2D Mcls_recall)',
  },
};

const DIMENSIONS: Record<string, string> = {
  clinical_vqa_tasks: 'clinical_task',
  departments: 'department',
  perceptual_granularities: 'perceptual_granularity',
};

const WIDE_FILES: Record<string, string> = {
  clinical_vqa_tasks: 'clinical_vqa_tasks_wide.csv',
  departments: 'departments_wide.csv',
  perceptual_granularities: 'perceptual_granularities_wide.csv',
};

const SOURCE_LINK = 'https://uni-medical.github.io/GMAI-MMBench.github.io/';

const OPEN_WEIGHTS: Record<string, string> = {
  'Open-Source LVLMs': 'true',
  'Proprietary LVLMs': 'false',
};

export async function convertGmaiMmbench(source: string, out = catalogDir('gmai-mmbench')) {
  const dir = path.join(source, 'gmai-mmbench-leaderboard');
  const long = await readSourceCsv(path.join(dir, 'gmai_mmbench_long.csv'));
  const wide = new Map<string, SourceRow[]>();
  for (const [table, file] of Object.entries(WIDE_FILES)) {
    wide.set(table, (await readSourceCsv(path.join(dir, file))).rows);
  }
  const published = (table: string, model: string, column: string, where: string) => {
    const rows = wide.get(table)!.filter((r) => r.get('Model name') === model);
    if (rows.length !== 1)
      throw new Error(`${where}: ${rows.length} rows for "${model}" in ${WIDE_FILES[table]}`);
    return rows[0]!.get(column).trim();
  };

  const rows: ReportedRow[] = [];
  for (const row of long.rows) {
    const where = `gmai_mmbench_long.csv line ${row.line}`;
    const table = row.get('table');
    const subset = row.get('subset');
    const split = row.get('split');
    const model = row.get('model');
    if (row.get('metric') !== 'accuracy_pct')
      throw new Error(`${where}: metric is not accuracy_pct`);
    const isOverall = subset === 'overall';
    if (
      isOverall !== (split === 'val' || split === 'test') ||
      (!isOverall && split !== 'unspecified')
    ) {
      throw new Error(`${where}: subset ${subset} with split ${split}`);
    }
    const column = isOverall ? `Overall (${split})` : subset;
    const value = row.get('value').trim();
    if (published(table, model, column, where) !== value) {
      throw new Error(`${where}: ${model} ${column} = ${value}, ${WIDE_FILES[table]} differs`);
    }
    if (isOverall && table !== 'clinical_vqa_tasks') {
      // Tables 1 and 2 repeat the same overall numbers; table 3's differ slightly for some models
      // (e.g. Random 25.88 vs 25.94). The board shows tables 1–2's, as the paper's main table does.
      if (
        table === 'departments' &&
        published('clinical_vqa_tasks', model, column, where) !== value
      ) {
        throw new Error(`${where}: departments' overall differs from the clinical tasks' table`);
      }
      continue;
    }
    const category = isOverall ? '' : CATEGORY_NAMES[table]?.[subset];
    if (category === undefined)
      throw new Error(`${where}: no readable name for ${table} "${subset}"`);
    const size = row.get('size').trim();
    const group = row.get('model_group');
    rows.push({
      model,
      date: '2024',
      track: 'vqa',
      test_set: isOverall ? split : 'test',
      metric: 'vqa_accuracy',
      value: percentToFraction(value, where),
      dimension: isOverall ? '' : DIMENSIONS[table]!,
      category,
      source_link: SOURCE_LINK,
      model_group: group,
      parameters: size === '-' ? '' : size,
      open_weights: OPEN_WEIGHTS[group] ?? '',
      baseline: model === 'Random' ? 'random' : '',
    });
  }
  const models = new Set(rows.map((r) => r.model));
  if (models.size !== 51) throw new Error(`expected 51 models, found ${models.size}`);
  // 51 × (val + test overall) + 51 × (18 tasks + 18 departments + 6 granularities)
  if (rows.length !== 51 * 44) throw new Error(`expected ${51 * 44} values, found ${rows.length}`);
  writeReportedCsv(path.join(out, 'reported.csv'), rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await convertGmaiMmbench(sourceDataDir());
}
