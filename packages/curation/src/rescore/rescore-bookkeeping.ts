// What a new evaluator version needs from the rescore bookkeeping, as a pure decision over what
// the use case counted after the bump (bump-evaluator-version.ts). A board ranks on the latest
// version that has a finished rescore run, so a version whose track has nothing to rescore
// records its finished, empty run at once: otherwise the board would wait forever on a rescore
// nobody needs to request, and new submissions would be held back by it.

export type RescoreAfterBump =
  /** Scored submissions wait for a rescore at the new version; the board keeps its ranking. */
  | { needsRescore: true }
  /** Nothing to rescore: record a finished, empty run with this reason, and rank on it now. */
  | { needsRescore: false; emptyRunReason: string };

/**
 * Whether a test set moved to a new evaluator version for `reason` waits for a rescore, given
 * the scored submissions of its track (at any version).
 */
export function decideRescoreAfterBump({
  scoredSubmissions,
  reason,
}: {
  scoredSubmissions: number;
  reason: string;
}): RescoreAfterBump {
  if (scoredSubmissions > 0) return { needsRescore: true };
  return { needsRescore: false, emptyRunReason: `${reason} (no scored submissions to rescore)` };
}
