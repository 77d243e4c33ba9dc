// Who may see the numbers of an evaluation (SECURITY.md, docs/boards.md). This is the one place
// the rule lives: every read path (boards, entries, submissions, badges, history, model pages,
// exports, rank statistics, subsets, comparisons) asks these functions instead of deciding itself.

export type TestSetVisibility = 'PUBLIC' | 'HIDDEN_UNTIL_CLOSE';

/** The dates of one phase of a benchmark; a phase without `closesAt` never closes. */
export interface PhaseWindow {
  opensAt: Date;
  closesAt: Date | null;
}

export interface TestSetRelease {
  /** True while the test set's verified numbers are shown to nobody but the benchmark's curators. */
  isHidden: boolean;
  /**
   * When they will be shown: the close of the benchmark's last phase. Null when they are shown
   * already, or when no date is set (a phase without a close date, or no phase at all).
   */
  releaseAt: Date | null;
}

/**
 * Whether a test set's scores are hidden from everyone but the benchmark's curators (and site
 * admins), the submitting team included.
 *
 * A `PUBLIC` test set is never hidden. A `HIDDEN_UNTIL_CLOSE` test set stays hidden until every
 * phase of its benchmark has closed: a phase that has not opened yet has not closed either (the
 * next phase's participants must not learn the private split's scores between phases), a phase
 * without a close date keeps it hidden for good, and so does a benchmark with no phase at all —
 * hidden is the safe default; a curator who wants the scores out sets a close date.
 */
export function testSetRelease(
  visibility: TestSetVisibility,
  phases: readonly PhaseWindow[],
  now: Date = new Date(),
): TestSetRelease {
  if (visibility === 'PUBLIC') return { isHidden: false, releaseAt: null };
  if (phases.length === 0 || phases.some((p) => p.closesAt === null))
    return { isHidden: true, releaseAt: null };
  const lastCloseMs = Math.max(...phases.map((p) => p.closesAt!.getTime()));
  return lastCloseMs > now.getTime()
    ? { isHidden: true, releaseAt: new Date(lastCloseMs) }
    : { isHidden: false, releaseAt: null };
}

/** Why participants do not see an evaluation's numbers; null when everyone may see them. */
export type ScoreRestriction =
  | {
      kind: 'hidden-until-close';
      /** ISO instant the scores are shown, or null when no close date is set. */
      releaseAt: string | null;
    }
  | { kind: 'withheld-by-ladder' };

/**
 * The restriction on one evaluation's numbers: its test set is hidden until close, or the
 * phase's Ladder withheld it (`isReleased` false). Hidden-until-close is named first: it is the
 * one that ends at a date.
 */
export function evaluationRestriction(
  testSet: TestSetRelease,
  isReleased: boolean,
): ScoreRestriction | null {
  if (testSet.isHidden)
    return { kind: 'hidden-until-close', releaseAt: testSet.releaseAt?.toISOString() ?? null };
  if (!isReleased) return { kind: 'withheld-by-ladder' };
  return null;
}

/**
 * Whether a viewer may see numbers under `restriction`: everyone when there is none, otherwise
 * only the benchmark's curators and site admins (`isCurator`) — never the submitting team.
 */
export function canSeeScores(restriction: ScoreRestriction | null, isCurator: boolean): boolean {
  return restriction === null || isCurator;
}
