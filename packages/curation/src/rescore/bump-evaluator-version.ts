import { rescoreRuns, type Transaction } from '@medrank/db';
import { decideRescoreAfterBump } from './rescore-bookkeeping.js';

/**
 * Moves a test set to its next evaluator version as a step of the caller's transaction (a
 * definition update, a ground-truth replacement, the catalog seed), with the rescore bookkeeping
 * that goes with it (rescore-bookkeeping.ts): when the track has no scored submission, a
 * finished, empty rescore run is recorded for the new version, so the board ranks on it at once.
 * @returns the new version, and whether scored submissions wait for a rescore at it.
 */
export async function bumpEvaluatorVersion(
  tx: Transaction,
  testSetId: string,
  { reason, actorId }: { reason: string; actorId: string | null },
): Promise<{ version: number; needsRescore: boolean }> {
  const { version, trackId } = await rescoreRuns.incrementEvaluatorVersion(tx, testSetId);
  const scoredSubmissions = await rescoreRuns.countScoredOnTrack(tx, trackId);
  const decision = decideRescoreAfterBump({ scoredSubmissions, reason });
  if (!decision.needsRescore)
    await rescoreRuns.recordFinishedEmptyRun(tx, {
      testSetId,
      evaluatorVersion: version,
      reason: decision.emptyRunReason,
      requestedById: actorId,
    });
  return { version, needsRescore: decision.needsRescore };
}
