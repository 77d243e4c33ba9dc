// Database side of the catalog seed (`seedCatalog` in @medrank/curation/seed drives it). The seed
// runs as the database owner or the worker role, so it may write the hidden schema; nothing here
// is reachable from the web app.
import { randomUUID } from 'node:crypto';
import type { Database, Prisma } from '../client.js';
import { lockTestSetInTransaction, recomputeInTransaction } from '../repositories/disclosure.js';
import type { Transaction } from '../transaction.js';

/** The account the catalog is created and edited by (audit rows name it). It has no credential, so nobody can sign in as it. */
export const CATALOG_ACCOUNT_EMAIL = 'catalog@medrank.invalid';

/**
 * The catalog's account, created on first use: a site admin without any credential (no
 * `accounts` row), so the seed can create published benchmarks and edit benchmarks that an
 * older seed created without curators.
 */
export async function ensureCatalogAccount(
  db: Database,
): Promise<{ userId: string; role: 'admin' }> {
  const user = await db.user.upsert({
    where: { email: CATALOG_ACCOUNT_EMAIL },
    update: { role: 'admin' },
    create: {
      id: randomUUID(),
      email: CATALOG_ACCOUNT_EMAIL,
      name: 'MedRank catalog',
      role: 'admin',
      emailVerified: false,
    },
    select: { id: true },
  });
  return { userId: user.id, role: 'admin' };
}

const SEEDED_FILE_ACTION = 'catalog.seed-file';
const SEEDED_TRUTH_ACTION = 'ground-truth.seed';

/** SHA-256 of the catalog file last seeded into this benchmark under `file` (its path in data/), or null. */
export async function seededFileHash(
  db: Database,
  benchmarkId: string,
  file: string,
): Promise<string | null> {
  const row = await db.auditLog.findFirst({
    where: {
      action: { in: [SEEDED_FILE_ACTION, SEEDED_TRUTH_ACTION] },
      targetType: 'benchmark',
      targetId: benchmarkId,
      details: { path: ['file'], equals: file },
    },
    orderBy: { createdAt: 'desc' },
    select: { details: true },
  });
  const sha256 = (row?.details as { sha256?: unknown } | undefined)?.sha256;
  return typeof sha256 === 'string' ? sha256 : null;
}

/** Records that `file` (e.g. reported results) with this hash is in the benchmark now. */
export async function recordSeededFile(
  db: Database,
  {
    benchmarkId,
    file,
    sha256,
    actorId,
  }: { benchmarkId: string; file: string; sha256: string; actorId: string },
): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId,
      action: SEEDED_FILE_ACTION,
      targetType: 'benchmark',
      targetId: benchmarkId,
      details: { target: `catalog file ${file}`, file, sha256 },
    },
  });
}

export interface SeededCase {
  caseId: string;
  truth: Record<string, unknown>;
  metadata: Record<string, string>;
}

/**
 * Replaces a test set's public cases and hidden ground truth with a catalog file's cases in one
 * transaction, with the case count and category dimensions and an audit row carrying the file's
 * hash (what `seededFileHash` reads). The evaluator version is bumped only when truth or
 * categories actually differ from what was stored, so re-seeding identical content (for
 * example a database seeded before hashes were recorded) leaves versions alone.
 */
export async function replaceSeededGroundTruth(
  db: Database,
  {
    benchmarkId,
    testSetId,
    target,
    file,
    sha256,
    cases,
    categoryDimensions,
    actorId,
    bumpEvaluatorVersion,
  }: {
    benchmarkId: string;
    testSetId: string;
    /** "track closed / test set test", for the audit row. */
    target: string;
    file: string;
    sha256: string;
    cases: readonly SeededCase[];
    categoryDimensions: readonly string[];
    actorId: string;
    /**
     * Moves the test set to its next evaluator version inside this transaction, with the rescore
     * bookkeeping that goes with it: `@medrank/curation`'s `bumpEvaluatorVersion`, which decides
     * that bookkeeping (the database package cannot import it).
     */
    bumpEvaluatorVersion: (
      tx: Transaction,
      testSetId: string,
      change: { reason: string; actorId: string },
    ) => Promise<{ version: number }>;
  },
): Promise<{ changed: boolean; version: number }> {
  return db.$transaction(
    async (tx) => {
      await lockTestSetInTransaction(tx, testSetId);
      const before = await tx.testSet.findUniqueOrThrow({
        where: { id: testSetId },
        select: { evaluatorVersion: true },
      });
      const stored = await readStoredCases(tx, testSetId);
      const changed = !sameCases(stored, cases);
      if (changed) {
        await tx.groundTruth.deleteMany({ where: { testSetId } });
        await tx.case.deleteMany({ where: { testSetId } });
        await tx.case.createMany({
          data: cases.map((c) => ({ testSetId, caseId: c.caseId, metadata: c.metadata })),
        });
        await tx.groundTruth.createMany({
          data: cases.map((c) => ({
            testSetId,
            caseId: c.caseId,
            payload: c.truth as Prisma.InputJsonValue,
          })),
        });
      }
      await tx.testSet.update({
        where: { id: testSetId },
        data: { caseCount: cases.length, categoryDimensions: [...categoryDimensions] },
      });
      const version =
        changed && stored.size > 0
          ? (
              await bumpEvaluatorVersion(tx, testSetId, {
                reason: `ground truth replaced from ${file}`,
                actorId,
              })
            ).version
          : before.evaluatorVersion;
      await recomputeInTransaction(tx, testSetId, { casesChanged: changed });
      await tx.auditLog.create({
        data: {
          actorId,
          action: SEEDED_TRUTH_ACTION,
          targetType: 'benchmark',
          targetId: benchmarkId,
          details: {
            target,
            file,
            sha256,
            caseCount: cases.length,
            changed,
            bumped: changed && stored.size > 0,
            evaluatorVersion: version,
          },
        },
      });
      return { changed, version };
    },
    { timeout: 5 * 60_000, maxWait: 30_000 },
  );
}

type Tx = Parameters<Parameters<Database['$transaction']>[0]>[0];

async function readStoredCases(tx: Tx, testSetId: string) {
  const [cases, truth] = await Promise.all([
    tx.case.findMany({ where: { testSetId }, select: { caseId: true, metadata: true } }),
    tx.groundTruth.findMany({ where: { testSetId }, select: { caseId: true, payload: true } }),
  ]);
  const truthById = new Map(truth.map((t) => [t.caseId, t.payload]));
  return new Map(
    cases.map((c) => [c.caseId, { metadata: c.metadata, truth: truthById.get(c.caseId) }]),
  );
}

function sameCases(
  stored: Map<string, { metadata: unknown; truth: unknown }>,
  cases: readonly SeededCase[],
): boolean {
  if (stored.size !== cases.length) return false;
  return cases.every((c) => {
    const s = stored.get(c.caseId);
    return (
      s !== undefined &&
      canonicalJson(s.truth) === canonicalJson(c.truth) &&
      canonicalJson(s.metadata) === canonicalJson(c.metadata)
    );
  });
}

/** JSON with object keys sorted: jsonb does not keep key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
