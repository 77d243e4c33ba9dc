import type { Database, SubmissionError, submissions } from '@medrank/db';
import { predictionFingerprints } from '@medrank/db';
import {
  findNearDuplicate,
  minChangedCases,
  rankToleranceUnits,
  type PreparedSubmissionFile,
} from '@medrank/scoring';

export type NearDuplicateCheck =
  { isNearDuplicate: false } | { isNearDuplicate: true; error: SubmissionError };

const formatUtc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The near-duplicate check (SECURITY.md, "crafted submissions"), after the file parsed and before
 * anything is scored: the file's fingerprint is compared with every earlier one on the track of
 * the same team or the same person, and stored when it differs from each of them in at least
 * m = max(minCases, ceil(minFraction × cases)) cases. Otherwise the submission is a near-duplicate:
 * the error names the earlier submission and the numbers, and nothing is stored, so a run of
 * refused probes is always compared with the last scored file. Off (m = 0) when the phase sets
 * both to 0 and for a submission outside any phase.
 */
export async function checkNearDuplicate(
  db: Database,
  submission: submissions.SubmissionForScoring,
  prepared: PreparedSubmissionFile,
): Promise<NearDuplicateCheck> {
  if (!submission.nearDuplicate) return { isNearDuplicate: false };
  const fingerprint = prepared.fingerprint();
  const minChanged = minChangedCases(submission.nearDuplicate, fingerprint.caseCount);
  if (minChanged === 0) return { isNearDuplicate: false };
  const toleranceRankUnits = rankToleranceUnits(
    prepared.testSets.map((t) => t.testSet.caseIds.length),
    minChanged,
  );
  const stored = await predictionFingerprints.storeUnlessNearDuplicate(
    db,
    {
      submissionId: submission.id,
      trackId: submission.track.id,
      teamId: submission.teamId,
      userId: submission.submittedById,
      fingerprint,
    },
    (earlier) => findNearDuplicate(fingerprint, earlier, { minChanged, toleranceRankUnits }),
  );
  if (stored.outcome !== 'near-duplicate') return { isNearDuplicate: false };

  const { ref, changedCases } = stored.match;
  const whose =
    ref.teamId === submission.teamId
      ? "your team's earlier submission"
      : `your earlier submission to team “${ref.teamName}”`;
  const message =
    `Not scored: this file's predictions differ from ${whose} “${ref.methodName}” ` +
    `(${ref.submissionId}, submitted ${formatUtc(ref.createdAt)}) in only ${changedCases} of ` +
    `${fingerprint.caseCount} cases. This phase scores a file only when it changes at least ` +
    `${minChanged} cases against every earlier file of your team and of you, so that a difference ` +
    `between two scores can never be traced to a handful of cases (which would reveal their ` +
    `hidden labels). Submit predictions that differ in at least ${minChanged} cases. ` +
    `This submission does not count against your quota.`;
  return {
    isNearDuplicate: true,
    error: {
      message,
      issues: [],
      issueCount: 0,
      code: 'NEAR_DUPLICATE',
      nearDuplicate: {
        submissionId: ref.submissionId,
        methodName: ref.methodName,
        submittedAt: ref.createdAt,
        changedCases,
        minChangedCases: minChanged,
        caseCount: fingerprint.caseCount,
      },
    },
  };
}
