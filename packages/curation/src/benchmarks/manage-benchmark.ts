import { AppError } from '@medrank/core';
import { benchmarkDefinitions, curators, type Database } from '@medrank/db';
import { assertCanCreateBenchmarks, assertCanCurate, type Actor } from '../access/actor.js';
import {
  parseBenchmarkDefinitionOrThrow,
  type BenchmarkDefinition,
  type BenchmarkDefinitionInput,
} from '../definition/benchmark-definition.js';
import { definitionToRecord, recordToDefinition } from '../definition/definition-records.js';
import {
  updateBenchmarkDefinition,
  type DefinitionUpdateResult,
} from './update-benchmark-definition.js';

/**
 * Creates a benchmark from a definition: DRAFT by default, the creator becomes its curator, all
 * in one transaction with an audit row. Site admins and users with the site role `curator` may
 * create benchmarks; only site admins may create one already PUBLISHED (the seed, imports).
 * @throws {AppError} FORBIDDEN, BAD_REQUEST (invalid definition, `details.issues`), CONFLICT (slug taken).
 */
export async function createBenchmark(
  db: Database,
  actor: Actor,
  definition: BenchmarkDefinitionInput | BenchmarkDefinition,
  { status = 'DRAFT' }: { status?: 'DRAFT' | 'PUBLISHED' } = {},
): Promise<{ id: string; slug: string }> {
  assertCanCreateBenchmarks(actor);
  if (status === 'PUBLISHED' && actor.role !== 'admin')
    throw new AppError('FORBIDDEN', 'only site admins may create a benchmark already published');
  const parsed = parseBenchmarkDefinitionOrThrow(definition);
  return benchmarkDefinitions.create(db, definitionToRecord(parsed), {
    createdById: actor.userId,
    status,
  });
}

/**
 * Brings a benchmark in line with an edited definition, in one transaction with an audit row
 * listing the changes (update-benchmark-definition.ts). Changing a track's metrics, primary
 * metric or task configuration bumps the evaluator version of its test sets (returned in
 * `bumped`, with whether scored entries wait for a rescore: `versionBumpNotices` says what to
 * tell the curator); removing a track, test set or phase that has entries is refused (CONFLICT).
 */
export async function updateBenchmark(
  db: Database,
  actor: Actor,
  slug: string,
  definition: BenchmarkDefinitionInput | BenchmarkDefinition,
): Promise<DefinitionUpdateResult> {
  const benchmark = await assertCanCurate(db, actor, slug);
  const parsed = parseBenchmarkDefinitionOrThrow(definition);
  if (parsed.slug !== slug)
    throw new AppError(
      'BAD_REQUEST',
      `the definition's slug "${parsed.slug}" differs from "${slug}"; a benchmark's slug cannot change`,
    );
  return updateBenchmarkDefinition(db, benchmark.benchmarkId, definitionToRecord(parsed), {
    actorId: actor.userId,
  });
}

/**
 * The definition of a benchmark as stored: metadata, tracks, metrics, test sets, phases. Never
 * ground truth, cases or entries. No actor: callers decide who may see it (drafts: curators).
 * @throws {AppError} NOT_FOUND for an unknown slug.
 */
export async function exportBenchmarkDefinition(
  db: Database,
  slug: string,
): Promise<BenchmarkDefinition> {
  const record = await benchmarkDefinitions.findBySlug(db, slug);
  if (!record) throw new AppError('NOT_FOUND', `no benchmark "${slug}"`);
  return recordToDefinition(record);
}

export interface PublishProblem {
  track?: string;
  testSet?: string;
  message: string;
}

/**
 * Publishes a draft. Refused (CONFLICT, `details.problems`) while a test set has neither ground
 * truth nor reported results, or the benchmark has ground truth but no phase to submit in.
 * Publishing a published benchmark changes nothing.
 */
export async function publishBenchmark(
  db: Database,
  actor: Actor,
  slug: string,
): Promise<{ slug: string; publishedAt: string; changed: boolean }> {
  const benchmark = await assertCanCurate(db, actor, slug);
  const facts = await benchmarkDefinitions.readinessFacts(db, benchmark.benchmarkId);
  const problems: PublishProblem[] = [];
  for (const s of facts.testSets) {
    if (!s.hasGroundTruth && s.reportedEntryCount === 0)
      problems.push({
        track: s.track,
        testSet: s.testSet,
        message: `track ${s.track} / test set ${s.testSet} has neither ground truth nor reported results`,
      });
  }
  if (facts.testSets.some((s) => s.hasGroundTruth) && facts.phaseCount === 0)
    problems.push({
      message:
        'the benchmark has ground truth but no phase: add a phase so participants can submit',
    });
  if (problems.length > 0)
    throw new AppError(
      'CONFLICT',
      `cannot publish "${slug}" yet: ${problems.map((p) => p.message).join('; ')}`,
      { details: { problems } },
    );
  const result = await benchmarkDefinitions.publish(db, benchmark.benchmarkId, {
    actorId: actor.userId,
  });
  return { slug, ...result };
}

/** A benchmark's audit trail, newest first; pass the last entry's `id` as `cursor` for the next page. */
export async function listAuditLog(
  db: Database,
  actor: Actor,
  slug: string,
  { limit = 50, cursor }: { limit?: number; cursor?: string } = {},
) {
  const benchmark = await assertCanCurate(db, actor, slug);
  return curators.listAuditLog(db, benchmark.benchmarkId, { limit, cursor });
}
