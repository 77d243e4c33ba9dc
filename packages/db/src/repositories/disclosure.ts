import {
  buildDisclosurePartition,
  parseDisclosurePartition,
  type DisclosurePartition,
} from '@medrank/core';
import type { Database } from '../client.js';
import { Prisma } from '../client.js';

// Where the disclosure partition of a test set is stored (`test_sets.disclosure`, `cases.atom`)
// and kept in step with what it is derived from: the public case metadata, the test set's
// category dimensions and the benchmark's minimum cell size. Every writer of one of those calls
// `recomputeInTransaction` in its own transaction; readers get a partition that matches what is
// stored now, computed on the spot for test sets written before partitions existed.

type Tx = Prisma.TransactionClient;
type Reader = Database | Tx;

/** The facts a partition is derived from, besides the case metadata. */
interface PartitionInputs {
  evaluatorVersion: number;
  categoryDimensions: string[];
  caseCount: number;
  minCategorySize: number;
  stored: DisclosurePartition | null;
}

async function readInputs(db: Reader, testSetId: string): Promise<PartitionInputs | null> {
  const testSet = await db.testSet.findUnique({
    where: { id: testSetId },
    select: {
      evaluatorVersion: true,
      categoryDimensions: true,
      caseCount: true,
      disclosure: true,
      track: { select: { benchmark: { select: { minCategorySize: true } } } },
    },
  });
  if (!testSet) return null;
  return {
    evaluatorVersion: testSet.evaluatorVersion,
    categoryDimensions: testSet.categoryDimensions,
    caseCount: testSet.caseCount,
    minCategorySize: testSet.track.benchmark.minCategorySize,
    stored: parseDisclosurePartition(testSet.disclosure),
  };
}

/** Whether a stored partition was built from the current dimensions, minimum and case count. */
function isCurrent(inputs: PartitionInputs): boolean {
  const p = inputs.stored;
  if (inputs.caseCount === 0) return p === null;
  return (
    p !== null &&
    p.minCellSize === inputs.minCategorySize &&
    p.caseCount === inputs.caseCount &&
    p.dimensions.map((d) => d.dimension).join('\u0000') === inputs.categoryDimensions.join('\u0000')
  );
}

/**
 * Whether two partitions have the same groups and atoms (what breakdowns and subsets are
 * computed over). The minimum they were built for may differ: a partition that a higher minimum
 * leaves as it was does not change a single stored breakdown.
 */
export function sameCells(a: DisclosurePartition | null, b: DisclosurePartition | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    JSON.stringify([a.dimensions, a.atomSizes]) === JSON.stringify([b.dimensions, b.atomSizes])
  );
}

