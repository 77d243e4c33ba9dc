import { evaluationRestriction, testSetRelease } from '@medrank/core';
import type { Database } from '../client.js';
import type { BoardScore, BoardViewer, ModelView } from '../dto.js';
import { finite, rankedEvaluatorVersion } from './board-loaders.js';
import { isBenchmarkCurator as canSeeDraft } from './curators.js';

/**
 * A model's entries across published benchmarks (and drafts the viewer curates): verified
 * entries with that model slug at each test set's ranked version, and reported entries.
 */
export async function getModel(
  db: Database,
  modelSlug: string,
  viewer?: BoardViewer | null,
): Promise<ModelView | null> {
  const [submissions, reported] = await Promise.all([
    db.submission.findMany({
      where: { modelSlug, status: 'SCORED', isPublished: true, moderation: { not: 'HIDDEN' } },
      include: {
        track: {
          include: {
            benchmark: { include: { phases: { select: { opensAt: true, closesAt: true } } } },
          },
        },
        evaluations: { include: { scores: true, testSet: true } },
      },
      orderBy: { createdAt: 'asc' },
    }),
    db.reportedEntry.findMany({
      where: { modelSlug, moderation: { not: 'HIDDEN' } },
      include: {
        benchmark: true,
        track: true,
        testSet: true,
        scores: { where: { dimension: '', category: '' } },
      },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const visibleDrafts = new Set<string>();
  const draftIds = new Set(
    [...submissions.map((s) => s.track.benchmark), ...reported.map((r) => r.benchmark)]
      .filter((b) => b.status === 'DRAFT')
      .map((b) => b.id),
  );
  for (const id of draftIds) if (await canSeeDraft(db, id, viewer)) visibleDrafts.add(id);
  const visible = (b: { id: string; status: string }) =>
    b.status === 'PUBLISHED' || visibleDrafts.has(b.id);

  const rankedVersions = new Map<string, number>();
  const ranked = async (testSetId: string) => {
    let v = rankedVersions.get(testSetId);
    if (v === undefined)
      rankedVersions.set(testSetId, (v = await rankedEvaluatorVersion(db, testSetId)));
    return v;
  };
  const entries: ModelView['entries'] = [];
  const names = new Map<string, number>();
  for (const s of submissions) {
    if (!visible(s.track.benchmark)) continue;
    for (const e of s.evaluations) {
      if (e.evaluatorVersion !== (await ranked(e.testSetId))) continue;
      // A public page, the same for every viewer: restricted numbers are left out for all, and
      // a result the Ladder withheld is not listed (as on the board).
      const restriction = evaluationRestriction(
        testSetRelease(e.testSet.visibility, s.track.benchmark.phases),
        e.isReleased,
      );
      if (restriction?.kind === 'withheld-by-ladder') continue;
      const scores: Record<string, BoardScore> = {};
      if (restriction === null)
        for (const sc of e.scores)
          scores[sc.metric] = {
            value: finite(sc.value),
            ciLow: finite(sc.ciLow),
            ciHigh: finite(sc.ciHigh),
          };
      names.set(s.methodName, (names.get(s.methodName) ?? 0) + 1);
      entries.push({
        kind: 'verified',
        id: s.id,
        methodName: s.methodName,
        benchmark: { slug: s.track.benchmark.slug, title: s.track.benchmark.title },
        track: { slug: s.track.slug, name: s.track.name, primaryMetric: s.track.primaryMetric },
        testSet: { slug: e.testSet.slug, name: e.testSet.name },
        date: s.createdAt.toISOString(),
        primaryValue: scores[s.track.primaryMetric]?.value ?? null,
        scores,
        moderation: s.moderation === 'DISQUALIFIED' ? 'DISQUALIFIED' : 'VISIBLE',
      });
    }
  }
  for (const r of reported) {
    if (!visible(r.benchmark)) continue;
    const scores: Record<string, BoardScore> = {};
    for (const sc of r.scores)
      scores[sc.metric] = { value: finite(sc.value), ciLow: null, ciHigh: null };
    names.set(r.modelName, (names.get(r.modelName) ?? 0) + 1);
    entries.push({
      kind: 'reported',
      id: r.id,
      methodName: r.modelName,
      benchmark: { slug: r.benchmark.slug, title: r.benchmark.title },
      track: { slug: r.track.slug, name: r.track.name, primaryMetric: r.track.primaryMetric },
      testSet: { slug: r.testSet.slug, name: r.testSet.name },
      date: r.reportedDate,
      primaryValue: scores[r.track.primaryMetric]?.value ?? null,
      scores,
      moderation: r.moderation === 'DISQUALIFIED' ? 'DISQUALIFIED' : 'VISIBLE',
    });
  }
  if (entries.length === 0) return null;
  const name = [...names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  return { modelSlug, name, entries };
}
