import type { Database } from '../client.js';
import { countBoardEntries } from './board-entry-counts.js';
import type { BenchmarkDto, BenchmarkSummaryDto, TestSetDto, TrackDto } from '../dto.js';

type TestSetRow = {
  id: string;
  slug: string;
  name: string;
  visibility: 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';
  evaluatorVersion: number;
  bootstrapSeed: number;
  caseCount: number;
};

export const toTestSetDto = (t: TestSetRow): TestSetDto => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  visibility: t.visibility,
  evaluatorVersion: t.evaluatorVersion,
  bootstrapSeed: t.bootstrapSeed,
  caseCount: t.caseCount,
});

type TrackWithTestSets = {
  position: number;
  slug: string;
  testSets: { id: string; position: number; slug: string }[];
};
const byPositionThenSlug = (
  a: { position: number; slug: string },
  b: { position: number; slug: string },
) => a.position - b.position || a.slug.localeCompare(b.slug);

/** The test set a board opens on: its first track's first test set (the board's own order). */
function defaultTestSetId(tracks: readonly TrackWithTestSets[]): string | null {
  const track = [...tracks].sort(byPositionThenSlug)[0];
  return track ? ([...track.testSets].sort(byPositionThenSlug)[0]?.id ?? null) : null;
}

/**
 * Entries of each benchmark's board as it opens (its default tab), verified and in all, counted
 * by the board's own query, so the catalog says what the board shows.
 */
async function defaultBoardCounts(
  db: Database,
  benchmarks: readonly { id: string; tracks: readonly TrackWithTestSets[] }[],
): Promise<Map<string, { entryCount: number; verifiedEntryCount: number }>> {
  const defaults = benchmarks.flatMap((b) => {
    const testSetId = defaultTestSetId(b.tracks);
    return testSetId ? [[b.id, testSetId] as const] : [];
  });
  const counts = await countBoardEntries(
    db,
    defaults.map(([, testSetId]) => testSetId),
  );
  return new Map(
    defaults.map(([benchmarkId, testSetId]) => {
      const count = counts.get(testSetId);
      return [
        benchmarkId,
        {
          entryCount: count ? count.verified + count.reported : 0,
          verifiedEntryCount: count?.verified ?? 0,
        },
      ];
    }),
  );
}

/** Every task type of a benchmark's tracks, in track order (the benchmark's own when it has none). */
function taskTypesOf(
  benchmarkTaskType: string,
  tracks: readonly { position: number; slug: string; taskType: string }[],
): string[] {
  const types = [...tracks].sort(byPositionThenSlug).map((t) => t.taskType);
  return types.length > 0 ? [...new Set(types)] : [benchmarkTaskType];
}

/** The public catalog: published benchmarks, newest activity first. */
export async function listPublished(db: Database): Promise<BenchmarkSummaryDto[]> {
  const benchmarks = await db.benchmark.findMany({
    where: { status: 'PUBLISHED' },
    include: {
      tracks: {
        select: {
          slug: true,
          position: true,
          taskType: true,
          testSets: { select: { id: true, slug: true, position: true, caseCount: true } },
        },
      },
    },
    orderBy: [{ updatedAt: 'desc' }, { slug: 'asc' }],
  });
  const counts = await defaultBoardCounts(db, benchmarks);
  return benchmarks.map((b) => ({
    slug: b.slug,
    title: b.title,
    summary: b.summary,
    taskType: b.taskType,
    taskTypes: taskTypesOf(b.taskType, b.tracks),
    modality: b.modality,
    bodyRegion: b.bodyRegion,
    license: b.license,
    caseCount: b.tracks.reduce(
      (sum, t) => sum + t.testSets.reduce((s, ts) => s + ts.caseCount, 0),
      0,
    ),
    entryCount: counts.get(b.id)?.entryCount ?? 0,
    verifiedEntryCount: counts.get(b.id)?.verifiedEntryCount ?? 0,
    updatedAt: b.updatedAt.toISOString(),
  }));
}

/** A published benchmark with its tracks and test sets; null for unknown slugs and drafts. */
export function findPublishedBySlug(db: Database, slug: string): Promise<BenchmarkDto | null> {
  return findBySlug(db, slug, { includeDrafts: false });
}

/**
 * A benchmark with its tracks and test sets; drafts only with `includeDrafts` (callers decide
 * who may see a draft: its curators and site admins).
 */
export async function findBySlug(
  db: Database,
  slug: string,
  { includeDrafts }: { includeDrafts: boolean },
): Promise<BenchmarkDto | null> {
  const b = await db.benchmark.findUnique({
    where: { slug },
    include: {
      tracks: {
        orderBy: { position: 'asc' },
        include: { testSets: { orderBy: { position: 'asc' } } },
      },
      phases: { orderBy: { opensAt: 'desc' } },
    },
  });
  if (!b || (b.status !== 'PUBLISHED' && !includeDrafts)) return null;
  const counts = (await defaultBoardCounts(db, [b])).get(b.id);
  const now = new Date();
  const open = b.phases.find((p) => p.opensAt <= now && (!p.closesAt || p.closesAt > now)) ?? null;
  const tracks: TrackDto[] = b.tracks.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    taskType: t.taskType,
    taskConfig: (t.taskConfig ?? {}) as Record<string, unknown>,
    metrics: t.metrics,
    primaryMetric: t.primaryMetric,
    testSets: t.testSets.map(toTestSetDto),
  }));
  return {
    id: b.id,
    slug: b.slug,
    title: b.title,
    summary: b.summary,
    description: b.description,
    taskType: b.taskType,
    taskTypes: taskTypesOf(b.taskType, b.tracks),
    modality: b.modality,
    bodyRegion: b.bodyRegion,
    license: b.license,
    citation: b.citation,
    paperUrl: b.paperUrl,
    dataUrl: b.dataUrl,
    status: b.status,
    caseCount: tracks.reduce(
      (sum, t) => sum + t.testSets.reduce((s, ts) => s + ts.caseCount, 0),
      0,
    ),
    entryCount: counts?.entryCount ?? 0,
    verifiedEntryCount: counts?.verifiedEntryCount ?? 0,
    updatedAt: b.updatedAt.toISOString(),
    tracks,
    openPhase: open
      ? {
          id: open.id,
          name: open.name,
          dailyQuota: open.dailyQuota,
          totalQuota: open.totalQuota,
          scoreDecimals: open.scoreDecimals,
          ladderMargin: open.ladderMargin,
          requiresApproval: open.requiresApproval,
        }
      : null,
  };
}

/** Public case ids of a track's test sets, in a stable order (for the submission template). */
export async function listCaseIds(db: Database, trackId: string): Promise<string[]> {
  const cases = await db.case.findMany({
    where: { testSet: { trackId } },
    select: { caseId: true, testSet: { select: { position: true } } },
  });
  // Natural order ("2" before "10"), test sets in their display order.
  const collator = new Intl.Collator('en', { numeric: true });
  cases.sort(
    (a, b) => a.testSet.position - b.testSet.position || collator.compare(a.caseId, b.caseId),
  );
  return cases.map((c) => c.caseId);
}
