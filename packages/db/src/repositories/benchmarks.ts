import type { Database } from '../client.js';
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

async function entryCounts(db: Database, benchmarkIds: string[]): Promise<Map<string, number>> {
  const rows = await db.submission.groupBy({
    by: ['trackId'],
    where: { status: 'SCORED', isPublished: true, track: { benchmarkId: { in: benchmarkIds } } },
    _count: { _all: true },
  });
  const tracks = await db.track.findMany({
    where: { benchmarkId: { in: benchmarkIds } },
    select: { id: true, benchmarkId: true },
  });
  const byTrack = new Map(tracks.map((t) => [t.id, t.benchmarkId]));
  const counts = new Map<string, number>();
  for (const row of rows) {
    const benchmarkId = byTrack.get(row.trackId);
    if (benchmarkId) counts.set(benchmarkId, (counts.get(benchmarkId) ?? 0) + row._count._all);
  }
  return counts;
}

/** The public catalog: published benchmarks, newest activity first. */
export async function listPublished(db: Database): Promise<BenchmarkSummaryDto[]> {
  const benchmarks = await db.benchmark.findMany({
    where: { status: 'PUBLISHED' },
    include: { tracks: { include: { testSets: { select: { caseCount: true } } } } },
    orderBy: [{ updatedAt: 'desc' }, { slug: 'asc' }],
  });
  const counts = await entryCounts(
    db,
    benchmarks.map((b) => b.id),
  );
  return benchmarks.map((b) => ({
    slug: b.slug,
    title: b.title,
    summary: b.summary,
    taskType: b.taskType,
    modality: b.modality,
    bodyRegion: b.bodyRegion,
    license: b.license,
    caseCount: b.tracks.reduce(
      (sum, t) => sum + t.testSets.reduce((s, ts) => s + ts.caseCount, 0),
      0,
    ),
    entryCount: counts.get(b.id) ?? 0,
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
  const counts = await entryCounts(db, [b.id]);
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
    entryCount: counts.get(b.id) ?? 0,
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
