// ReXrank (report generation: 4 test sets × 2 sections × 8 metrics) and ReXVQA (overall + 5
// categories), all reported results, from rexrank_all_long.csv — repaired and verified cell by
// cell against the raw ReXrank CSVs it was derived from:
// - the ReXGradient rows have an unquoted comma in the dataset name ("ReXGradient private test
//   (GradientHealth, via ReXrank)"), which shifts split/section one column right; the two halves
//   are joined again and the section is checked against the raw file it came from;
// - UniRG-CXR has no 1/FineRadScore in the raw files (the cell is absent, or "0" in
//   findings_result_chexpertplus.csv, impossible for an inverse score): no row is written, so
//   the board shows it missing, not zero;
// - `rank_on_site` is list order on the site, not a rank: it is dropped.
// ReXGroundingCT and ReX-MLE rows are not part of the catalog.
// Run: npx tsx tools/catalog/convert-rexrank.ts [--source ../shared/data]
import path from 'node:path';
import {
  catalogDir,
  publishedNumber,
  readSourceCsv,
  sourceDataDir,
  writeReportedCsv,
  type ReportedRow,
  type SourceRow,
} from './catalog-files.js';

/** ReXrank's published metric names → the ReXrank board's reported-metric keys (benchmark.yaml). */
export const REXRANK_METRICS: Record<string, string> = {
  BLEU: 'bleu',
  BertScore: 'bertscore',
  SembScore: 'sembscore',
  RadGraph: 'radgraph',
  '1/RadCliQ-v1': 'radcliq_v1_inverse',
  RaTEScore: 'ratescore',
  GREEN: 'green',
  '1/FineRadScore': 'fineradscore_inverse',
};

const TEST_SETS: Record<string, { slug: string; raw: string }> = {
  'MIMIC-CXR (ReXrank test)': { slug: 'mimic-cxr', raw: 'mimiccxr' },
  'IU X-ray (ReXrank test, 590 studies)': { slug: 'iu-xray', raw: 'iu_xray' },
  'CheXpert Plus (ReXrank valid split, 200 studies)': {
    slug: 'chexpert-plus',
    raw: 'chexpertplus',
  },
  'ReXGradient private test (GradientHealth, via ReXrank)': {
    slug: 'rexgradient',
    raw: 'gradienthealth',
  },
};

const SECTIONS: Record<string, { track: string; rawPrefix: string; label: string }> = {
  findings_only: { track: 'findings', rawPrefix: 'findings_result_', label: 'findings' },
  findings_plus_impression: {
    track: 'findings-impression',
    rawPrefix: 'result_',
    label: 'findings + impression',
  },
};

/** ReXVQA's five task categories, as published; the overall accuracy has no dimension. */
const REXVQA_CATEGORIES = [
  'Differential Diagnosis',
  'Geometric Information Assessment',
  'Location and Distribution Assessment',
  'Negation Assessment',
  'Presence Assessment',
];

const REXRANK_SOURCE = 'https://rexrank.ai/';
const REXVQA_SOURCE = 'https://rexrank.ai/ReXVQA/index.html';
const REPORT_BOARD = 'ReXrank report generation';
const VQA_BOARD = 'ReXVQA leaderboard';

export async function convertRexrank(
  source: string,
  out = { rexrank: catalogDir('rexrank'), rexvqa: catalogDir('rexvqa') },
) {
  const dir = path.join(source, 'rexrank-leaderboard');
  const long = await readSourceCsv(path.join(dir, 'rexrank_all_long.csv'), {
    repair: (fields, header) =>
      fields.length === header.length + 1 && fields[4]!.startsWith('ReXGradient private test (')
        ? [...fields.slice(0, 4), `${fields[4]},${fields[5]}`, ...fields.slice(6)]
        : null,
  });
  const raw = new RawCells(dir);

  const reports: ReportedRow[] = [];
  const vqa: ReportedRow[] = [];
  for (const row of long.rows) {
    const where = `rexrank_all_long.csv line ${row.line}`;
    const board = row.get('board');
    if (!isPublished(row.get('metric'), row.get('value'))) continue;
    if (board.startsWith(REPORT_BOARD)) reports.push(await reportRow(row, raw, where));
    else if (board.startsWith(VQA_BOARD)) vqa.push(await vqaRow(row, raw, where));
  }
  // Every published cell of the raw files must have arrived (and none twice).
  const expectedReports = await raw.reportCellCount(
    Object.values(TEST_SETS),
    Object.values(SECTIONS),
  );
  if (reports.length !== expectedReports) {
    throw new Error(
      `report rows: ${reports.length} converted, ${expectedReports} cells in the raw files`,
    );
  }
  const expectedVqa = await raw.cellCount('vqa_results.csv', 'Overall Accuracy', REXVQA_CATEGORIES);
  if (vqa.length !== expectedVqa) {
    throw new Error(
      `ReXVQA rows: ${vqa.length} converted, ${expectedVqa} cells in vqa_results.csv`,
    );
  }
  assertUnique(reports, (r) => `${r.track}|${r.test_set}|${r.model}|${r.metric}`);
  assertUnique(vqa, (r) => `${r.model}|${r.dimension}|${r.category}`);
  writeReportedCsv(path.join(out.rexrank, 'reported.csv'), reports);
  writeReportedCsv(path.join(out.rexvqa, 'reported.csv'), vqa);
}

