import { AppError, type DisclosurePartition } from '@medrank/core';
import type { benchmarkDefinitions } from '@medrank/db';

// The rules of a definition update, pure over (stored state, next definition): what may not be
// removed or changed, and which changes move a test set to a new evaluator version. The use case
// (benchmarks/update-benchmark-definition.ts) loads the state, asks these, and saves.

type StoredDefinitionState = benchmarkDefinitions.StoredDefinitionState;
type StoredTrackState = benchmarkDefinitions.StoredTrackState;
type StoredTestSetState = benchmarkDefinitions.StoredTestSetState;
type BenchmarkRecord = benchmarkDefinitions.BenchmarkRecord;
type TrackRecord = benchmarkDefinitions.TrackRecord;
type TestSetRecord = benchmarkDefinitions.TestSetRecord;
type PhaseRecord = benchmarkDefinitions.PhaseRecord;

/** Equal as JSON, whatever the order of object keys; dates compare by their instant. */
export const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
function sorted(value: unknown): unknown {
  // A Date has no own keys: walked as an object, every date would equal every other.
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.join('\u0000') === b.join('\u0000');

/**
 * The removal rule, and the task-type rule that goes with it. Refused (CONFLICT), so nothing
 * changes: removing a track with submissions or reported results, changing the task type of a
 * track with submissions or ground truth, removing a test set with evaluations or reported
 * results, removing a phase with submissions. Checked in the order the update would meet them
 * (removed tracks, then per kept track its task type and removed test sets, then removed
 * phases), so the first refusal is the one named.
 * @throws {AppError} CONFLICT saying what to do instead.
 */
export function assertDefinitionChangeAllowed(
  current: StoredDefinitionState,
  next: BenchmarkRecord,
): void {
  for (const track of current.tracks) {
    if (next.tracks.some((t) => t.slug === track.slug)) continue;
    if (track.submissionCount > 0 || track.reportedEntryCount > 0)
      throw new AppError(
        'CONFLICT',
        `track "${track.slug}" cannot be removed: it has ${track.submissionCount} submission(s) and ${track.reportedEntryCount} reported result(s); hide or disqualify entries instead`,
      );
  }
  for (const nextTrack of next.tracks) {
    const existing = current.tracks.find((t) => t.slug === nextTrack.slug);
    if (!existing) continue;
    if (existing.taskType !== nextTrack.taskType) {
      const hasTruth = existing.testSets.some((s) => s.caseCount > 0);
      if (existing.submissionCount > 0 || hasTruth)
        throw new AppError(
          'CONFLICT',
          `track "${nextTrack.slug}" cannot change its task type from ${existing.taskType} to ${nextTrack.taskType}: it has ${existing.submissionCount > 0 ? 'submissions' : 'ground truth'}; add a new track instead`,
        );
    }
    for (const set of existing.testSets) {
      if (nextTrack.testSets.some((s) => s.slug === set.slug)) continue;
      if (set.evaluationCount > 0 || set.reportedEntryCount > 0)
        throw new AppError(
          'CONFLICT',
          `test set "${nextTrack.slug}/${set.slug}" cannot be removed: it has ${set.evaluationCount} evaluation(s) and ${set.reportedEntryCount} reported result(s)`,
        );
    }
  }
  for (const phase of current.phases) {
    if (next.phases.some((p) => p.name === phase.name)) continue;
    if (phase.submissionCount > 0)
      throw new AppError(
        'CONFLICT',
        `phase "${phase.name}" cannot be removed: it has ${phase.submissionCount} submission(s); close it instead (set closesAt)`,
      );
  }
}

/**
 * What changed in a track that changes its scores: metrics (as a set), primary metric, task
 * configuration, task type. Each one bumps the evaluator version of every test set of the track.
 */
export function scoringChanges(existing: StoredTrackState, next: TrackRecord): string[] {
  const changed: string[] = [];
  if (!sameSet(existing.metrics, next.metrics)) changed.push('metrics');
  if (existing.primaryMetric !== next.primaryMetric) changed.push('primary metric');
  // How a metric is shown (metricDisplay) changes no score: it is a display change below.
  if (!sameJson(withoutDisplay(existing.taskConfig), withoutDisplay(next.taskConfig)))
    changed.push('task configuration');
  if (existing.taskType !== next.taskType) changed.push('task type');
  return changed;
}

/** A task configuration without its display options (`metricDisplay`), which score nothing. */
function withoutDisplay(taskConfig: unknown): unknown {
  if (!taskConfig || typeof taskConfig !== 'object' || Array.isArray(taskConfig)) return taskConfig;
  return Object.fromEntries(Object.entries(taskConfig).filter(([key]) => key !== 'metricDisplay'));
}

const displayOf = (taskConfig: unknown): unknown =>
  taskConfig && typeof taskConfig === 'object'
    ? (taskConfig as { metricDisplay?: unknown }).metricDisplay
    : undefined;

/** Changes shown on the pages but not scored: name, description, position, metric order, reported metrics, metric display. */
export function trackDisplayChanged(
  existing: StoredTrackState,
  next: TrackRecord,
  position: number,
): boolean {
  return (
    existing.name !== next.name ||
    existing.description !== next.description ||
    existing.position !== position ||
    !sameList(existing.metrics, next.metrics) ||
    !sameJson(existing.reportedMetrics, next.reportedMetrics) ||
    !sameJson(displayOf(existing.taskConfig), displayOf(next.taskConfig))
  );
}

/** Whether a kept test set's stored fields change, and whether its category dimensions do. */
export function testSetChanges(
  existing: StoredTestSetState,
  next: TestSetRecord,
  position: number,
): { changed: boolean; dimensionsChanged: boolean } {
  // null dimensions: not given, keep the stored ones (set by a ground-truth upload).
  const dimensionsChanged =
    next.categoryDimensions !== null &&
    !sameList(existing.categoryDimensions, next.categoryDimensions);
  return {
    dimensionsChanged,
    changed:
      dimensionsChanged ||
      existing.name !== next.name ||
      existing.description !== next.description ||
      existing.visibility !== next.visibility ||
      existing.inputs !== next.inputs ||
      existing.position !== position,
  };
}

/**
 * Why a test set's disclosure partition must be recomputed, or null. The partition follows the
 * minimum cell size and the test set's category dimensions; a test set without ground truth
 * (a fresh draft, before its first upload) has no partition, so nothing to recompute — and
 * therefore no evaluator-version bump from it.
 */
export function partitionRecomputeCause(
  set: Pick<StoredTestSetState, 'caseCount'>,
  {
    minimum,
    dimensions,
  }: { minimum: { from: number; to: number } | null; dimensions: string[] | null },
): string | null {
  if (set.caseCount === 0 || (minimum === null && dimensions === null)) return null;
  return [
    ...(minimum ? [`minimum cell size ${minimum.from} → ${minimum.to}`] : []),
    ...(dimensions ? [`category dimensions ${dimensions.join(', ') || 'none'}`] : []),
  ].join('; ');
}

/**
 * The reasons a kept test set moves to a new evaluator version (none: it keeps its version): its
 * track's scoring changes, and a recomputed partition whose cells changed, since stored
 * breakdowns and per-case answers were computed over the old groups. A partition recomputed to
 * the same cells, or display changes alone, bump nothing.
 */
export function evaluatorVersionBumpReasons({
  scoringChanged,
  partition,
}: {
  scoringChanged: readonly string[];
  partition: { cause: string; cellsChanged: boolean } | null;
}): string[] {
  return [
    ...scoringChanged.map((what) => `${what} changed`),
    ...(partition?.cellsChanged ? [`breakdown groups recomputed (${partition.cause})`] : []),
  ];
}

/**
 * Phases whose score decimals change. Stored scores are rounded to their phase's precision when
 * written, so a new precision changes stored numbers, like a metric change: every remaining test
 * set of the benchmark moves to a new evaluator version (those already bumped once by this
 * update are not bumped again).
 */
export function precisionChanges(
  current: readonly PhaseRecord[],
  next: readonly PhaseRecord[],
): string[] {
  return next.flatMap((p) => {
    const phase = current.find((c) => c.name === p.name);
    return phase && phase.scoreDecimals !== p.scoreDecimals
      ? [`phase "${p.name}" score decimals ${phase.scoreDecimals} → ${p.scoreDecimals}`]
      : [];
  });
}

/** Whether a kept phase's stored settings (dates, quotas, defences, …) differ from the definition's. */
export function phaseChanged(
  stored: benchmarkDefinitions.StoredPhaseState,
  next: PhaseRecord,
): boolean {
  const { id: _id, submissionCount: _count, ...fields } = stored;
  return !sameJson(fields, next);
}

/** "organ: 3 groups, question_type: 2 groups; 6 cells of at least 20 cases". */
export function describeGroups(partition: DisclosurePartition): string {
  const groups = partition.dimensions
    .map((d) => `${d.dimension}: ${d.groups.length} group${d.groups.length === 1 ? '' : 's'}`)
    .join(', ');
  const atoms = partition.atomSizes.length;
  return `${groups}${groups ? '; ' : ''}${atoms} cell${atoms === 1 ? '' : 's'} of at least ${partition.minCellSize} cases`;
}
