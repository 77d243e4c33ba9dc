import { AppError } from '@medrank/core';
import {
  auditLog,
  benchmarkDefinitions,
  disclosure,
  withTransaction,
  type Database,
  type Transaction,
} from '@medrank/db';
import {
  assertDefinitionChangeAllowed,
  describeGroups,
  evaluatorVersionBumpReasons,
  partitionRecomputeCause,
  phaseChanged,
  precisionChanges,
  scoringChanges,
  testSetChanges,
  trackDisplayChanged,
} from '../definition/definition-update-rules.js';
import { bumpEvaluatorVersion } from '../rescore/bump-evaluator-version.js';

type BenchmarkRecord = benchmarkDefinitions.BenchmarkRecord;

/** A test set moved to a new evaluator version by a definition change. */
export interface VersionBump {
  track: string;
  testSet: string;
  version: number;
  /**
   * Scored submissions of the track wait for a rescore at the new version (the board keeps its
   * ranking until then). False when nothing was scored: an empty, finished rescore run was
   * recorded and the board moved to the new version at once.
   */
  needsRescore: boolean;
}

export interface DefinitionUpdateResult {
  bumped: VersionBump[];
  /** What changed, one line per track, test set or phase (also in the audit row). */
  changes: string[];
}

/**
 * Brings a stored benchmark in line with `record`, in one transaction: metadata, tracks and test
 * sets matched by slug, phases by name, an audit row listing the changes. The rules are
 * definition-update-rules.ts: what may not be removed (refused before anything is written), and
 * what bumps which test set's evaluator version (scoring changes of its track, a recomputed
 * disclosure partition with new cells, a phase's new score decimals for every test set).
 * @throws {AppError} BAD_REQUEST (slug differs), CONFLICT (a removal or task-type change the rules refuse).
 */
export async function updateBenchmarkDefinition(
  db: Database,
  benchmarkId: string,
  record: BenchmarkRecord,
  { actorId }: { actorId: string },
): Promise<DefinitionUpdateResult> {
  return withTransaction(db, (tx) => applyUpdate(tx, benchmarkId, record, actorId), {
    timeoutMs: 60_000,
    maxWaitMs: 10_000,
  });
}

