import 'server-only';
import { AppError } from '@medrank/core';
import { assertMaySubmit, modelSlugOf, recordSubmission } from '@medrank/curation';
import { benchmarks, teams, type BenchmarkDto, type UserDto } from '@medrank/db';
import { db } from '@/server/db';
import { logger } from '@/server/logger';
import type { CreateSubmissionInput } from './submission-input';

export { createSubmissionInputSchema, type CreateSubmissionInput } from './submission-input';

export interface UploadedFile {
  key: string;
  bytes: number;
  sha256: string;
  fileName: string;
}

/**
 * The open phase of a published benchmark, if `user` may submit to it: refused (409) when no phase
 * is open, and (403, saying how to ask) when the phase requires a curator's approval the user does
 * not have yet. The upload route calls it before reading the body, createSubmission again after.
 */
export async function assertMaySubmitOrThrow(
  user: UserDto,
  benchmark: BenchmarkDto,
): Promise<NonNullable<BenchmarkDto['openPhase']>> {
  if (!benchmark.openPhase)
    throw new AppError(
      'CONFLICT',
      `benchmark "${benchmark.slug}" is not accepting submissions: no phase is open`,
    );
  await assertMaySubmit(
    db(),
    { userId: user.id, role: user.role },
    { slug: benchmark.slug, phase: benchmark.openPhase },
  );
  return benchmark.openPhase;
}

/**
 * Records an uploaded predictions file as a submission of the user's team and queues it for
 * scoring. The file is validated by the worker, which reports every problem with its line.
 */
export async function createSubmission({
  user,
  slug,
  input,
  file,
}: {
  user: UserDto;
  slug: string;
  input: CreateSubmissionInput;
  file: UploadedFile;
}): Promise<{ id: string }> {
  const benchmark = await benchmarks.findPublishedBySlug(db(), slug);
  if (!benchmark) throw new AppError('NOT_FOUND', `benchmark "${slug}" not found`);
  const track = input.track
    ? benchmark.tracks.find((t) => t.slug === input.track)
    : benchmark.tracks[0];
  if (!track) {
    throw new AppError(
      'BAD_REQUEST',
      `unknown track "${input.track}"; this benchmark has: ${benchmark.tracks.map((t) => t.slug).join(', ')}`,
    );
  }
  const openPhase = await assertMaySubmitOrThrow(user, benchmark);

  const memberships = await teams.listForUser(db(), user.id);
  let teamId: string;
  if (input.team) {
    const team = await teams.findBySlug(db(), input.team);
    if (!team) throw new AppError('NOT_FOUND', `team "${input.team}" not found`);
    if (!memberships.some((m) => m.id === team.id))
      throw new AppError('FORBIDDEN', `you are not a member of team "${input.team}"`);
    teamId = team.id;
  } else {
    const first = memberships[0];
    if (!first) throw new AppError('FORBIDDEN', 'you are not a member of any team');
    teamId = first.id;
  }

  const { id } = await recordSubmission(db(), {
    teamId,
    trackId: track.id,
    phaseId: openPhase.id,
    submittedById: user.id,
    methodName: input.methodName,
    description: input.description,
    codeUrl: input.codeUrl,
    paperUrl: input.paperUrl,
    modelUrl: input.modelUrl,
    parameterCount: input.parameterCount,
    trainingData: input.trainingData,
    openWeights: input.openWeights,
    // The same slug rule as reported results, so a model's verified and reported entries meet.
    modelSlug: input.modelSlug ?? modelSlugOf(input.methodName),
    blobKey: file.key,
    fileName: file.fileName,
    fileBytes: file.bytes,
    sha256: file.sha256,
    dailyQuota: openPhase.dailyQuota,
    totalQuota: openPhase.totalQuota,
  });
  // The first line of the submission's trail: the worker's and its job process's lines carry the
  // same submissionId (scoring started, scored or rejected, job process finished or stopped).
  logger().info(
    { submissionId: id, benchmark: slug, trackId: track.id, teamId, fileBytes: file.bytes },
    'submission accepted',
  );
  return { id };
}
