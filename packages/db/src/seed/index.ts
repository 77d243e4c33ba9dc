import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../client.js';
import { replaceForTestSet } from '../repositories/ground-truth.js';

/**
 * Seeds the demo catalog shipped in data/. Idempotent: benchmarks are upserted by slug, and
 * ground truth is only (re)written when the case count differs from the shipped file. Needs a
 * client on a role that can write the `hidden` schema (the owner or the worker role).
 */
export async function seedDemoCatalog(
  db: Database,
  { dataDir }: { dataDir: string },
): Promise<string[]> {
  await seedBreastMnist(db, path.join(dataDir, 'breastmnist'));
  return ['breastmnist'];
}

const BREASTMNIST_CLASSES = ['malignant', 'normal_or_benign'];

async function seedBreastMnist(db: Database, dir: string): Promise<void> {
  const rows = readFileSync(path.join(dir, 'breastmnist_test_labels.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1);
  const cases = rows.map((line, index) => {
    const [caseId, label] = line.split(',');
    const classIndex = Number(label);
    if (!caseId || !(classIndex === 0 || classIndex === 1)) {
      throw new Error(
        `breastmnist_test_labels.csv line ${index + 2}: expected "index,label(0|1),name", found "${line}"`,
      );
    }
    return { caseId, truth: { label: BREASTMNIST_CLASSES[classIndex] } };
  });

  const benchmark = await db.benchmark.upsert({
    where: { slug: 'breastmnist' },
    update: {},
    create: {
      slug: 'breastmnist',
      title: 'BreastMNIST',
      summary:
        'Breast ultrasound classification, malignant vs normal or benign (MedMNIST v2, 28×28).',
      description:
        'Binary classification of 28×28 breast ultrasound images from MedMNIST v2, derived from the BUSI dataset. ' +
        'The 156 images of the official test split are scored; their labels are hidden from participants on this ' +
        'platform (they are public elsewhere, so this board demonstrates the pipeline rather than a contamination-free ranking).\n\n' +
        'Submit one row per test case: `case_id,p_malignant,p_normal_or_benign` (probabilities summing to 1) or ' +
        '`case_id,label`. AUROC uses the probability of `normal_or_benign` (label 1), as MedMNIST reports it.',
      taskType: 'classification',
      modality: 'Ultrasound',
      bodyRegion: 'Breast',
      license: 'CC BY 4.0',
      citation:
        'Yang, J. et al. MedMNIST v2 — A large-scale lightweight benchmark for 2D and 3D biomedical image classification. Sci Data 10, 41 (2023). ' +
        'Al-Dhabyani, W. et al. Dataset of breast ultrasound images. Data in Brief 28, 104863 (2020).',
      paperUrl: 'https://doi.org/10.1038/s41597-022-01721-8',
      dataUrl: 'https://medmnist.com/',
      status: 'PUBLISHED',
    },
  });
  const track = await db.track.upsert({
    where: { benchmarkId_slug: { benchmarkId: benchmark.id, slug: 'classification' } },
    update: {},
    create: {
      benchmarkId: benchmark.id,
      slug: 'classification',
      name: 'Malignant vs normal/benign',
      taskType: 'classification',
      taskConfig: { classes: BREASTMNIST_CLASSES, positiveClass: 'normal_or_benign' },
      metrics: ['roc_auc', 'accuracy'],
      primaryMetric: 'roc_auc',
    },
  });
  const testSet = await db.testSet.upsert({
    where: { trackId_slug: { trackId: track.id, slug: 'test' } },
    update: {},
    create: {
      trackId: track.id,
      slug: 'test',
      name: 'Official test split',
      visibility: 'PUBLIC',
      bootstrapSeed: 20240611,
    },
  });
  if (testSet.caseCount !== cases.length) await replaceForTestSet(db, testSet.id, cases);
  const phases = await db.phase.count({ where: { benchmarkId: benchmark.id } });
  if (phases === 0) {
    await db.phase.create({
      data: {
        benchmarkId: benchmark.id,
        name: 'Open',
        opensAt: new Date('2024-01-01T00:00:00Z'),
        dailyQuota: 20,
      },
    });
  }
}
