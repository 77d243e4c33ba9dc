import { categoryOf } from './partition.js';
import type { DisclosureGroup, DisclosurePartition } from './types.js';

// Reading a disclosure partition: the group a case belongs to on each dimension (what breakdowns
// are computed over), which breakdown cells may be shown, and whether a custom subset is a union
// of atoms (the only subsets that may be answered).

/** Per dimension: category → its group, and group label → group. */
export interface PartitionLookup {
  dimensions: string[];
  groupOfCategory: Map<string, Map<string, DisclosureGroup>>;
  groupByLabel: Map<string, Map<string, DisclosureGroup>>;
}

export function partitionLookup(partition: DisclosurePartition): PartitionLookup {
  const groupOfCategory = new Map<string, Map<string, DisclosureGroup>>();
  const groupByLabel = new Map<string, Map<string, DisclosureGroup>>();
  for (const { dimension, groups } of partition.dimensions) {
    groupOfCategory.set(
      dimension,
      new Map(groups.flatMap((g) => g.members.map((m) => [m, g] as const))),
    );
    groupByLabel.set(dimension, new Map(groups.map((g) => [g.label, g] as const)));
  }
  return {
    dimensions: partition.dimensions.map((d) => d.dimension),
    groupOfCategory,
    groupByLabel,
  };
}

/**
 * A case's group label on every dimension of the partition: the categories breakdowns are
 * computed over. A category the partition does not know (metadata changed without recomputing
 * it, which the writers never do) maps to no group, so the case is in no breakdown cell.
 */
export function groupLabelsOf(
  lookup: PartitionLookup,
  metadata: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const dimension of lookup.dimensions) {
    const group = lookup.groupOfCategory.get(dimension)?.get(categoryOf(metadata, dimension));
    if (group) labels[dimension] = group.label;
  }
  return labels;
}

/** True when (dimension, label) is a group of the partition: the only breakdown cells shown. */
export function isDisclosedGroup(
  lookup: PartitionLookup,
  dimension: string,
  label: string,
): boolean {
  return lookup.groupByLabel.get(dimension)?.has(label) ?? false;
}

/** A subset filter resolved against the partition: per dimension, the accepted categories. */
export type ResolvedSubsetFilters =
  | {
      ok: true;
      accepted: { dimension: string; categories: Set<string> }[];
      /** Groups the filters name only some members of (the subset cuts through them). */
      splitGroups: { dimension: string; named: string[]; group: DisclosureGroup }[];
    }
  | { ok: false; message: string };

/**
 * Resolves `dimension → values` filters. A value is a group label (all its members) or one
 * category (a member of some group). Unknown dimensions and values are refused, naming what
 * exists (groups are public, as case metadata is).
 */
export function resolveSubsetFilters(
  lookup: PartitionLookup,
  filters: Readonly<Record<string, readonly string[]>>,
): ResolvedSubsetFilters {
  const accepted: { dimension: string; categories: Set<string> }[] = [];
  const splitGroups: { dimension: string; named: string[]; group: DisclosureGroup }[] = [];
  for (const [dimension, values] of Object.entries(filters)) {
    const byLabel = lookup.groupByLabel.get(dimension);
    const byCategory = lookup.groupOfCategory.get(dimension);
    if (!byLabel || !byCategory)
      return {
        ok: false,
        message: `unknown dimension "${dimension}"; this test set's dimensions: ${lookup.dimensions.join(', ') || 'none'}`,
      };
    const categories = new Set<string>();
    const unknown: string[] = [];
    const namedByGroup = new Map<DisclosureGroup, string[]>();
    for (const value of values) {
      const group = byLabel.get(value);
      if (group) {
        for (const m of group.members) categories.add(m);
        continue;
      }
      const owner = byCategory.get(value);
      if (!owner) {
        unknown.push(value);
        continue;
      }
      categories.add(value);
      namedByGroup.set(owner, [...(namedByGroup.get(owner) ?? []), value]);
    }
    if (unknown.length > 0)
      return {
        ok: false,
        message: `unknown ${dimension} group${unknown.length > 1 ? 's' : ''} ${unknown.map((v) => `"${v}"`).join(', ')}; its groups: ${[...byLabel.keys()].map((l) => `"${l}"`).join(', ')}`,
      };
    for (const [group, named] of namedByGroup)
      if (group.members.some((m) => !categories.has(m)))
        splitGroups.push({ dimension, named, group });
    accepted.push({ dimension, categories });
  }
  return { ok: true, accepted, splitGroups };
}

/** Indices of the cases whose metadata match every accepted dimension. */
export function selectCases(
  caseMetadata: readonly Readonly<Record<string, unknown>>[],
  accepted: readonly { dimension: string; categories: ReadonlySet<string> }[],
): number[] {
  const members: number[] = [];
  caseMetadata.forEach((m, i) => {
    if (accepted.every(({ dimension, categories }) => categories.has(categoryOf(m, dimension))))
      members.push(i);
  });
  return members;
}

/**
 * True when the cases `selected` (indices) are a union of whole atoms: every atom is chosen
 * entirely or not at all. `caseAtoms[i]` is case i's atom; a case without one fails the check.
 */
export function isUnionOfAtoms(
  caseAtoms: readonly (number | null)[],
  atomSizes: readonly number[],
  selected: readonly number[],
): boolean {
  const chosen = new Array<number>(atomSizes.length).fill(0);
  for (const i of selected) {
    const atom = caseAtoms[i];
    if (atom === null || atom === undefined || atom < 0 || atom >= atomSizes.length) return false;
    chosen[atom]!++;
  }
  return chosen.every((count, atom) => count === 0 || count === atomSizes[atom]);
}

/**
 * Why a subset that is not a union of atoms is refused, naming the groups to choose whole and
 * never a number of cases (the size of a small set is exactly what must not be told).
 */
export function splitGroupsMessage(
  splitGroups: readonly { dimension: string; named: string[]; group: DisclosureGroup }[],
  minCellSize: number,
): string {
  const why = `categories are grouped so that every cell of the breakdown has at least ${minCellSize} cases, which keeps hidden labels hidden`;
  if (splitGroups.length === 0)
    return `this subset cuts through the groups shown on the board; choose whole groups (${why})`;
  const parts = splitGroups.map(
    ({ dimension, named, group }) =>
      `${dimension} ${named.map((c) => `"${c}"`).join(', ')} ${named.length > 1 ? 'are' : 'is'} part of the group "${group.label}"`,
  );
  return `choose whole groups: ${parts.join('; ')} (${why})`;
}
