// The seeded catalog against a database of its own (`medrank_catalog_test`, recreated and migrated
// here): idempotence, the boards' numbers against the SOURCE files in ../shared/data (read
// independently of the converters), hidden answers kept out of every public table, and the
// seed's behaviour when a catalog file changes or is broken.
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDisclosurePartition, type DisclosurePartition } from '@medrank/core';
import { createDatabase, type Database } from '@medrank/db';
import { testDatabaseName, testDatabaseUrls, testPostgresServer } from '@medrank/db/testing';
import { IssueCollector, readCsvRecords, readZipEntries } from '@medrank/formats';
import { parseNpy } from '@medrank/model-runner';
import { breastMnistTestSet } from '@medrank/model-runner/testing';
import { seedCatalog } from './index.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const DATA_DIR = path.join(REPO_ROOT, 'data');
// The shared source data sits beside the clone (../shared/data), as in CI; SHARED_DATA_DIR overrides.
const SOURCE_DIR = process.env.SHARED_DATA_DIR ?? path.resolve(REPO_ROOT, '../shared/data');
// Beside the integration database of this checkout (MEDRANK_TEST_DATABASE), so parallel checkouts
// on one server do not drop each other's catalog database.
const DATABASE = `${testDatabaseName()}_catalog`;
const urls = testDatabaseUrls(DATABASE);
// The seed's blob store for public test inputs: a folder of files with random keys, as the
// FileBlobStore of the web and worker writes them (the curation package does not import it).
const BLOB_DIR = mkdtempSync(path.join(os.tmpdir(), 'medrank-catalog-blobs-'));
const seedBlobs = {
  async put(source: AsyncIterable<Uint8Array>, opts: { keyPrefix: string; extension: string }) {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(Buffer.from(chunk));
    const bytes = Buffer.concat(chunks);
    const key = `${opts.keyPrefix}/${randomUUID()}.${opts.extension}`;
    mkdirSync(path.dirname(path.join(BLOB_DIR, key)), { recursive: true });
    writeFileSync(path.join(BLOB_DIR, key), bytes);
    return { key, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  },
};
const seedOptions = { dataDir: DATA_DIR, blobs: seedBlobs, sharedDataDir: SOURCE_DIR };

/** A source CSV as objects by header name (no width check: ReXrank's raw rows may be short). */
async function readSourceCsv(relative: string): Promise<Record<string, string>[]> {
  const file = path.join(SOURCE_DIR, relative);
  if (!existsSync(file)) {
    throw new Error(
      `source data missing: ${file} not found. The catalog tests read ../shared/data beside the clone (set SHARED_DATA_DIR to override).`,
    );
  }
  let header: string[] | null = null;
  const rows: Record<string, string>[] = [];
  for await (const { fields } of readCsvRecords(file)) {
    if (!header) header = fields;
    else rows.push(Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])));
  }
  return rows;
}

async function tableCounts(db: Database): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ schema: string; name: string }[]>`
    SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
    WHERE table_schema IN ('public', 'hidden') AND table_type = 'BASE TABLE'
      AND table_name <> '_prisma_migrations'
    ORDER BY 1, 2`;
  const counts: Record<string, number> = {};
  for (const { schema, name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${schema}"."${name}"`,
    );
    counts[`${schema}.${name}`] = Number(row!.n);
  }
  return counts;
}

async function reportedValue(
  db: Database,
  where: {
    slug: string;
    track: string;
    testSet: string;
    model: string;
    metric: string;
    dimension?: string;
    category?: string;
  },
): Promise<number | null> {
  const score = await db.reportedScore.findFirst({
    where: {
      metric: where.metric,
      dimension: where.dimension ?? '',
      category: where.category ?? '',
      entry: {
        modelName: where.model,
        benchmark: { slug: where.slug },
        track: { slug: where.track },
        testSet: { slug: where.testSet },
      },
    },
    select: { value: true },
  });
  return score?.value ?? null;
}

function migrate(): void {
  const result = spawnSync('npx', ['tsx', 'tools/migrate/src/migrate.ts', 'deploy'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...urls },
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`migrating ${DATABASE} failed:\n${result.stdout}\n${result.stderr}`);
}

