import 'server-only';
import { Readable } from 'node:stream';
import { AppError } from '@medrank/core';
import { assertMaySubmit, modelSlugOf, recordSubmission } from '@medrank/curation';
import { benchmarks, teams, type BenchmarkDto, type UserDto } from '@medrank/db';
import type { SubmissionKind, TrackDto, submissions } from '@medrank/db';
import { checkEndpointUrl, parseEgressPolicy, sealApiKey } from '@medrank/endpoint-runner';
import {
  isModelFileName,
  parseTaskConfig,
  trackSubmissionKinds,
  type TrackSubmissionKinds,
} from '@medrank/task-contracts/config';
import { env } from '@/env';
import { blobs } from '@/server/blobs';
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

/** An endpoint to register instead of a file (docs/endpoint-submissions.md). */
export interface EndpointRegistration {
  url: string;
  modelName: string;
  apiKey: string | null;
}

/**
 * Checks an endpoint registration against the track and the site's egress policy and seals its
 * API key for the workers. The registration itself (URL and model name, never the key) becomes
 * the submission's blob, so an endpoint submission has a file and a hash like any other.
 */
async function prepareEndpoint(
  track: TrackDto,
  takes: TrackSubmissionKinds,
  registration: EndpointRegistration,
): Promise<{ endpoint: submissions.NewSubmissionEndpoint; file: UploadedFile }> {
  if (!takes.endpoint)
    throw new AppError(
      'BAD_REQUEST',
      `track "${track.slug}" does not take endpoint submissions (its task configuration declares no \`endpoint\` contract): ${takes.predictions ? 'upload a predictions file' : 'upload an ONNX model (.onnx)'}`,
    );
  const config = env();
  const checked = await checkEndpointUrl(registration.url, parseEgressPolicy(config));
  if (!checked.ok) throw new AppError('BAD_REQUEST', checked.message);
  let sealedApiKey: Uint8Array | null = null;
  if (registration.apiKey) {
    if (!config.ENDPOINT_KEY_PUBLIC)
      throw new AppError(
        'UNAVAILABLE',
        'this site cannot store API keys yet (ENDPOINT_KEY_PUBLIC is not configured): register an endpoint that needs no key, or ask the site admins',
      );
    sealedApiKey = sealApiKey(config.ENDPOINT_KEY_PUBLIC, registration.apiKey);
  }
  const registrationJson = `${JSON.stringify({ url: checked.url.href, model: registration.modelName })}\n`;
  const stored = await blobs().put(Readable.from([Buffer.from(registrationJson)]), {
    keyPrefix: 'submissions',
    extension: 'json',
    maxBytes: 64 * 1024,
  });
  return {
    endpoint: {
      url: checked.url.href,
      modelName: registration.modelName,
      sealedApiKey,
      apiKeyHint: registration.apiKey ? `…${registration.apiKey.slice(-4)}` : null,
    },
    file: { ...stored, fileName: 'endpoint.json' },
  };
}

/**
 * Records a submission of the user's team and queues it for scoring: an uploaded predictions
 * file (validated by the worker, which reports every problem with its line), an ONNX model on a
 * track with a model contract, or an endpoint on a track with an endpoint contract.
 */
export async function createSubmission({
  user,
  slug,
  input,
  source,
}: {
  user: UserDto;
  slug: string;
  input: CreateSubmissionInput;
  source: { file: UploadedFile } | { endpoint: EndpointRegistration };
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

  const takes = trackSubmissionKinds(parseTaskConfig(track.taskType, track.taskConfig));
  let kind: SubmissionKind;
  let file: UploadedFile;
  let endpoint: submissions.NewSubmissionEndpoint | undefined;
  if ('endpoint' in source) {
    ({ file, endpoint } = await prepareEndpoint(track, takes, source.endpoint));
    kind = 'ENDPOINT';
  } else {
    file = source.file;
    kind = isModelFileName(file.fileName) ? 'ONNX_MODEL' : 'PREDICTIONS';
    if (kind === 'ONNX_MODEL' && !takes.model)
      throw new AppError(
        'BAD_REQUEST',
        `track "${track.slug}" takes prediction files, not models (its task configuration declares no \`model\` contract): ${file.fileName} is an ONNX model`,
      );
    if (kind === 'PREDICTIONS' && !takes.predictions)
      throw new AppError(
        'BAD_REQUEST',
        takes.model
          ? `track "${track.slug}" takes ONNX models only, not prediction files (its \`model\` contract says exclusive: true): upload a .onnx model instead of ${file.fileName}`
          : `track "${track.slug}" takes endpoints only, not prediction files (its \`endpoint\` contract says exclusive: true): register an endpoint (URL and model name) instead of uploading ${file.fileName}`,
      );
  }

  let id: string;
  try {
    ({ id } = await recordSubmission(db(), {
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
      kind,
      ...(endpoint ? { endpoint } : {}),
      dailyQuota: openPhase.dailyQuota,
      totalQuota: openPhase.totalQuota,
    }));
  } catch (error) {
    // A refused endpoint submission leaves no registration blob behind (the route removes an upload's).
    if (endpoint) await blobs().remove(file.key);
    throw error;
  }
  // The first line of the submission's trail: the worker's and its job process's lines carry the
  // same submissionId (scoring started, scored or rejected, job process finished or stopped).
  logger().info(
    { submissionId: id, benchmark: slug, trackId: track.id, teamId, kind, fileBytes: file.bytes },
    'submission accepted',
  );
  return { id };
}
