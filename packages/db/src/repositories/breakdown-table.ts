import { testSetRelease } from '@medrank/core';
import type { Database } from '../client.js';
import type { BreakdownCell, BreakdownTable } from '../dto.js';
import { finite } from './board-loaders.js';
import { listCategoryTree } from './category-tree.js';

/**
 * Per category dimension, every entry's value on `metric` per disclosure group: verified values
 * from the public Breakdown rows of evaluations at `version`, reported values from ReportedScore
 * rows with a dimension. A verified row is shown only when its (dimension, category) is a group of
 * the test set's current partition: rows computed under an older partition (before a change of the
 * minimum or the dimensions, or before partitions existed) may describe cells that are not unions
 * of today's atoms. Verified cells are withheld while the test set's scores are hidden.
 */
export async function getBreakdownTable(
  db: Database,
  { testSetId, version, metric }: { testSetId: string; version: number; metric: string },
): Promise<BreakdownTable | null> {
  const testSet = await db.testSet.findUnique({
    where: { id: testSetId },
    include: {
      track: {
        include: {
          benchmark: { include: { phases: { select: { opensAt: true, closesAt: true } } } },
        },
      },
    },
  });
  if (!testSet) return null;
  const benchmark = testSet.track.benchmark;
  const scoresHidden = testSetRelease(testSet.visibility, benchmark.phases).isHidden;
  const [breakdowns, reported, tree] = await Promise.all([
    scoresHidden
      ? Promise.resolve([])
      : db.breakdown.findMany({
          where: {
            metric,
            evaluation: {
              testSetId,
              evaluatorVersion: version,
              isReleased: true,
              submission: { status: 'SCORED', isPublished: true, moderation: { not: 'HIDDEN' } },
            },
          },
          include: {
            evaluation: {
              select: {
                submission: {
                  select: {
                    id: true,
                    methodName: true,
                    baselineKind: true,
                    team: { select: { slug: true, name: true } },
                  },
                },
              },
            },
          },
        }),
    db.reportedScore.findMany({
      where: {
        metric,
        dimension: { not: '' },
        entry: { testSetId, moderation: { not: 'HIDDEN' } },
      },
      include: { entry: { select: { id: true, modelName: true, baselineKind: true } } },
    }),
    listCategoryTree(db, testSetId),
  ]);
  type Column = BreakdownTable['dimensions'][number]['categories'][number];
  const byDimension = new Map<
    string,
    {
      columns: Map<string, Column>;
      /** Group labels of the partition: the only verified cells shown. */
      groups: Set<string>;
      rows: Map<string, BreakdownTable['dimensions'][number]['rows'][number]>;
    }
  >();
  const dimensionOf = (dimension: string) => {
    let d = byDimension.get(dimension);
    if (!d)
      byDimension.set(dimension, (d = { columns: new Map(), groups: new Set(), rows: new Map() }));
    return d;
  };
  for (const dim of tree?.dimensions ?? []) {
    const d = dimensionOf(dim.dimension);
    for (const g of dim.groups) {
      d.groups.add(g.label);
      d.columns.set(g.label, {
        category: g.label,
        n: g.count,
        members: g.members.map((m) => m.category),
      });
    }
  }
  for (const b of breakdowns) {
    const d = byDimension.get(b.dimension);
    if (!d?.groups.has(b.category)) continue;
    const sub = b.evaluation.submission;
    let row = d.rows.get(sub.id);
    if (!row)
      d.rows.set(
        sub.id,
        (row = {
          kind: 'verified',
          id: sub.id,
          methodName: sub.methodName,
          team: sub.team,
          baselineKind: sub.baselineKind,
          cells: {},
        }),
      );
    row.cells[b.category] = {
      value: finite(b.value),
      ciLow: finite(b.ciLow),
      ciHigh: finite(b.ciHigh),
      n: b.n,
    };
  }
  for (const r of reported) {
    const d = dimensionOf(r.dimension);
    if (!d.columns.has(r.category))
      d.columns.set(r.category, { category: r.category, n: null, members: [r.category] });
    let row = d.rows.get(r.entry.id);
    if (!row)
      d.rows.set(
        r.entry.id,
        (row = {
          kind: 'reported',
          id: r.entry.id,
          methodName: r.entry.modelName,
          team: null,
          baselineKind: r.entry.baselineKind,
          cells: {},
        }),
      );
    row.cells[r.category] = {
      value: finite(r.value),
      ciLow: null,
      ciHigh: null,
      n: null,
    } satisfies BreakdownCell;
  }
  const order = testSet.categoryDimensions;
  const dimensions = [...byDimension]
    .filter(([, d]) => d.rows.size > 0)
    .sort(([a], [b]) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.localeCompare(b);
    })
    .map(([dimension, d]) => ({
      dimension,
      categories: [...d.columns.values()],
      rows: [...d.rows.values()].sort(
        (a, b) =>
          (a.kind === b.kind ? 0 : a.kind === 'verified' ? -1 : 1) ||
          a.methodName.localeCompare(b.methodName),
      ),
    }));
  return {
    metric,
    version,
    scoresHidden,
    minCategorySize: benchmark.minCategorySize,
    dimensions,
  };
}