describe('seedCatalog', () => {
  let db: Database;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: testPostgresServer() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
    migrate();
    db = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
    await seedCatalog(db, seedOptions);
  }, 180_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  it('publishes every catalog benchmark, with an open phase where it has hidden truth', async () => {
    const benchmarks = await db.benchmark.findMany({
      orderBy: { slug: 'asc' },
      select: { slug: true, status: true, _count: { select: { phases: true } } },
    });
    expect(benchmarks.map((b) => [b.slug, b.status, b._count.phases])).toEqual([
      ['breastmnist', 'PUBLISHED', 1],
      ['gmai-mmbench', 'PUBLISHED', 0],
      ['medxpertqa-mm', 'PUBLISHED', 1],
      ['rexrank', 'PUBLISHED', 0],
      ['rexvqa', 'PUBLISHED', 0],
      ['vqa-rad', 'PUBLISHED', 1],
    ]);
  });

  it('changes nothing when run again: identical row counts in every table, nothing rewritten', async () => {
    const before = await tableCounts(db);
    const startedAt = Date.now();
    const second = await seedCatalog(db, seedOptions);
    const elapsedMs = Date.now() - startedAt;
    expect(await tableCounts(db)).toEqual(before);
    for (const b of second) {
      expect(b, b.slug).toMatchObject({ created: false, definitionChanges: [], published: false });
      expect(b.groundTruth.every((g) => g.status === 'unchanged')).toBe(true);
      if (b.reported) expect(b.reported.status).toBe('unchanged');
      expect(b.inputs.every((i) => i.status === 'unchanged')).toBe(true);
    }
    // BreastMNIST's 156 cases twice: its upload track and its model track.
    expect(before['hidden.ground_truth']).toBe(156 * 2 + 272 + 179 + 2000);
    // Part of every quick start: a re-run is a handful of queries per benchmark.
    expect(elapsedMs).toBeLessThan(15_000);
  });

  it('seeds VQA-RAD’s questions and its 203 images as the public inputs of both test sets', async () => {
    const source = await readSourceCsv('vqa-rad-test/vqa_rad_test.csv');
    const uploads = await db.testInputsUpload.findMany({
      where: { status: 'APPLIED', testSet: { track: { benchmark: { slug: 'vqa-rad' } } } },
      include: { testSet: { select: { inputs: true, track: { select: { slug: true } } } } },
    });
    expect(uploads.map((u) => [u.testSet.track.slug, u.testSet.inputs]).sort()).toEqual([
      ['closed', 'PUBLIC'],
      ['open', 'PUBLIC'],
    ]);
    const images = new Set<string>();
    for (const upload of uploads) {
      const zip = readFileSync(path.join(BLOB_DIR, upload.blobKey));
      expect(createHash('sha256').update(zip).digest('hex')).toBe(upload.sha256);
      const entries = new Map<string, Buffer>();
      for await (const e of readZipEntries(zip, { issues: new IssueCollector(5) }))
        entries.set(e.name, e.bytes);
      const manifest = entries.get('manifest.csv')!.toString();
      const rows = manifest.trim().split('\n').slice(1);
      const track = upload.testSet.track.slug;
      const questions = source.filter(
        (r) => r.answer_type === (track === 'open' ? 'OPEN' : 'CLOSED'),
      );
      expect(rows).toHaveLength(questions.length);
      // Every question's image is in the zip, byte for byte the source image.
      for (const q of questions) {
        const image = entries.get(`images/${q.image_name}`);
        expect(image, q.image_name).toBeDefined();
        expect(
          image!.equals(readFileSync(path.join(SOURCE_DIR, 'vqa-rad-test/images', q.image_name!))),
        ).toBe(true);
        images.add(q.image_name!);
      }
      expect(entries.size).toBe(1 + new Set(questions.map((q) => q.image_name)).size);
    }
    expect(images.size).toBe(203);
  });

  it('seeds BreastMNIST’s 156 test images as the hidden inputs of its model track, one NPY per case', async () => {
    const uploads = await db.testInputsUpload.findMany({
      where: { status: 'APPLIED', testSet: { track: { benchmark: { slug: 'breastmnist' } } } },
      include: { testSet: { select: { inputs: true, track: { select: { slug: true } } } } },
    });
    expect(uploads.map((u) => [u.testSet.track.slug, u.testSet.inputs])).toEqual([
      ['model', 'HIDDEN'],
    ]);
    const zip = readFileSync(path.join(BLOB_DIR, uploads[0]!.blobKey));
    const entries = new Map<string, Buffer>();
    for await (const e of readZipEntries(zip, { issues: new IssueCollector(5) }))
      entries.set(e.name, e.bytes);
    expect(entries.size).toBe(1 + 156);
    const rows = entries.get('manifest.csv')!.toString().trim().split('\n').slice(1);
    expect(rows).toHaveLength(156);
    // Read back by the model runner's own NPY reader: each case is its row of the npz, as the
    // runner's fixture (read straight from the npz) has it.
    const expected = await breastMnistTestSet();
    for (const row of rows) {
      const [caseId, file] = row.split(',');
      const array = parseNpy(entries.get(file!)!);
      expect(array.shape, file).toEqual([28, 28]);
      const i = expected.caseIds.indexOf(caseId!);
      expect(Uint8Array.from(array.values)).toEqual(
        expected.pixels.subarray(i * 784, (i + 1) * 784),
      );
    }
  });

  it('shows ReXrank’s published numbers as in the raw ReXrank CSVs', async () => {
    const mimic = await readSourceCsv('rexrank-leaderboard/raw/findings_result_mimiccxr.csv');
    const medVersa = mimic.find((r) => r['Model Name'] === 'MedVersa')!;
    expect(
      await reportedValue(db, {
        slug: 'rexrank',
        track: 'findings',
        testSet: 'mimic-cxr',
        model: 'MedVersa',
        metric: 'bleu',
      }),
    ).toBe(Number(medVersa.BLEU));

    // ReXGradient: the rows the derived long CSV had shifted by a comma in the dataset name.
    const gradient = await readSourceCsv('rexrank-leaderboard/raw/result_gradienthealth.csv');
    for (const row of gradient) {
      expect(
        await reportedValue(db, {
          slug: 'rexrank',
          track: 'findings-impression',
          testSet: 'rexgradient',
          model: row['Model Name']!,
          metric: 'radcliq_v1_inverse',
        }),
        row['Model Name'],
      ).toBe(Number(row['1/RadCliQ-v1']));
    }

    // UniRG-CXR: 1/FineRadScore is not published → missing, never 0; its other 7 metrics are there.
    const uniRg = await db.reportedEntry.findMany({
      where: { modelName: 'UniRG-CXR', benchmark: { slug: 'rexrank' } },
      select: { scores: { select: { metric: true } } },
    });
    expect(uniRg).toHaveLength(8);
    for (const entry of uniRg) {
      expect(entry.scores.map((s) => s.metric).sort()).toEqual(
        [
          'bertscore',
          'bleu',
          'green',
          'radcliq_v1_inverse',
          'radgraph',
          'ratescore',
          'sembscore',
        ].sort(),
      );
    }
    const entries = await db.reportedEntry.groupBy({
      by: ['trackId'],
      where: { benchmark: { slug: 'rexrank' } },
      _count: true,
    });
    expect(entries.map((e) => e._count).sort((a, b) => a - b)).toEqual([4 * 7, 4 * 25]);
  });

  it('shows ReXVQA’s overall and per-category accuracies as published', async () => {
    const rows = await readSourceCsv('rexrank-leaderboard/raw/vqa_results.csv');
    const medGemma = rows.find((r) => r['Model Name'] === 'MedGemma-4B-it')!;
    const at = { slug: 'rexvqa', track: 'vqa', testSet: 'test', model: 'MedGemma-4B-it' };
    expect(await reportedValue(db, { ...at, metric: 'vqa_accuracy' })).toBe(
      Number(medGemma['Overall Accuracy']),
    );
    expect(
      await reportedValue(db, {
        ...at,
        metric: 'vqa_accuracy',
        dimension: 'category',
        category: 'Negation Assessment',
      }),
    ).toBe(Number(medGemma['Negation Assessment']));
  });

  it('shows GMAI-MMBench’s published accuracies (percent as fractions), per department too', async () => {
    const tasks = await readSourceCsv('gmai-mmbench-leaderboard/clinical_vqa_tasks_wide.csv');
    const departments = await readSourceCsv('gmai-mmbench-leaderboard/departments_wide.csv');
    const gpt4o = tasks.find((r) => r['Model name'] === 'GPT-4o')!;
    expect(gpt4o['Overall (test)']).toBe('53.96');
    const at = { slug: 'gmai-mmbench', track: 'vqa', model: 'GPT-4o', metric: 'vqa_accuracy' };
    const overallTest = await reportedValue(db, { ...at, testSet: 'test' });
    expect(overallTest! * 100).toBeCloseTo(53.96, 10);
    const overallVal = await reportedValue(db, { ...at, testSet: 'val' });
    expect(overallVal! * 100).toBeCloseTo(Number(gpt4o['Overall (val)']), 10);

    const dermatology = departments.find((r) => r['Model name'] === 'GPT-4o')!.D!;
    const value = await reportedValue(db, {
      ...at,
      testSet: 'test',
      dimension: 'department',
      category: 'Dermatology (D)',
    });
    expect(value! * 100).toBeCloseTo(Number(dermatology), 10);

    const entries = await db.reportedEntry.findMany({
      where: { benchmark: { slug: 'gmai-mmbench' } },
      select: {
        modelName: true,
        baselineKind: true,
        modelGroup: true,
        testSet: { select: { slug: true } },
      },
    });
    expect(entries.filter((e) => e.testSet.slug === 'test')).toHaveLength(tasks.length);
    expect(entries.filter((e) => e.testSet.slug === 'val')).toHaveLength(tasks.length);
    expect(
      entries.filter((e) => e.baselineKind !== null).map((e) => [e.modelName, e.baselineKind]),
    ).toEqual([
      ['Random', 'random'],
      ['Random', 'random'],
    ]);
    const categories = await db.reportedScore.groupBy({
      by: ['dimension'],
      where: { entry: { benchmark: { slug: 'gmai-mmbench' }, testSet: { slug: 'test' } } },
      _count: true,
    });
    expect(Object.fromEntries(categories.map((c) => [c.dimension, c._count]))).toEqual({
      '': tasks.length,
      clinical_task: 18 * tasks.length,
      department: 18 * tasks.length,
      perceptual_granularity: 6 * tasks.length,
    });
  });

  it('puts MedMNIST v2’s BreastMNIST rows in the AUROC and accuracy columns', async () => {
    const table = await readSourceCsv('medmnist-v2-benchmark/medmnist_v2_benchmark_long.csv');
    const published = (metric: string) =>
      Number(
        table.find(
          (r) => r.model === 'ResNet-18 (28)' && r.dataset === 'BreastMNIST' && r.metric === metric,
        )!.value,
      );
    const at = {
      slug: 'breastmnist',
      track: 'classification',
      testSet: 'test',
      model: 'ResNet-18 (28)',
    };
    expect(await reportedValue(db, { ...at, metric: 'roc_auc' })).toBe(published('AUC'));
    expect(await reportedValue(db, { ...at, metric: 'accuracy' })).toBe(published('ACC'));
    expect(await db.reportedEntry.count({ where: { benchmark: { slug: 'breastmnist' } } })).toBe(
      new Set(table.filter((r) => r.dataset === 'BreastMNIST').map((r) => r.model)).size,
    );
  });

  it('holds VQA-RAD’s 451 test questions as closed and open cases with organ and question type', async () => {
    const source = await readSourceCsv('vqa-rad-test/vqa_rad_test.csv');
    const sets = await db.testSet.findMany({
      where: { track: { benchmark: { slug: 'vqa-rad' } } },
      select: {
        caseCount: true,
        categoryDimensions: true,
        track: { select: { slug: true } },
        cases: { select: { caseId: true, metadata: true } },
      },
    });
    const bySlug = Object.fromEntries(sets.map((s) => [s.track.slug, s]));
    for (const [track, type] of [
      ['closed', 'CLOSED'],
      ['open', 'OPEN'],
    ] as const) {
      const expected = source.filter((r) => r.answer_type === type);
      expect(bySlug[track]!.caseCount).toBe(expected.length);
      expect(bySlug[track]!.cases.map((c) => c.caseId).sort()).toEqual(
        expected.map((r) => r.qid).sort(),
      );
      expect(bySlug[track]!.categoryDimensions).toEqual(['organ', 'question_type']);
    }
    const organs = { HEAD: 'Head', CHEST: 'Chest', ABD: 'Abdomen' } as Record<string, string>;
    const cases = sets.flatMap((s) => s.cases);
    for (const row of source) {
      const c = cases.find((x) => x.caseId === row.qid)!;
      expect((c.metadata as Record<string, string>).organ, row.qid).toBe(organs[row.image_organ!]);
    }
    const presence = cases.filter(
      (c) => (c.metadata as Record<string, string>).question_type === 'Presence',
    );
    expect(presence).toHaveLength(source.filter((r) => r.question_type === 'PRES').length);
  });

  it('holds MedXpertQA MM’s 2,000 questions with their three category dimensions', async () => {
    const source = readFileSync(
      path.join(SOURCE_DIR, 'medxpertqa-mm/medxpertqa_mm_test.jsonl'),
      'utf8',
    )
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const set = await db.testSet.findFirstOrThrow({
      where: { track: { benchmark: { slug: 'medxpertqa-mm' } } },
      select: { id: true, caseCount: true, categoryDimensions: true },
    });
    expect(set.caseCount).toBe(source.length);
    expect(set.categoryDimensions).toEqual(['medical_task', 'body_system', 'question_type']);
    for (const dimension of set.categoryDimensions) {
      const [rows] = await Promise.all([
        db.$queryRaw<{ category: string; n: bigint }[]>`
          SELECT metadata->>${dimension} AS category, count(*) AS n FROM cases
          WHERE "testSetId" = ${set.id} GROUP BY 1`,
      ]);
      const expected: Record<string, number> = {};
      for (const q of source)
        expected[q[dimension] as string] = (expected[q[dimension] as string] ?? 0) + 1;
      expect(Object.fromEntries(rows.map((r) => [r.category, Number(r.n)]))).toEqual(expected);
    }
    const truth = await db.groundTruth.findUniqueOrThrow({
      where: { testSetId_caseId: { testSetId: set.id, caseId: 'MM-0' } },
    });
    expect((truth.payload as { answer: string }).answer).toBe((source[0]!.label as string[])[0]);
  });

  it('stores the disclosure partitions: VQA-RAD 3 organ × 2 question-type groups, MedXpertQA 3 × 7 × 1', async () => {
    const sets = await db.testSet.findMany({
      where: { track: { benchmark: { slug: { in: ['vqa-rad', 'medxpertqa-mm'] } } } },
      select: {
        id: true,
        disclosure: true,
        track: { select: { slug: true, benchmark: { select: { slug: true } } } },
      },
    });
    const partitionOf = (benchmark: string, track: string) => {
      const set = sets.find((s) => s.track.benchmark.slug === benchmark && s.track.slug === track)!;
      return { id: set.id, partition: parseDisclosurePartition(set.disclosure)! };
    };
    const figures = (p: DisclosurePartition) => ({
      groups: p.dimensions.map((d) => d.groups.length),
      atoms: p.atomSizes.length,
      smallest: Math.min(...p.atomSizes),
    });
    const closed = partitionOf('vqa-rad', 'closed');
    expect(figures(closed.partition)).toEqual({ groups: [3, 2], atoms: 6, smallest: 24 });
    expect(closed.partition.dimensions[1]!.groups[0]).toEqual({
      label: 'Presence · Size',
      members: ['Presence', 'Size'],
      caseCount: 159,
    });
    expect(figures(partitionOf('vqa-rad', 'open').partition)).toMatchObject({
      groups: [3, 2],
      atoms: 6,
    });
    const medXpert = partitionOf('medxpertqa-mm', 'mm');
    expect(figures(medXpert.partition)).toEqual({ groups: [3, 7, 1], atoms: 21, smallest: 23 });
    // Every case carries its atom, and the atoms' sizes are what the partition says.
    for (const { id, partition } of [closed, medXpert]) {
      const atoms = await db.case.groupBy({
        by: ['atom'],
        where: { testSetId: id },
        _count: { _all: true },
        orderBy: { atom: 'asc' },
      });
      expect(atoms.map((a) => a._count._all)).toEqual(partition.atomSizes);
      expect(partition.casesVersion).toBe(1);
    }
  });

  it('keeps hidden answers in hidden.ground_truth and out of every public table', async () => {
    const vqaRad = await readSourceCsv('vqa-rad-test/vqa_rad_test.csv');
    const medXpert = readFileSync(
      path.join(SOURCE_DIR, 'medxpertqa-mm/medxpertqa_mm_test.jsonl'),
      'utf8',
    )
      .split('\n')
      .slice(0, 3)
      .map(
        (l) => JSON.parse(l) as { label: string[]; options: { letter: string; content: string }[] },
      );
    // Distinctive answers: long open VQA-RAD answers and the correct options' texts of MedXpertQA.
    const answers = [
      ...vqaRad
        .filter((r) => r.answer_type === 'OPEN')
        .map((r) => r.answer!.trim())
        .sort((a, b) => b.length - a.length)
        .slice(0, 5),
      ...medXpert.map((q) => q.options.find((o) => o.letter === q.label[0])!.content),
    ];
    const publicTables = await db.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    expect(publicTables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'cases',
        'reported_scores',
        'reported_entries',
        'audit_log',
        'benchmarks',
      ]),
    );
    for (const answer of answers) {
      const [hidden] = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM hidden.ground_truth t WHERE t::text ILIKE ${'%' + answer + '%'}`;
      expect(Number(hidden!.n), `"${answer}" in hidden.ground_truth`).toBeGreaterThan(0);
      for (const { name } of publicTables) {
        const [found] = await db.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*) AS n FROM public."${name}" t WHERE t::text ILIKE $1`,
          `%${answer}%`,
        );
        expect(Number(found!.n), `"${answer}" in public.${name}`).toBe(0);
      }
    }
  });

  describe('when a catalog file changes', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrank-catalog-'));
      cpSync(path.join(DATA_DIR, 'catalog/vqa-rad'), path.join(dataDir, 'catalog/vqa-rad'), {
        recursive: true,
      });
    });
    afterAll(async () => {
      rmSync(dataDir, { recursive: true, force: true });
      // Leave the database as the shipped catalog has it.
      await seedCatalog(db, { dataDir: DATA_DIR });
    });
    const openFile = () => path.join(dataDir, 'catalog/vqa-rad/ground-truth.open.test.jsonl');
    const openSet = () =>
      db.testSet.findFirstOrThrow({
        where: { slug: 'test', track: { slug: 'open', benchmark: { slug: 'vqa-rad' } } },
        select: { id: true, evaluatorVersion: true, caseCount: true },
      });

    it('rewrites changed ground truth and bumps the evaluator version', async () => {
      const before = await openSet();
      const lines = readFileSync(openFile(), 'utf8').trimEnd().split('\n');
      const first = JSON.parse(lines[0]!) as { id: string; answer: string };
      lines[0] = JSON.stringify({ ...first, answer: `${first.answer} (corrected)` });
      writeFileSync(openFile(), lines.join('\n') + '\n');

      const [seeded] = await seedCatalog(db, { dataDir });
      expect(seeded!.groundTruth).toContainEqual({
        file: 'catalog/vqa-rad/ground-truth.open.test.jsonl',
        caseCount: before.caseCount,
        status: 'written',
      });
      const after = await openSet();
      expect(after.evaluatorVersion).toBe(before.evaluatorVersion + 1);
      const truth = await db.groundTruth.findUniqueOrThrow({
        where: { testSetId_caseId: { testSetId: after.id, caseId: first.id } },
      });
      expect(truth.payload).toEqual({ answers: [`${first.answer} (corrected)`] });
    });

    it('refuses a ground-truth file with a duplicate id, naming file and line, and changes nothing', async () => {
      const lines = readFileSync(openFile(), 'utf8').trimEnd().split('\n');
      const duplicate = {
        ...(JSON.parse(lines[1]!) as object),
        id: (JSON.parse(lines[0]!) as { id: string }).id,
      };
      lines[1] = JSON.stringify(duplicate);
      writeFileSync(openFile(), lines.join('\n') + '\n');
      const before = await tableCounts(db);
      const version = (await openSet()).evaluatorVersion;

      await expect(seedCatalog(db, { dataDir })).rejects.toThrow(
        /catalog\/vqa-rad\/ground-truth\.open\.test\.jsonl: .*appears more than once: lines 1 and 2/,
      );
      expect(await tableCounts(db)).toEqual(before);
      expect((await openSet()).evaluatorVersion).toBe(version);
    });

    it('refuses a definition with an unknown metric, naming the file and line', async () => {
      const yamlFile = path.join(dataDir, 'catalog/vqa-rad/benchmark.yaml');
      writeFileSync(
        yamlFile,
        readFileSync(yamlFile, 'utf8').replace(
          '[vqa_exact_match, vqa_token_f1]',
          '[vqa_exact_match, dice]',
        ),
      );
      const before = await tableCounts(db);
      await expect(seedCatalog(db, { dataDir })).rejects.toThrow(
        /catalog\/vqa-rad\/benchmark\.yaml: line \d+: .*"dice" is not computed by task type "open-vqa"/,
      );
      expect(await tableCounts(db)).toEqual(before);
    });
  });
});
