// BreastMNIST: the hidden test labels (classification ground-truth CSV, `case_id,label` with class
// names) and MedMNIST v2's published BreastMNIST rows as reported results (AUC → roc_auc,
// ACC → accuracy: the columns MedRank computes for verified entries). The `model` track (ONNX model
// runs, docs/model-submissions.md) scores the same 156 cases: its ground truth is the same file,
// and its hidden inputs' manifest (inputs.model.test.csv) names row <i> of the npz's test_images
// per case; the seed cuts those rows out of breastmnist/breastmnist_test_only.npz
// (inputs-source.txt), so no image is copied into the repository.
// Run: npx tsx tools/catalog/convert-breastmnist.ts [--source ../shared/data]
import path from 'node:path';
import {
  catalogDir,
  publishedNumber,
  readSourceCsv,
  sourceDataDir,
  writeCsv,
  writeReportedCsv,
  type ReportedRow,
} from './catalog-files.js';

const CLASSES = ['malignant', 'normal_or_benign'] as const;
const METRIC_KEYS: Record<string, string> = { AUC: 'roc_auc', ACC: 'accuracy' };
const SOURCE_LINK = 'https://medmnist.com/';

export async function convertBreastMnist(source: string, out = catalogDir('breastmnist')) {
  const labels = await readSourceCsv(path.join(source, 'breastmnist/breastmnist_test_labels.csv'));
  const truth = labels.rows.map((row) => {
    const where = `breastmnist_test_labels.csv line ${row.line}`;
    const index = Number(row.get('label'));
    const name = CLASSES[index];
    if (!name || row.get('label_name') !== name) {
      throw new Error(
        `${where}: label ${row.get('label')} / ${row.get('label_name')} is not a known class`,
      );
    }
    return [row.get('index'), name];
  });
  writeCsv(path.join(out, 'ground-truth.classification.test.csv'), ['case_id', 'label'], truth);
  writeCsv(path.join(out, 'ground-truth.model.test.csv'), ['case_id', 'label'], truth);
  writeCsv(
    path.join(out, 'inputs.model.test.csv'),
    ['case_id', 'file'],
    truth.map(([id]) => [id!, `test_images/${id}.npy`]),
  );

  const table = await readSourceCsv(
    path.join(source, 'medmnist-v2-benchmark/medmnist_v2_benchmark_long.csv'),
  );
  const reported: ReportedRow[] = table.rows
    .filter((row) => row.get('dataset') === 'BreastMNIST')
    .map((row) => {
      const where = `medmnist_v2_benchmark_long.csv line ${row.line}`;
      const metric = METRIC_KEYS[row.get('metric')];
      if (!metric || row.get('split') !== 'test') {
        throw new Error(`${where}: expected split test and metric AUC|ACC`);
      }
      return {
        model: row.get('model'),
        date: '2023',
        track: 'classification',
        test_set: 'test',
        metric,
        value: publishedNumber(row.get('value'), where),
        source_link: SOURCE_LINK,
      };
    });
  if (reported.length !== 14) {
    throw new Error(`expected 7 methods × 2 metrics of BreastMNIST, found ${reported.length} rows`);
  }
  writeReportedCsv(path.join(out, 'reported.csv'), reported);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await convertBreastMnist(sourceDataDir());
}
