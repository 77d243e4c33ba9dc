import 'server-only';
import { AppError } from '@medrank/core';
import { submissions, teams, type SubmissionDto, type UserDto } from '@medrank/db';
import { db } from '@/server/db';

/** A submission with its status, scores and error list: for members of its team and site admins. */
export async function getSubmissionForUserOrThrow(
  user: UserDto,
  id: string,
): Promise<SubmissionDto> {
  const submission = await submissions.findById(db(), id);
  if (!submission) throw new AppError('NOT_FOUND', `submission "${id}" not found`);
  if (user.role !== 'admin' && !(await teams.isMember(db(), submission.team.id, user.id))) {
    throw new AppError('FORBIDDEN', 'this submission belongs to another team');
  }
  return submission;
}
