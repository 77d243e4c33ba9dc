import 'server-only';
import { AppError } from '@medrank/core';
import { submissions, teams, type SubmissionDto, type UserDto } from '@medrank/db';
import { db } from '@/server/db';

/**
 * A submission with its status and error list, for members of its team and site admins. Its
 * numbers follow the release rule: restricted ones (hidden until close, withheld by the Ladder)
 * reach the benchmark's curators and site admins only, never the submitting team.
 */
export async function getSubmissionForUserOrThrow(
  user: UserDto,
  id: string,
): Promise<SubmissionDto> {
  const viewer = { userId: user.id, role: user.role };
  const submission = await submissions.findById(db(), id, viewer);
  if (!submission) throw new AppError('NOT_FOUND', `submission "${id}" not found`);
  if (user.role !== 'admin' && !(await teams.isMember(db(), submission.team.id, user.id))) {
    throw new AppError('FORBIDDEN', 'this submission belongs to another team');
  }
  return submission;
}
