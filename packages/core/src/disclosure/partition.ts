import {
  NOT_SPECIFIED_CATEGORY,
  type DisclosureDimension,
  type DisclosureGroup,
  type DisclosurePartition,
} from './types.js';

// The disclosure partition of a test set: per category dimension, groups of categories chosen so
// that every non-empty cell of their cross product (an *atom*) holds at least k cases. Breakdowns
// per dimension and custom subsets of whole groups are then unions of atoms, and every answer is
// a function of atom-level aggregates, so no combination of answers isolates fewer than k cases
// (docs/boards.md, "The disclosure rule").
//
// The grouping is *global recoding* (statistical agencies' small-cell suppression by merging):
// dimensions are grouped one after another in the curator's order of importance, each as finely
// as the cells fixed so far allow, so the least important dimension is merged first and most.

/** Joins the members of a merged group in its label. Reads as a list and contains no "+", so it
 * cannot be mistaken for a category such as VQA-RAD's "Attribute + Presence". */
export const GROUP_LABEL_SEPARATOR = ' · ';
/** Labels of merged groups longer than this list their largest members and the number left. */
const MAX_GROUP_LABEL_CHARS = 60;

/** The category of `metadata` on `dimension`: its string or number value, else NOT_SPECIFIED_CATEGORY. */
export function categoryOf(metadata: Readonly<Record<string, unknown>>, dimension: string): string {
  const value = metadata[dimension];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return NOT_SPECIFIED_CATEGORY;
}

export interface BuildDisclosurePartitionInput {
  /** Public metadata of every case of the test set (any order: the result does not depend on it). */
  caseMetadata: readonly Readonly<Record<string, unknown>>[];
  /** The test set's category dimensions, most important first. */
  dimensions: readonly string[];
  /** k: the smallest number of cases an atom may hold (the benchmark's minimum cell size). */
  minCellSize: number;
}

export interface BuiltDisclosurePartition {
  partition: DisclosurePartition;
  /** The atom of each case, aligned to `caseMetadata`. */
  caseAtoms: number[];
}

/** Cases of a candidate group per row (cell of the dimensions grouped so far). */
type Counts = Float64Array;

interface Candidate {
  members: string[];
  counts: Counts;
  total: number;
  /** Smallest member name: the deterministic tie-break. */
  key: string;
}

/**
 * The disclosure partition of a test set and each case's atom. Deterministic and independent of
 * the order of `caseMetadata`. Cases without a value on a dimension are in its category
 * NOT_SPECIFIED_CATEGORY, so "overall minus the groups" cannot isolate them. A test set with fewer
 * than `minCellSize` cases is one atom, and each dimension one group.
 * @throws {RangeError} when `minCellSize` is not a positive integer or a dimension is repeated.
 * @example buildDisclosurePartition({ caseMetadata, dimensions: ['organ', 'question_type'], minCellSize: 20 })
 */