export interface CasesWithAtoms {
  /** In the test set's case order (case id order: how scoring aligns per-case values). */
  caseIds: string[];
  metadata: Record<string, unknown>[];
  /** Each case's atom, aligned to caseIds. */
  atoms: number[];
  /** Null when the test set has no cases. */
  partition: DisclosurePartition | null;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

async function readCases(db: Reader, testSetId: string) {
  return db.case.findMany({
    where: { testSetId },
    select: { id: true, caseId: true, metadata: true, atom: true },
    orderBy: { caseId: 'asc' },
  });
}

export interface RecomputeResult extends CasesWithAtoms {
  /** The partition stored before (null when none, or none of the current shape). */
  previous: DisclosurePartition | null;
  /** True when groups or atoms differ from the previous partition (see sameCells). */
  cellsChanged: boolean;
}

/**
 * Locks the test set's row for the rest of the transaction. Every transaction that changes what
 * a partition is derived from (cases, dimensions) takes it before touching the cases, and the
 * recomputation takes it first too, so a background recomputation and a writer never wait on
 * each other's locks in opposite orders. `skipLocked`: give up (false) instead of waiting.
 */
export async function lockTestSetInTransaction(
  tx: Tx,
  testSetId: string,
  { skipLocked = false }: { skipLocked?: boolean } = {},
): Promise<boolean> {
  const rows = skipLocked
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM public.test_sets WHERE id = ${testSetId} FOR UPDATE SKIP LOCKED`
    : await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM public.test_sets WHERE id = ${testSetId} FOR UPDATE`;
  return rows.length === 1;
}

/**
 * Computes the test set's partition from its current cases, dimensions and minimum, and stores
 * it with every case's atom, inside the caller's transaction (the one that changed the inputs).
 * A test set without cases gets none. `casesChanged`: the cases themselves were just written, so
 * the partition records the test set's evaluator version as read now (call it after any bump).
 */
export async function recomputeInTransaction(
  tx: Tx,
  testSetId: string,
  { casesChanged = false }: { casesChanged?: boolean } = {},
): Promise<RecomputeResult> {
  await lockTestSetInTransaction(tx, testSetId);
  const inputs = await readInputs(tx, testSetId);
  if (!inputs) throw new Error(`test set ${testSetId} does not exist`);
  const cases = await readCases(tx, testSetId);
  const metadata = cases.map((c) => asRecord(c.metadata));
  if (cases.length === 0) {
    await tx.testSet.update({
      where: { id: testSetId },
      data: { disclosure: Prisma.DbNull, caseCount: 0 },
    });
    return {
      caseIds: [],
      metadata: [],
      atoms: [],
      partition: null,
      previous: inputs.stored,
      cellsChanged: inputs.stored !== null,
    };
  }
  const built = buildDisclosurePartition({
    caseMetadata: metadata,
    dimensions: inputs.categoryDimensions,
    minCellSize: inputs.minCategorySize,
  });
  const caseAtoms = built.caseAtoms;
  const casesVersion = casesChanged ? inputs.evaluatorVersion : inputs.stored?.casesVersion;
  const partition: DisclosurePartition = {
    ...built.partition,
    ...(casesVersion === undefined ? {} : { casesVersion }),
  };
  await tx.testSet.update({
    where: { id: testSetId },
    // caseCount is the number of cases; it is set again so the two can never disagree.
    data: { disclosure: partition as unknown as Prisma.InputJsonValue, caseCount: cases.length },
  });
  await tx.$executeRaw`
    UPDATE public.cases c SET atom = v.atom
      FROM unnest(${cases.map((c) => c.id)}::text[], ${caseAtoms}::int[]) AS v(id, atom)
     WHERE c.id = v.id AND c.atom IS DISTINCT FROM v.atom`;
  return {
    caseIds: cases.map((c) => c.caseId),
    metadata,
    atoms: caseAtoms,
    partition,
    previous: inputs.stored,
    cellsChanged: !sameCells(inputs.stored, partition),
  };
}

/**
 * The test set's cases with their atoms and its partition, for answering board queries (worker).
 * A partition missing or out of step with its inputs (a database from before partitions) is
 * computed and stored first. Null for an unknown test set.
 */
export async function loadCasesWithAtoms(
  db: Database,
  testSetId: string,
): Promise<CasesWithAtoms | null> {
  const inputs = await readInputs(db, testSetId);
  if (!inputs) return null;
  const cases = await readCases(db, testSetId);
  if (
    isCurrent(inputs) &&
    inputs.caseCount === cases.length &&
    cases.every((c) => c.atom !== null)
  ) {
    return {
      caseIds: cases.map((c) => c.caseId),
      metadata: cases.map((c) => asRecord(c.metadata)),
      atoms: cases.map((c) => c.atom!),
      partition: inputs.stored,
    };
  }
  const result = await db.$transaction((tx) => recomputeInTransaction(tx, testSetId), {
    timeout: 60_000,
    maxWait: 10_000,
  });
  return {
    caseIds: result.caseIds,
    metadata: result.metadata,
    atoms: result.atoms,
    partition: result.partition,
  };
}

/**
 * The partition of a test set whose cases (metadata) are already loaded: the stored one when it
 * matches its inputs, else computed from them (not stored).
 */
export function currentPartition(
  testSet: { disclosure: unknown; categoryDimensions: string[]; minCategorySize: number },
  caseMetadata: readonly unknown[],
): DisclosurePartition | null {
  const inputs: PartitionInputs = {
    evaluatorVersion: 0,
    categoryDimensions: testSet.categoryDimensions,
    caseCount: caseMetadata.length,
    minCategorySize: testSet.minCategorySize,
    stored: parseDisclosurePartition(testSet.disclosure),
  };
  if (isCurrent(inputs)) return inputs.stored;
  if (caseMetadata.length === 0) return null;
  return buildDisclosurePartition({
    caseMetadata: caseMetadata.map(asRecord),
    dimensions: testSet.categoryDimensions,
    minCellSize: testSet.minCategorySize,
  }).partition;
}

/**
 * The stored partition of a test set row when it matches the row's dimensions, case count and
 * the benchmark's minimum; else null (not computed yet: the reconciler stores it shortly).
 */
export function storedPartitionIfCurrent(
  testSet: { disclosure: unknown; categoryDimensions: string[]; caseCount: number },
  minCategorySize: number,
): DisclosurePartition | null {
  const inputs: PartitionInputs = {
    evaluatorVersion: 0,
    categoryDimensions: testSet.categoryDimensions,
    caseCount: testSet.caseCount,
    minCategorySize,
    stored: parseDisclosurePartition(testSet.disclosure),
  };
  return isCurrent(inputs) ? inputs.stored : null;
}

/**
 * The partition to show for a test set (read models, web role): the stored one when it matches
 * its inputs, otherwise computed from the public case metadata without storing it (the worker's
 * reconciler stores it). Null when the test set has no cases or does not exist.
 */
export async function partitionForTestSet(
  db: Reader,
  testSetId: string,
): Promise<DisclosurePartition | null> {
  const inputs = await readInputs(db, testSetId);
  if (!inputs || inputs.caseCount === 0) return null;
  if (isCurrent(inputs)) return inputs.stored;
  const cases = await db.case.findMany({
    where: { testSetId },
    select: { metadata: true },
  });
  if (cases.length === 0) return null;
  return buildDisclosurePartition({
    caseMetadata: cases.map((c) => asRecord(c.metadata)),
    dimensions: inputs.categoryDimensions,
    minCellSize: inputs.minCategorySize,
  }).partition;
}

/**
 * Test sets whose stored partition is missing or out of step with their inputs (databases from
 * before partitions, or an input changed outside the writers): the reconciler stores theirs.
 * Reads test sets only (it runs every reconciler round): case atoms are written with the
 * partition, and `loadCasesWithAtoms` repairs a case without one when it meets it.
 */
export async function listOutdated(db: Database, { limit = 50 } = {}): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT ts.id FROM public.test_sets ts
      JOIN public.tracks t ON t.id = ts."trackId"
      JOIN public.benchmarks b ON b.id = t."benchmarkId"
     WHERE (ts."caseCount" > 0 AND (
              ts.disclosure IS NULL
           OR ts.disclosure->>'version' IS DISTINCT FROM '1'
           OR ts.disclosure->>'minCellSize' IS DISTINCT FROM b."minCategorySize"::text
           OR ARRAY(SELECT d.value->>'dimension'
                      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(ts.disclosure->'dimensions') = 'array'
                                                THEN ts.disclosure->'dimensions' ELSE '[]' END)
                           WITH ORDINALITY AS d(value, i)
                     ORDER BY d.i) IS DISTINCT FROM ts."categoryDimensions"
           OR ts.disclosure->>'caseCount' IS DISTINCT FROM ts."caseCount"::text))
        OR (ts."caseCount" = 0 AND ts.disclosure IS NOT NULL)
     ORDER BY ts.id
     LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * Stores the partition of each test set `listOutdated` names, one transaction each, and writes
 * an audit row per benchmark so curators see why their breakdowns changed. Returns the ids
 * brought up to date. Existing evaluations are not rescored: their breakdown rows are shown only
 * where (dimension, category) is a group of the new partition (see boards.getBreakdownTable).
 */
