// The evaluator-version rule of a ground-truth upload, pure over what the test set held before
// it (apply-ground-truth-upload.ts loads that under the test set's lock). Evaluations are keyed
// by evaluator version: a test set's first truth scores nobody yet, so it keeps its version;
// replacing truth changes every score computed on the old one, so it moves to a new version and
// the old scores stay readable under theirs.

/** What a test set held when an upload is applied. */
export interface StoredTruthState {
  /** Public cases, as counted on the test set. */
  caseCount: number;
  /** Hidden ground-truth rows. */
  truthRows: number;
  evaluatorVersion: number;
}

export const GROUND_TRUTH_REPLACED_REASON = 'ground truth replaced';

export type GroundTruthVersionDecision =
  { bumpsVersion: false; version: number } | { bumpsVersion: true; reason: string };

/**
 * A first upload (no cases and no truth rows) keeps the test set's evaluator version; any other
 * (cases or truth rows left by an earlier upload, the seed or an API import) replaces truth and
 * bumps it. Either count alone is enough, so a test set whose case count and truth disagree
 * is treated as having truth.
 */
export function decideGroundTruthVersion(stored: StoredTruthState): GroundTruthVersionDecision {
  const hadTruth = stored.caseCount > 0 || stored.truthRows > 0;
  return hadTruth
    ? { bumpsVersion: true, reason: GROUND_TRUTH_REPLACED_REASON }
    : { bumpsVersion: false, version: stored.evaluatorVersion };
}