export function buildDisclosurePartition({
  caseMetadata,
  dimensions,
  minCellSize: k,
}: BuildDisclosurePartitionInput): BuiltDisclosurePartition {
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`minCellSize must be a positive integer, got ${k}`);
  if (new Set(dimensions).size !== dimensions.length)
    throw new RangeError(`dimensions must be distinct, got ${dimensions.join(', ')}`);
  const n = caseMetadata.length;
  const categories = caseMetadata.map((m) => dimensions.map((d) => categoryOf(m, d)));

  // rowOf[i]: the cell of case i in the dimensions grouped so far (one row before the first).
  let rowOf = new Int32Array(n);
  let rowCount = n > 0 ? 1 : 0;
  const groupings: string[][][] = [];
  for (const [d] of dimensions.entries()) {
    const counts = new Map<string, Counts>();
    for (let i = 0; i < n; i++) {
      const category = categories[i]![d]!;
      let c = counts.get(category);
      if (!c) counts.set(category, (c = new Float64Array(rowCount)));
      c[rowOf[i]!]!++;
    }
    // Fewer cases than k: nothing may be told apart, so every dimension is one group.
    const groups =
      n === 0 ? [] : n < k ? [[...counts.keys()]] : groupDimension(counts, k).map((g) => g.members);
    groupings.push(groups);
    const groupOf = new Map<string, number>();
    groups.forEach((members, g) => members.forEach((c) => groupOf.set(c, g)));
    // New rows: the non-empty (row, group) cells, numbered in (row, group) order.
    const cellIndex = new Map<number, number>();
    const next = new Int32Array(n);
    const keyOf = (i: number) => rowOf[i]! * groups.length + groupOf.get(categories[i]![d]!)!;
    const keys = [...new Set(Array.from({ length: n }, (_, i) => keyOf(i)))].sort((a, b) => a - b);
    keys.forEach((key, index) => cellIndex.set(key, index));
    for (let i = 0; i < n; i++) next[i] = cellIndex.get(keyOf(i))!;
    rowOf = next;
    rowCount = keys.length;
  }

  const atomSizes = new Array<number>(rowCount).fill(0);
  for (let i = 0; i < n; i++) atomSizes[rowOf[i]!]!++;
  const partitionDimensions: DisclosureDimension[] = dimensions.map((dimension, d) => {
    const total = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const c = categories[i]![d]!;
      total.set(c, (total.get(c) ?? 0) + 1);
    }
    return { dimension, groups: labelGroups(groupings[d]!, total) };
  });
  // Atoms are numbered by the groups' order in the stored dimensions (largest group first), so
  // equal inputs give equal numbers whatever order the groups were found in.
  const rank = partitionDimensions.map(
    (dim) => new Map(dim.groups.flatMap((g, index) => g.members.map((m) => [m, index] as const))),
  );
  const atomKey = (i: number) => rank.map((r, d) => r.get(categories[i]![d]!)!);
  const firstCaseOfAtom = new Map<number, number>();
  for (let i = 0; i < n; i++)
    if (!firstCaseOfAtom.has(rowOf[i]!)) firstCaseOfAtom.set(rowOf[i]!, i);
  const order = [...firstCaseOfAtom.keys()].sort((a, b) =>
    compareKeys(atomKey(firstCaseOfAtom.get(a)!), atomKey(firstCaseOfAtom.get(b)!)),
  );
  const renumber = new Map(order.map((atom, index) => [atom, index]));
  return {
    partition: {
      version: 1,
      minCellSize: k,
      caseCount: n,
      dimensions: partitionDimensions,
      atomSizes: order.map((atom) => atomSizes[atom]!),
    },
    caseAtoms: Array.from(rowOf, (atom) => renumber.get(atom)!),
  };
}

