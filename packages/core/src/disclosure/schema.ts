import { z } from 'zod';
import type { DisclosurePartition } from './types.js';

/** The stored shape of a disclosure partition (`test_sets.disclosure`), checked when read. */
export const disclosurePartitionSchema = z.object({
  version: z.literal(1),
  minCellSize: z.number().int().min(1),
  caseCount: z.number().int().min(0),
  dimensions: z.array(
    z.object({
      dimension: z.string(),
      groups: z.array(
        z.object({
          label: z.string(),
          members: z.array(z.string()).min(1),
          caseCount: z.number().int().min(0),
        }),
      ),
    }),
  ),
  atomSizes: z.array(z.number().int().min(1)),
  casesVersion: z.number().int().min(1).optional(),
}) satisfies z.ZodType<DisclosurePartition>;

/**
 * A stored partition, or null when there is none or it has another shape (an older format):
 * callers then compute it again from the cases.
 */
export function parseDisclosurePartition(stored: unknown): DisclosurePartition | null {
  if (stored === null || stored === undefined) return null;
  const parsed = disclosurePartitionSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
