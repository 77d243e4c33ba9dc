// What curators are told about evaluator versions, in one place for the browser and the CLI, so
// the words follow the rules in docs/curation.md ("Versioning and rescoring"):
// - a definition change bumps the version of the test sets it affects; when the track has no
//   scored submission the board moves to the new version at once (empty, finished rescore run),
//   so there is nothing to tell and nothing to do;
// - the first ground truth of a test set keeps its version; replacing ground truth bumps it.
import type { VersionBump } from './update-benchmark-definition.js';

export type { VersionBump };

/**
 * The notice a curator should read after a definition change bumped a test set's version, or
 * null when nothing was scored at the old version (nothing to rescore, the board already moved).
 */
export function versionBumpNotice(bump: VersionBump): string | null {
  if (!bump.needsRescore) return null;
  return `This change creates evaluator v${bump.version} of ${bump.track} / ${bump.testSet}; its entries keep their current ranking until you rescore them.`;
}

/** The notices of a definition change, one per bump that leaves scored entries to rescore. */
export const versionBumpNotices = (bumped: readonly VersionBump[]): string[] =>
  bumped.flatMap((b) => versionBumpNotice(b) ?? []);

/**
 * What confirming a ground-truth upload will do to the test set's evaluator version, said before
 * the curator confirms: a first upload keeps it, a replacement moves to the next one.
 */
export function groundTruthConfirmNote({
  testSetName,
  caseCount,
  evaluatorVersion,
}: {
  testSetName: string;
  /** Cases in use now; 0 = the test set has no ground truth yet. */
  caseCount: number;
  evaluatorVersion: number;
}): string {
  if (caseCount === 0)
    return `Becomes the hidden truth of ${testSetName}. It stays evaluator v${evaluatorVersion}: a first upload creates no new version.`;
  return `Replaces the hidden truth of ${testSetName} (${caseCount} cases in use) and creates evaluator v${evaluatorVersion + 1}; entries scored before keep their ranking until you rescore them.`;
}
