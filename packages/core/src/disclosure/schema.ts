import { z } from 'zod';
import type { DisclosurePartition } from './types.js';

/**
 * The stored shape of a disclosure partition (`test_sets.disclosure`), checked when read. Built
 * on first use, not at import: zod probes `new Function` when it builds an object schema, and the
 * pages' Content-Security-Policy (no 'unsafe-eval') reports that as a violation in every browser
 * bundle that merely imports @medrank/core.
 */
const buildDisclosurePartitionSchema = () =>
  z.object({
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

let disclosurePartitionSchema: ReturnType<typeof buildDisclosurePartitionSchema> | undefined;

/**
 * A stored partition, or null when there is none or it has another shape (an older format):
 * callers then compute it again from the cases.
 */
export function parseDisclosurePartition(stored: unknown): DisclosurePartition | null {
  if (stored === null || stored === undefined) return null;
  disclosurePartitionSchema ??= buildDisclosurePartitionSchema();
  const parsed = disclosurePartitionSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