export async function storeOutdated(db: Database, { limit = 50 } = {}): Promise<string[]> {
  const done: string[] = [];
  for (const testSetId of await listOutdated(db, { limit })) {
    const stored = await db.$transaction(
      async (tx) => {
        // A writer holding the row is about to store a fresh partition itself: next round.
        if (!(await lockTestSetInTransaction(tx, testSetId, { skipLocked: true }))) return false;
        const result = await recomputeInTransaction(tx, testSetId);
        if (!result.cellsChanged) return true;
        const testSet = await tx.testSet.findUniqueOrThrow({
          where: { id: testSetId },
          select: { slug: true, track: { select: { slug: true, benchmarkId: true } } },
        });
        await tx.auditLog.create({
          data: {
            actorId: null,
            action: 'disclosure.compute',
            targetType: 'benchmark',
            targetId: testSet.track.benchmarkId,
            details: {
              target: `track ${testSet.track.slug} / test set ${testSet.slug}`,
              atoms: result.partition?.atomSizes.length ?? 0,
              groups: Object.fromEntries(
                (result.partition?.dimensions ?? []).map((d) => [d.dimension, d.groups.length]),
              ),
              note: 'breakdowns of merged groups appear after a rescore; cells that are not groups are no longer shown',
            },
          },
        });
        return true;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    if (stored) done.push(testSetId);
  }
  return done;
}
