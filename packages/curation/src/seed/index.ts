// The seeded catalog: every data/catalog/<slug>/ folder is a benchmark as code, brought into the
// database with the same curation functions curators use. Run by `npm run db:seed`
// (prisma/seed.ts), the quick start and the e2e server; needs a client that may write the hidden
// schema (the owner or the worker role).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { benchmarkDefinitions, type Database } from '@medrank/db';
import {
  ensureCatalogAccount,
  recordSeededFile,
  replaceSeededGroundTruth,
  seededFileHash,
} from '@medrank/db/seed';
import type { Actor } from '../access/actor.js';
import {
  createBenchmark,
  publishBenchmark,
  updateBenchmark,
} from '../benchmarks/manage-benchmark.js';
import { parseBenchmarkYaml } from '../definition/benchmark-yaml.js';
import { bumpEvaluatorVersion } from '../rescore/bump-evaluator-version.js';
import { validateGroundTruthFiles } from '../ground-truth/validate-ground-truth-files.js';
import { importReportedResults } from '../reported/import-reported-results.js';
import {
  INPUTS_FILE,
  INPUTS_SOURCE_FILE,
  seedTestInputs,
  type SeedInputsOptions,
  type SeededInputs,
} from './seed-test-inputs.js';

export type { SeedBlobStore, SeedInputsOptions, SeededInputs } from './seed-test-inputs.js';

/** `ground-truth.<track>.<test set>.<csv|jsonl>`: the hidden truth of one test set, in its task type's format. */
const GROUND_TRUTH_FILE = /^ground-truth\.([a-z0-9-]+)\.([a-z0-9-]+)\.(csv|jsonl)$/;
const DEFINITION_FILE = 'benchmark.yaml';
const REPORTED_FILE = 'reported.csv';

export interface SeededBenchmark {
  slug: string;
  created: boolean;
  /** What updateBenchmark changed (empty when the stored definition already matched). */
  definitionChanges: string[];
  groundTruth: { file: string; caseCount: number; status: 'unchanged' | 'written' }[];
  /** Public test inputs (inputs.<track>.<test set>.csv zipped with their files). */
  inputs: SeededInputs[];
  reported: {
    file: string;
    status: 'unchanged' | 'imported';
    entries?: number;
    scores?: number;
  } | null;
  published: boolean;
}

/**
 * Seeds (or brings up to date) every benchmark of `<dataDir>/catalog`. Idempotent: definitions
 * are created or updated by slug (an unchanged definition writes nothing), and ground truth and
 * reported results are written only when the file's SHA-256 differs from the one last seeded.
 * Benchmarks are created as drafts and published once their data is in, so a failed run never
 * leaves a published benchmark without results.
 * @throws {Error} naming the file and every problem when a catalog file is invalid.
 */
export async function seedCatalog(
  db: Database,
  { dataDir, ...inputsOptions }: { dataDir: string } & SeedInputsOptions,
): Promise<SeededBenchmark[]> {
  const catalogDir = path.join(dataDir, 'catalog');
  const actor: Actor = await ensureCatalogAccount(db);
  const slugs = readdirSync(catalogDir)
    .filter((name) => statSync(path.join(catalogDir, name)).isDirectory())
    .sort();
  const seeded: SeededBenchmark[] = [];
  for (const slug of slugs)
    seeded.push(await seedBenchmark(db, actor, dataDir, slug, inputsOptions));
  return seeded;
}

