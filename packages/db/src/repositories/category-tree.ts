import { NOT_SPECIFIED_CATEGORY } from '@medrank/core';
import type { Database } from '../client.js';
import type { CategoryTree } from '../dto.js';
import { partitionForTestSet } from './disclosure.js';

/**
 * The groups of the test set's disclosure partition per category dimension (in the test set's
 * dimension order), each with its member categories and case counts from the public metadata.
 * Null when the test set does not exist or has no cases.
 */
export async function listCategoryTree(
  db: Database,
  testSetId: string,
): Promise<CategoryTree | null> {
  const testSet = await db.testSet.findUnique({
    where: { id: testSetId },
    select: {
      categoryDimensions: true,
      track: { select: { benchmark: { select: { minCategorySize: true } } } },
    },
  });
  if (!testSet) return null;
  const partition = await partitionForTestSet(db, testSetId);
  if (!partition) return null;
  const dimensions = partition.dimensions.map((d) => d.dimension);
  // Category counts per dimension, with the partition's reading of a missing value.
  const rows =
    dimensions.length === 0
      ? []
      : await db.$queryRaw<{ dimension: string; category: string; count: bigint }[]>`
    SELECT d.dim AS dimension,
           CASE WHEN jsonb_typeof(c.metadata -> d.dim) IN ('string', 'number')
                 AND (c.metadata ->> d.dim) <> ''
                THEN c.metadata ->> d.dim ELSE ${NOT_SPECIFIED_CATEGORY}::text END AS category,
           count(*) AS count
      FROM public.cases c CROSS JOIN unnest(${dimensions}::text[]) AS d(dim)
     WHERE c."testSetId" = ${testSetId}
     GROUP BY 1, 2`;
  const counts = new Map(rows.map((r) => [`${r.dimension}\u0000${r.category}`, Number(r.count)]));
  return {
    testSetId,
    minCategorySize: partition.minCellSize,
    caseCount: partition.caseCount,
    atomCount: partition.atomSizes.length,
    dimensions: partition.dimensions.map(({ dimension, groups }) => ({
      dimension,
      groups: groups.map((g) => ({
        label: g.label,
        count: g.caseCount,
        members: g.members.map((category) => ({
          category,
          count: counts.get(`${dimension}\u0000${category}`) ?? 0,
        })),
      })),
    })),
  };
}
