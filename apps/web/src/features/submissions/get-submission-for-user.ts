import 'server-only';
import { AppError } from '@medrank/core';
import {
  submissionRuns,
  submissions,
  teams,
  type SubmissionDto,
  type SubmissionRunDto,
  type UserDto,
} from '@medrank/db';
import { db } from '@/server/db';

/** A submission as its team sees it: with a model or endpoint run's timing and report. */
export type OwnedSubmission = SubmissionDto & SubmissionRunDto;

/**
 * A submission with its status and error list, for members of its team and site admins. Its
 * numbers follow the release rule: restricted ones (hidden until close, withheld by the Ladder)
 * reach the benchmark's curators and site admins only, never the submitting team. A model or
 * endpoint run's inference summary and an endpoint run's report are read only once the caller
 * has passed the same check: they are the team's, never on the board's public pages.
 */
export async function getSubmissionForUserOrThrow(
  user: UserDto,
  id: string,
): Promise<OwnedSubmission> {
  const viewer = { userId: user.id, role: user.role };
  const submission = await submissions.findById(db(), id, viewer);
  if (!submission) throw new AppError('NOT_FOUND', `submission "${id}" not found`);
  if (user.role !== 'admin' && !(await teams.isMember(db(), submission.team.id, user.id))) {
    throw new AppError('FORBIDDEN', 'this submission belongs to another team');
  }
  const run = await submissionRuns.findRunForOwner(db(), id);
  return { ...submission, inference: run?.inference ?? null, runReport: run?.runReport ?? null };
}