async function reportRow(row: SourceRow, raw: RawCells, where: string): Promise<ReportedRow> {
  const testSet = TEST_SETS[row.get('dataset')];
  const section = SECTIONS[row.get('section')];
  const metric = REXRANK_METRICS[row.get('metric')];
  if (!testSet || !section || !metric) {
    throw new Error(`${where}: unknown dataset, section or metric "${row.fields.join(',')}"`);
  }
  const rawFile = `${section.rawPrefix}${testSet.raw}.csv`;
  if (row.get('source_file') !== rawFile) {
    throw new Error(`${where}: source_file ${row.get('source_file')}, expected ${rawFile}`);
  }
  if (row.get('higher_is_better') !== 'yes')
    throw new Error(`${where}: expected higher_is_better yes`);
  const value = publishedNumber(row.get('value'), where);
  await raw.check(rawFile, row.get('model'), row.get('metric'), value, where);
  return {
    model: row.get('model'),
    institution: row.get('institution'),
    date: row.get('date'),
    track: section.track,
    section: section.label,
    test_set: testSet.slug,
    metric,
    value,
    source_link: REXRANK_SOURCE,
    model_url: row.get('model_url'),
  };
}

async function vqaRow(row: SourceRow, raw: RawCells, where: string): Promise<ReportedRow> {
  const category = row.get('section');
  const isOverall = category === 'overall';
  if (!isOverall && !REXVQA_CATEGORIES.includes(category)) {
    throw new Error(`${where}: unknown ReXVQA category "${category}"`);
  }
  const value = publishedNumber(row.get('value'), where);
  const column = isOverall ? 'Overall Accuracy' : category;
  await raw.check('vqa_results.csv', row.get('model'), column, value, where);
  return {
    model: row.get('model'),
    institution: row.get('institution'),
    // vqa_results.csv has no dates; the board was published in 2025 (last change 2025-06-05).
    date: row.get('date') || '2025',
    track: 'vqa',
    test_set: 'test',
    metric: 'vqa_accuracy',
    value,
    dimension: isOverall ? '' : 'category',
    category: isOverall ? '' : category,
    source_link: REXVQA_SOURCE,
    model_url: row.get('model_url'),
  };
}

/** The raw ReXrank CSVs (wide: one row per model, one column per metric), read once each. */
class RawCells {
  private readonly files = new Map<string, Promise<{ header: string[]; rows: SourceRow[] }>>();
  constructor(private readonly dir: string) {}

  private read(file: string) {
    let table = this.files.get(file);
    if (!table) {
      table = readSourceCsv(path.join(this.dir, 'raw', file), {
        // UniRG-CXR's rows end before the last column (1/FineRadScore): pad them as missing.
        repair: (fields, header) => (fields.length === header.length - 1 ? [...fields, ''] : null),
      });
      this.files.set(file, table);
    }
    return table;
  }

  async check(file: string, model: string, column: string, value: string, where: string) {
    const { rows } = await this.read(file);
    const matches = rows.filter((r) => r.get('Model Name') === model);
    if (matches.length !== 1)
      throw new Error(`${where}: ${matches.length} rows for "${model}" in raw/${file}`);
    const published = matches[0]!.get(column).trim();
    if (published === '' || Number(published) !== Number(value)) {
      throw new Error(`${where}: ${model} ${column} = ${value}, raw/${file} says "${published}"`);
    }
  }

  async cellCount(file: string, ...columns: (string | string[])[]) {
    const { rows } = await this.read(file);
    const names = columns.flat();
    return rows.reduce((n, r) => n + names.filter((c) => isPublished(c, r.get(c))).length, 0);
  }

  async reportCellCount(testSets: { raw: string }[], sections: { rawPrefix: string }[]) {
    let total = 0;
    for (const t of testSets) {
      for (const s of sections) {
        total += await this.cellCount(`${s.rawPrefix}${t.raw}.csv`, Object.keys(REXRANK_METRICS));
      }
    }
    return total;
  }
}

/** An empty cell, or 0 for an inverse score ("1/RadCliQ-v1", "1/FineRadScore"), is no result. */
function isPublished(metric: string, value: string): boolean {
  const text = value.trim();
  return text !== '' && !(metric.startsWith('1/') && Number(text) === 0);
}

function assertUnique(rows: ReportedRow[], key: (row: ReportedRow) => string) {
  const seen = new Set<string>();
  for (const row of rows) {
    const k = key(row);
    if (seen.has(k)) throw new Error(`duplicate reported value ${k}`);
    seen.add(k);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await convertRexrank(sourceDataDir());
}