async function applyUpdate(
  tx: Transaction,
  benchmarkId: string,
  record: BenchmarkRecord,
  actorId: string,
): Promise<DefinitionUpdateResult> {
  const current = await benchmarkDefinitions.loadForUpdate(tx, benchmarkId);
  if (current.slug !== record.slug)
    throw new AppError(
      'BAD_REQUEST',
      `the definition's slug "${record.slug}" differs from the benchmark's "${current.slug}"; slugs cannot be changed`,
    );
  assertDefinitionChangeAllowed(current, record);

  const changes: string[] = [];
  const bumped: VersionBump[] = [];
  const bumpedTestSetIds = new Set<string>();
  const removedTestSetIds = new Set<string>();
  const bump = async (
    track: string,
    set: { id: string; slug: string },
    reason: string,
  ): Promise<void> => {
    const { version, needsRescore } = await bumpEvaluatorVersion(tx, set.id, { reason, actorId });
    bumped.push({ track, testSet: set.slug, version, needsRescore });
    bumpedTestSetIds.add(set.id);
  };

  const metadata: benchmarkDefinitions.BenchmarkMetadata = {
    title: record.title,
    summary: record.summary,
    description: record.description,
    taskType: record.taskType,
    modality: record.modality,
    bodyRegion: record.bodyRegion,
    citation: record.citation,
    paperUrl: record.paperUrl,
    dataUrl: record.dataUrl,
    license: record.license,
    minCategorySize: record.minCategorySize,
  };
  const changedFields = (Object.keys(metadata) as (keyof typeof metadata)[]).filter(
    (k) => current.metadata[k] !== metadata[k],
  );
  if (changedFields.length) {
    await benchmarkDefinitions.updateMetadata(tx, benchmarkId, metadata);
    changes.push(`benchmark: ${changedFields.join(', ')} changed`);
  }
  const minimum =
    current.metadata.minCategorySize === record.minCategorySize
      ? null
      : { from: current.metadata.minCategorySize, to: record.minCategorySize };

  // Removed tracks first, so their slugs' test sets are out of the way.
  for (const track of current.tracks) {
    if (record.tracks.some((t) => t.slug === track.slug)) continue;
    await benchmarkDefinitions.removeTrack(tx, track.id);
    for (const set of track.testSets) removedTestSetIds.add(set.id);
    changes.push(`track ${track.slug}: removed`);
  }

  for (const [position, nextTrack] of record.tracks.entries()) {
    const existing = current.tracks.find((t) => t.slug === nextTrack.slug);
    if (!existing) {
      await benchmarkDefinitions.addTrack(tx, benchmarkId, nextTrack, position);
      changes.push(`track ${nextTrack.slug}: added (${nextTrack.testSets.length} test set(s))`);
      continue;
    }
    const scoringChanged = scoringChanges(existing, nextTrack);
    const displayChanged = trackDisplayChanged(existing, nextTrack, position);
    if (scoringChanged.length || displayChanged) {
      await benchmarkDefinitions.updateTrack(tx, existing.id, nextTrack, position);
      changes.push(
        `track ${nextTrack.slug}: ${[...scoringChanged, ...(displayChanged ? ['display'] : [])].join(', ')} changed`,
      );
    }

    for (const set of existing.testSets) {
      if (nextTrack.testSets.some((s) => s.slug === set.slug)) continue;
      await benchmarkDefinitions.removeTestSet(tx, set.id);
      removedTestSetIds.add(set.id);
      changes.push(`test set ${nextTrack.slug}/${set.slug}: removed`);
    }
    for (const [setPosition, nextSet] of nextTrack.testSets.entries()) {
      const set = existing.testSets.find((s) => s.slug === nextSet.slug);
      const where = `test set ${nextTrack.slug}/${nextSet.slug}`;
      if (!set) {
        await benchmarkDefinitions.addTestSet(tx, existing.id, nextSet, setPosition);
        changes.push(`${where}: added`);
        continue;
      }
      const { changed, dimensionsChanged } = testSetChanges(set, nextSet, setPosition);
      const dimensions = nextSet.categoryDimensions ?? set.categoryDimensions;
      if (changed) {
        await benchmarkDefinitions.updateTestSet(
          tx,
          set.id,
          { ...nextSet, categoryDimensions: dimensions },
          setPosition,
        );
        changes.push(
          dimensionsChanged
            ? `${where}: category dimensions ${set.categoryDimensions.join(', ') || 'none'} → ${dimensions.join(', ') || 'none'}`
            : `${where}: display changed`,
        );
      }
      const cause = partitionRecomputeCause(set, {
        minimum,
        dimensions: dimensionsChanged ? dimensions : null,
      });
      let partition: { cause: string; cellsChanged: boolean } | null = null;
      if (cause !== null) {
        const recomputed = await disclosure.recomputeInTransaction(tx, set.id);
        if (recomputed.partition) {
          partition = { cause, cellsChanged: recomputed.cellsChanged };
          if (recomputed.cellsChanged)
            changes.push(
              `${where}: breakdown groups recomputed: ${describeGroups(recomputed.partition)}`,
            );
        }
      }
      const reasons = evaluatorVersionBumpReasons({ scoringChanged, partition });
      if (reasons.length) await bump(nextTrack.slug, set, reasons.join('; '));
    }
  }

  for (const phase of current.phases) {
    if (record.phases.some((p) => p.name === phase.name)) continue;
    await benchmarkDefinitions.removePhase(tx, phase.id);
    changes.push(`phase ${phase.name}: removed`);
  }
  for (const nextPhase of record.phases) {
    const phase = current.phases.find((p) => p.name === nextPhase.name);
    if (!phase) {
      await benchmarkDefinitions.addPhase(tx, benchmarkId, nextPhase);
      changes.push(`phase ${nextPhase.name}: added`);
    } else if (phaseChanged(phase, nextPhase)) {
      await benchmarkDefinitions.updatePhase(tx, phase.id, nextPhase);
      changes.push(`phase ${nextPhase.name}: changed`);
    }
  }
  const precision = precisionChanges(current.phases, record.phases);
  if (precision.length) {
    const reason = precision.join('; ');
    for (const track of current.tracks)
      for (const set of track.testSets)
        if (!bumpedTestSetIds.has(set.id) && !removedTestSetIds.has(set.id))
          await bump(track.slug, set, reason);
  }

  if (changes.length)
    await auditLog.record(tx, {
      actorId,
      action: 'benchmark.update',
      targetType: 'benchmark',
      targetId: benchmarkId,
      details: { target: `benchmark ${record.slug}`, changes, bumped },
    });
  return { bumped, changes };
}
