// The disclosure partition of a test set (SECURITY.md, docs/boards.md). Every number shown about a
// hidden test set is an aggregate over a union of *atoms*: the non-empty cells of the cross product
// of per-dimension groups of categories, each holding at least the minimum cell size k. Stored as
// JSON on the test set (`test_sets.disclosure`); each case's atom index is `cases.atom`.

/** The category of cases that have no value on a dimension: a category like any other. */
export const NOT_SPECIFIED_CATEGORY = '(not specified)';

/** One group of categories of a dimension, as breakdowns and custom subsets show it. */
export interface DisclosureGroup {
  /** Unique within the dimension; what breakdown rows and subset queries name. */
  label: string;
  /** The categories merged into this group, in display order (one for an unmerged category). */
  members: string[];
  /** Cases of the test set in the group (public: case metadata is public). */
  caseCount: number;
}

export interface DisclosureDimension {
  dimension: string;
  groups: DisclosureGroup[];
}

export interface DisclosurePartition {
  version: 1;
  /** The minimum atom size k the partition was built for (the benchmark's minimum cell size). */
  minCellSize: number;
  caseCount: number;
  /** In the curator's order of importance: earlier dimensions keep more resolution. */
  dimensions: DisclosureDimension[];
  /** Size of each atom; atom ids are indices. Every size ≥ minCellSize unless caseCount < minCellSize (one atom). */
  atomSizes: number[];
  /**
   * The test set's evaluator version when its current cases were written (absent when unknown,
   * e.g. cases stored before partitions existed). Per-case values of evaluations at earlier
   * versions belong to other cases, so custom subsets are not answered from them.
   */
  casesVersion?: number;
}