async function seedBenchmark(
  db: Database,
  actor: Actor,
  dataDir: string,
  folder: string,
  inputsOptions: SeedInputsOptions,
): Promise<SeededBenchmark> {
  const dir = path.join(dataDir, 'catalog', folder);
  const relative = (file: string) => `catalog/${folder}/${file}`;
  const files = readdirSync(dir).sort();
  const unknown = files.filter(
    (f) =>
      f !== DEFINITION_FILE &&
      f !== REPORTED_FILE &&
      !GROUND_TRUTH_FILE.test(f) &&
      !INPUTS_FILE.test(f) &&
      f !== INPUTS_SOURCE_FILE &&
      !f.endsWith('.md'),
  );
  if (unknown.length > 0) {
    throw new Error(
      `${relative('')}: unexpected file(s) ${unknown.join(', ')}; expected ${DEFINITION_FILE}, ${REPORTED_FILE}, ground-truth.<track>.<test set>.<csv|jsonl>, inputs.<track>.<test set>.<csv|jsonl> and ${INPUTS_SOURCE_FILE}`,
    );
  }

  const parsed = parseBenchmarkYaml(readFileSync(path.join(dir, DEFINITION_FILE), 'utf8'));
  if (!parsed.ok) {
    throw new Error(
      `${relative(DEFINITION_FILE)}: ${parsed.issues.map((i) => i.message).join('; ')}`,
    );
  }
  const definition = parsed.definition;
  if (definition.slug !== folder) {
    throw new Error(
      `${relative(DEFINITION_FILE)}: slug "${definition.slug}" differs from its folder "${folder}"`,
    );
  }

  const existing = await benchmarkDefinitions.findBySlug(db, definition.slug);
  let definitionChanges: string[] = [];
  if (existing) {
    definitionChanges = (await updateBenchmark(db, actor, definition.slug, definition)).changes;
  } else {
    await createBenchmark(db, actor, definition, { status: 'DRAFT' });
  }
  const stored = await benchmarkDefinitions.findBySlug(db, definition.slug);
  if (!stored) throw new Error(`benchmark "${definition.slug}" vanished while seeding`);

  const groundTruth: SeededBenchmark['groundTruth'] = [];
  for (const file of files) {
    const match = GROUND_TRUTH_FILE.exec(file);
    if (!match) continue;
    groundTruth.push(
      await seedGroundTruth(db, actor, {
        benchmarkId: stored.id,
        file: path.join(dir, file),
        name: relative(file),
        trackSlug: match[1]!,
        testSetSlug: match[2]!,
      }),
    );
  }

  // After the ground truth: the inputs are checked against the test set's cases.
  const inputs: SeededInputs[] = [];
  for (const file of files) {
    const match = INPUTS_FILE.exec(file);
    if (!match) continue;
    inputs.push(
      await seedTestInputs(db, {
        benchmarkId: stored.id,
        dir,
        file: path.join(dir, file),
        name: relative(file),
        trackSlug: match[1]!,
        testSetSlug: match[2]!,
        options: inputsOptions,
      }),
    );
  }

  let reported: SeededBenchmark['reported'] = null;
  if (files.includes(REPORTED_FILE)) {
    const name = relative(REPORTED_FILE);
    const text = readFileSync(path.join(dir, REPORTED_FILE), 'utf8');
    const sha256 = sha256Of(text);
    if ((await seededFileHash(db, stored.id, name)) === sha256) {
      reported = { file: name, status: 'unchanged' };
    } else {
      const result = await importReportedResults(db, actor, {
        slug: definition.slug,
        csv: text,
        fileName: name,
      });
      if (!result.ok) {
        throw new Error(
          `${name}: ${result.issueCount} problem(s): ${result.issues.map((i) => i.message).join('; ')}`,
        );
      }
      await recordSeededFile(db, {
        benchmarkId: stored.id,
        file: name,
        sha256,
        actorId: actor.userId,
      });
      reported = { file: name, status: 'imported', entries: result.entries, scores: result.scores };
    }
  }

  const published = await publishBenchmark(db, actor, definition.slug);
  return {
    slug: definition.slug,
    created: !existing,
    definitionChanges,
    groundTruth,
    inputs,
    reported,
    published: published.changed,
  };
}

async function seedGroundTruth(
  db: Database,
  actor: Actor,
  {
    benchmarkId,
    file,
    name,
    trackSlug,
    testSetSlug,
  }: { benchmarkId: string; file: string; name: string; trackSlug: string; testSetSlug: string },
): Promise<SeededBenchmark['groundTruth'][number]> {
  const testSet = await benchmarkDefinitions.findTestSet(db, benchmarkId, trackSlug, testSetSlug);
  if (!testSet) {
    throw new Error(
      `${name}: the definition has no track "${trackSlug}" with a test set "${testSetSlug}"`,
    );
  }
  const sha256 = sha256Of(readFileSync(file));
  if ((await seededFileHash(db, benchmarkId, name)) === sha256) {
    return { file: name, caseCount: testSet.caseCount, status: 'unchanged' };
  }
  // The same checks as a curator's upload: the task type's own parser, declared dimensions present.
  const validation = await validateGroundTruthFiles({
    taskType: testSet.taskType,
    taskConfig: testSet.taskConfig,
    truth: { source: file, fileName: name },
    declaredDimensions: testSet.categoryDimensions,
  });
  if (!validation.ok) {
    const { message, issues } = validation.error;
    throw new Error(`${name}: ${message}: ${issues.map((i) => i.message).join('; ')}`);
  }
  await replaceSeededGroundTruth(db, {
    benchmarkId,
    testSetId: testSet.testSetId,
    target: `track ${trackSlug} / test set ${testSetSlug}`,
    file: name,
    sha256,
    cases: validation.cases,
    categoryDimensions: validation.categoryDimensions,
    actorId: actor.userId,
    bumpEvaluatorVersion,
  });
  return { file: name, caseCount: validation.cases.length, status: 'written' };
}

const sha256Of = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');