function compareKeys(a: number[], b: number[]): number {
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return a[d]! - b[d]!;
  return 0;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Σ over non-empty cells of max(0, k − count): how far a group is from every cell holding k. */
function deficit(counts: Counts, k: number): number {
  let sum = 0;
  for (const c of counts) if (c > 0 && c < k) sum += k - c;
  return sum;
}

function sumCounts(a: Counts, b: Counts): Counts {
  const out = new Float64Array(a.length);
  for (let r = 0; r < a.length; r++) out[r] = a[r]! + b[r]!;
  return out;
}

function merge(a: Candidate, b: Candidate): Candidate {
  return {
    members: [...a.members, ...b.members],
    counts: sumCounts(a.counts, b.counts),
    total: a.total + b.total,
    key: byName(a.key, b.key) <= 0 ? a.key : b.key,
  };
}

/**
 * Groups one dimension's categories, given the rows fixed by earlier dimensions, into as many
 * groups as a greedy finds such that every (group, row) cell is empty or holds at least k cases.
 * Categories are taken largest first: one whose every cell already holds k is its own group;
 * another joins the open group whose deficit it lowers most, or opens one. Groups still short at
 * the end are merged, smallest first, into the partner that leaves the least deficit (open
 * partners, then smaller ones, first). A pairwise "merge the smallest into its best partner" from
 * the start collapses VQA-RAD's question types into one group; this keeps two.
 */
function groupDimension(counts: Map<string, Counts>, k: number): Candidate[] {
  const candidates: Candidate[] = [...counts]
    .map(([category, c]) => ({
      members: [category],
      counts: c,
      total: c.reduce((s, x) => s + x, 0),
      key: category,
    }))
    .sort((a, b) => b.total - a.total || byName(a.key, b.key));
  const complete: Candidate[] = [];
  let open: Candidate[] = [];
  for (const candidate of candidates) {
    const own = deficit(candidate.counts, k);
    if (own === 0) {
      complete.push(candidate);
      continue;
    }
    let best: { index: number; gain: number } | null = null;
    open.forEach((group, index) => {
      const gain =
        deficit(group.counts, k) + own - deficit(sumCounts(group.counts, candidate.counts), k);
      if (gain > 0 && (!best || gain > best.gain)) best = { index, gain };
    });
    if (best === null) {
      open.push(candidate);
      continue;
    }
    const { index } = best;
    const merged = merge(open[index]!, candidate);
    if (deficit(merged.counts, k) === 0) {
      complete.push(merged);
      open = open.filter((_, i) => i !== index);
    } else open[index] = merged;
  }
  while (open.length > 0) {
    open.sort((a, b) => a.total - b.total || byName(a.key, b.key));
    const [smallest, ...rest] = open;
    const partners = [
      ...rest.map((group) => ({ group, isOpen: true })),
      ...complete.map((group) => ({ group, isOpen: false })),
    ];
    if (partners.length === 0) {
      // One group left holding every category: its cells are the rows, each ≥ k by construction.
      complete.push(smallest!);
      break;
    }
    const scored = partners
      .map((p) => ({ ...p, merged: merge(p.group, smallest!) }))
      .map((p) => ({ ...p, deficit: deficit(p.merged.counts, k) }))
      .sort(
        (a, b) =>
          a.deficit - b.deficit ||
          Number(b.isOpen) - Number(a.isOpen) ||
          a.group.total - b.group.total ||
          byName(a.group.key, b.group.key),
      );
    const chosen = scored[0]!;
    open = rest.filter((g) => g !== chosen.group);
    const remaining = complete.filter((g) => g !== chosen.group);
    complete.length = 0;
    complete.push(...remaining);
    if (chosen.deficit === 0) complete.push(chosen.merged);
    else open.push(chosen.merged);
  }
  return complete;
}

/**
 * Labels the groups of one dimension: an unmerged category keeps its name (existing links keep
 * working); a merged group lists its members, largest first, shortened to the largest ones and a
 * count when long. Members of different groups are disjoint, so two merged labels never clash;
 * a label equal to some category's name is marked " (group)" until it is unique.
 */
function labelGroups(groups: string[][], total: Map<string, number>): DisclosureGroup[] {
  const size = (c: string) => total.get(c) ?? 0;
  const categories = new Set(total.keys());
  const taken = new Set<string>();
  return groups
    .map((members) => {
      const sorted = [...members].sort((a, b) => size(b) - size(a) || byName(a, b));
      return { members: sorted, caseCount: sorted.reduce((s, c) => s + size(c), 0) };
    })
    .sort((a, b) => b.caseCount - a.caseCount || byName(a.members[0]!, b.members[0]!))
    .map(({ members, caseCount }) => {
      let label = members.length === 1 ? members[0]! : mergedLabel(members);
      if (members.length > 1) while (categories.has(label) || taken.has(label)) label += ' (group)';
      taken.add(label);
      return { label, members, caseCount };
    });
}

function mergedLabel(members: string[]): string {
  const full = members.join(GROUP_LABEL_SEPARATOR);
  if (full.length <= MAX_GROUP_LABEL_CHARS) return full;
  const shown: string[] = [];
  for (const m of members) {
    const more = members.length - shown.length - 1;
    const candidate = [...shown, m].join(GROUP_LABEL_SEPARATOR) + ` and ${more} more`;
    if (shown.length > 0 && candidate.length > MAX_GROUP_LABEL_CHARS) break;
    shown.push(m);
  }
  return `${shown.join(GROUP_LABEL_SEPARATOR)} and ${members.length - shown.length} more`;
}
