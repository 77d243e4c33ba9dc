import { describeMetric } from '@medrank/metrics/catalog';
import {
  DEFAULT_SCORE_DECIMALS,
  SCORE_SUBMISSION_JOB,
  SCORING_QUEUE,
  bestOf,
  canSeeScores,
  decideLadderRelease,
  evaluationRestriction,
  groupLabelsOf,
  isDisclosedGroup,
  partitionLookup,
  scoreSubmissionJobId,
  testSetRelease,
} from '@medrank/core';
import type { Database } from '../client.js';
import { Prisma } from '../client.js';
import { withTransaction, type DbClient, type Transaction } from '../transaction.js';
import type {
  BoardViewer,
  EvaluationDto,
  EvaluationRestriction,
  SubmissionDto,
  SubmissionError,
  EndpointRunReportDto,
  InferenceSummaryDto,
  SubmissionKind,
  SubmissionStatus,
} from '../dto.js';
import { FINAL_STATUSES } from '../dto.js';
import { currentPartition, storedPartitionIfCurrent } from './disclosure.js';
import { isBenchmarkCurator } from './curators.js';
import { encodeFloat64, enqueueRankStatsInTx } from './rank-stats.js';

export interface NewSubmission {
  teamId: string;
  trackId: string;
  phaseId: string | null;
  submittedById: string;
  methodName: string;
  description?: string | null;
  codeUrl?: string | null;
  paperUrl?: string | null;
  /** Method card: where the weights are, how many parameters, what it was trained on. */
  modelUrl?: string | null;
  parameterCount?: bigint | null;
  trainingData?: string | null;
  openWeights?: boolean;
  /** Groups the model's entries across benchmarks (model page). */
  modelSlug?: string | null;
  blobKey: string;
  fileName: string;
  fileBytes: number;
  sha256: string;
  /** PREDICTIONS (default), ONNX_MODEL (the blob is the model) or ENDPOINT (the blob is its request, see `endpoint`). */
  kind?: SubmissionKind;
  /** An endpoint submission's registration; its API key arrives sealed (only the worker can open it). */
  endpoint?: NewSubmissionEndpoint;
}

export interface NewSubmissionEndpoint {
  url: string;
  modelName: string;
  sealedApiKey: Uint8Array | null;
  /** The key's last four characters, shown to the owner so they can tell which key they gave. */
  apiKeyHint: string | null;
}

/**
 * Takes the advisory locks that serialise uploads of one team and of one person to a track, held
 * until the caller's transaction ends (call it inside `withTransaction`: outside one, each lock
 * is released as soon as it is taken). A use case that decides from counts of earlier uploads
 * (the quotas) takes them first, so two parallel uploads cannot both read the count before
 * either is written. The team lock is always taken before the person's, so two uploads never wait
 * for each other in a cycle.
 */
export async function lockForSubmission(
  tx: Transaction,
  { teamId, trackId, personId }: { teamId: string; trackId: string; personId: string },
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'submit:' + teamId + ':' + trackId}))`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'submit-person:' + personId + ':' + trackId}, 0))`;
}

/**
 * Submissions to a track made by the team and, separately, by the person (over all their
 * teams), created at or after `since` (null: ever), leaving out the statuses in `exceptStatuses`.
 */
export async function countOnTrack(
  db: DbClient,
  {
    teamId,
    trackId,
    personId,
    since,
    exceptStatuses,
  }: {
    teamId: string;
    trackId: string;
    personId: string;
    since: Date | null;
    exceptStatuses: readonly SubmissionStatus[];
  },
): Promise<{ team: number; person: number }> {
  const where = {
    trackId,
    status: { notIn: [...exceptStatuses] },
    ...(since === null ? {} : { createdAt: { gte: since } }),
  };
  const team = await db.submission.count({ where: { ...where, teamId } });
  const person = await db.submission.count({ where: { ...where, submittedById: personId } });
  return { team, person };
}

/**
 * Records a submission, its audit row and its outbox row in one transaction (a savepoint when
 * `db` is already a transaction), so a crash between them can never leave a submission that no
 * job will ever score. Saves only: whether the upload is allowed (quotas) is the use case's
 * decision (`recordSubmission` in @medrank/curation).
 */
export async function createWithOutbox(
  db: DbClient,
  input: NewSubmission,
): Promise<{ id: string; outboxId: bigint }> {
  return withTransaction(db, async (tx) => {
    const submission = await tx.submission.create({
      data: {
        teamId: input.teamId,
        trackId: input.trackId,
        phaseId: input.phaseId,
        submittedById: input.submittedById,
        methodName: input.methodName,
        description: input.description ?? null,
        codeUrl: input.codeUrl ?? null,
        paperUrl: input.paperUrl ?? null,
        modelUrl: input.modelUrl ?? null,
        parameterCount: input.parameterCount ?? null,
        trainingData: input.trainingData ?? null,
        openWeights: input.openWeights ?? false,
        modelSlug: input.modelSlug ?? null,
        blobKey: input.blobKey,
        fileName: input.fileName,
        fileBytes: BigInt(input.fileBytes),
        sha256: input.sha256,
        kind: input.kind ?? 'PREDICTIONS',
        ...(input.endpoint
          ? {
              endpoint: {
                create: {
                  url: input.endpoint.url,
                  modelName: input.endpoint.modelName,
                  sealedApiKey: input.endpoint.sealedApiKey
                    ? Buffer.from(input.endpoint.sealedApiKey)
                    : null,
                  apiKeyHint: input.endpoint.apiKeyHint,
                },
              },
            }
          : {}),
      },
    });
    await tx.auditLog.create({
      data: {
        actorId: input.submittedById,
        action: 'submission.create',
        targetType: 'submission',
        targetId: submission.id,
        details: {
          trackId: input.trackId,
          teamId: input.teamId,
          sha256: input.sha256,
          fileBytes: input.fileBytes,
        },
      },
    });
    const outbox = await tx.outbox.create({
      data: {
        queue: SCORING_QUEUE,
        jobName: SCORE_SUBMISSION_JOB,
        jobId: scoreSubmissionJobId(submission.id),
        // The size orders the scoring queue (small files first); it is a hint, not state.
        payload: { submissionId: submission.id, fileBytes: input.fileBytes },
      },
    });
    return { id: submission.id, outboxId: outbox.id };
  });
}

const submissionInclude = {
  team: true,
  phase: { select: { scoreDecimals: true, ladderMargin: true } },
  track: {
    include: { benchmark: { include: { phases: { select: { opensAt: true, closesAt: true } } } } },
  },
  evaluations: {
    include: { scores: true, breakdowns: true, testSet: true },
    orderBy: { createdAt: 'asc' },
  },
} satisfies Prisma.SubmissionInclude;

type SubmissionRow = Prisma.SubmissionGetPayload<{ include: typeof submissionInclude }>;

/**
 * What a restricted evaluation's submitter may be told. For a Ladder withholding: the team's
 * best released value now — it only grows after the decision, so "did not beat it by the margin"
 * stays true — and never the withheld value itself.
 */
async function describeRestriction(
  db: Database,
  s: SubmissionRow,
  e: SubmissionRow['evaluations'][number],
): Promise<EvaluationRestriction | null> {
  const release = testSetRelease(e.testSet.visibility, s.track.benchmark.phases);
  const restriction = evaluationRestriction(release, e.isReleased);
  if (restriction?.kind !== 'withheld-by-ladder') return restriction;
  const metric = s.track.primaryMetric;
  const released = await db.$queryRaw<{ value: number | null }[]>`
    SELECT sc.value
      FROM public.evaluations ev
      JOIN public.submissions sub ON sub.id = ev."submissionId"
      LEFT JOIN public.scores sc ON sc."evaluationId" = ev.id AND sc.metric = ${metric}
     WHERE sub."teamId" = ${s.teamId} AND sub."phaseId" IS NOT DISTINCT FROM ${s.phaseId}
       AND ev."testSetId" = ${e.testSetId} AND ev."evaluatorVersion" = ${e.evaluatorVersion}
       AND ev."isReleased"`;
  const { higherIsBetter } = describeMetric(
    metric,
    (s.track.taskConfig ?? {}) as Record<string, unknown>,
  );
  return {
    kind: 'withheld-by-ladder',
    metric,
    margin: s.phase?.ladderMargin ?? 0,
    bestReleased: bestOf(
      released.map((r) => r.value),
      higherIsBetter,
    ),
    scoreDecimals: s.phase?.scoreDecimals ?? DEFAULT_SCORE_DECIMALS,
  };
}

async function toSubmissionDto(
  db: Database,
  s: SubmissionRow,
  isCurator: boolean,
): Promise<SubmissionDto> {
  // Only the evaluations of each test set's current evaluator version are shown.
  const current = s.evaluations.filter((e) => e.evaluatorVersion === e.testSet.evaluatorVersion);
  const evaluations: EvaluationDto[] = [];
  for (const e of current) {
    const restriction = await describeRestriction(db, s, e);
    // The release rule decides, for the owner too: restricted numbers reach curators only.
    const scoresShown = canSeeScores(restriction, isCurator);
    evaluations.push({
      testSetId: e.testSetId,
      testSetSlug: e.testSet.slug,
      testSetName: e.testSet.name,
      evaluatorVersion: e.evaluatorVersion,
      caseCount: e.caseCount,
      durationMs: e.durationMs,
      restriction,
      scoresShown,
      scores: !scoresShown
        ? []
        : s.track.metrics
            .map((metric) => e.scores.find((sc) => sc.metric === metric))
            .filter((sc) => sc !== undefined)
            .map((sc) => ({
              metric: sc.metric,
              value: sc.value,
              ciLow: sc.ciLow,
              ciHigh: sc.ciHigh,
              n: sc.n,
            })),
      breakdowns: !scoresShown
        ? []
        : e.breakdowns
            .filter(isShownBreakdown(e.testSet, s.track.benchmark.minCategorySize))
            .map((b) => ({
              dimension: b.dimension,
              category: b.category,
              metric: b.metric,
              value: b.value,
              ciLow: b.ciLow,
              ciHigh: b.ciHigh,
              n: b.n,
            }))
            .sort(
              (a, b) =>
                a.dimension.localeCompare(b.dimension) ||
                a.category.localeCompare(b.category) ||
                a.metric.localeCompare(b.metric),
            ),
      notes: scoresShown ? e.notes : [],
    });
  }
  return {
    id: s.id,
    status: s.status,
    progress: s.progress,
    methodName: s.methodName,
    description: s.description,
    fileName: s.fileName,
    fileBytes: Number(s.fileBytes),
    sha256: s.sha256,
    createdAt: s.createdAt.toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
    attempts: s.attempts,
    team: { id: s.team.id, slug: s.team.slug, name: s.team.name },
    benchmark: { slug: s.track.benchmark.slug, title: s.track.benchmark.title },
    track: {
      slug: s.track.slug,
      name: s.track.name,
      metrics: s.track.metrics,
      primaryMetric: s.track.primaryMetric,
    },
    error: (s.error as SubmissionError | null) ?? null,
    evaluations,
  };
}

/**
 * A breakdown row is shown only when it is a group of the test set's current disclosure
 * partition: rows of an older partition may describe cells that are not unions of atoms.
 */
function isShownBreakdown(
  testSet: { disclosure: unknown; categoryDimensions: string[]; caseCount: number },
  minCategorySize: number,
): (b: { dimension: string; category: string }) => boolean {
  const partition = storedPartitionIfCurrent(testSet, minCategorySize);
  if (!partition) return () => false;
  const lookup = partitionLookup(partition);
  return (b) => isDisclosedGroup(lookup, b.dimension, b.category);
}

/**
 * A submission with its status, error list and, where the release rule allows it for `viewer`,
 * its numbers. Who may read the submission at all (its team, site admins) is the caller's check;
 * this decides which numbers they see: restricted ones (hidden until close, withheld by the
 * Ladder) only when the viewer curates the benchmark or is a site admin — never because they
 * submitted it.
 */
export async function findById(
  db: Database,
  id: string,
  viewer: BoardViewer,
): Promise<SubmissionDto | null> {
  const row = await db.submission.findUnique({ where: { id }, include: submissionInclude });
  if (!row) return null;
  const isCurator = await isBenchmarkCurator(db, row.track.benchmarkId, viewer);
  return toSubmissionDto(db, row, isCurator);
}

/** The newest submissions of these teams, numbers as findById gives them to `viewer`. */
export async function listForTeams(
  db: Database,
  teamIds: string[],
  viewer: BoardViewer,
  { limit = 50 }: { limit?: number } = {},
): Promise<SubmissionDto[]> {
  const rows = await db.submission.findMany({
    where: { teamId: { in: teamIds } },
    include: submissionInclude,
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  const curated = new Map<string, boolean>();
  const out: SubmissionDto[] = [];
  for (const row of rows) {
    const benchmarkId = row.track.benchmarkId;
    let isCurator = curated.get(benchmarkId);
    if (isCurator === undefined)
      curated.set(benchmarkId, (isCurator = await isBenchmarkCurator(db, benchmarkId, viewer)));
    out.push(await toSubmissionDto(db, row, isCurator));
  }
  return out;
}

/** What the worker needs to score a submission (public data only; ground truth is loaded separately). */
export interface SubmissionForScoring {
  id: string;
  teamId: string;
  /** The submitting person: quotas and near-duplicate checks count per person too. */
  submittedById: string;
  blobKey: string;
  fileName: string;
  kind: SubmissionKind;
  /**
   * The predictions a model or endpoint run wrote (a blob), once the run finished: a retried job
   * scores it instead of running the model again, and a rescore reads it.
   */
  predictionsBlobKey: string | null;
  /** The run's inference-time summary, stored with `predictionsBlobKey`. */
  inference: InferenceSummary | null;
  attempts: number;
  /**
   * Decimals every public number of this submission is stored with: its phase's stated
   * precision, or DEFAULT_SCORE_DECIMALS without a phase.
   */
  scoreDecimals: number;
  /**
   * The phase's near-duplicate settings (phases.nearDuplicateMinCases / nearDuplicateMinFraction);
   * null for a submission outside any phase, which is not checked.
   */
  nearDuplicate: { minCases: number; minFraction: number } | null;
  track: {
    id: string;
    taskType: string;
    taskConfig: Record<string, unknown>;
    metrics: string[];
    primaryMetric: string;
    testSets: {
      id: string;
      slug: string;
      evaluatorVersion: number;
      bootstrapSeed: number;
      caseIds: string[];
      /**
       * Per case, its disclosure group on every category dimension (public, never labels):
       * breakdowns are computed per group, so every breakdown cell is a union of atoms.
       */
      categories: Map<string, Record<string, unknown>>;
    }[];
  };
}

/**
 * Moves a submission that is not finished yet into VALIDATING and counts the attempt. Returns
 * null when it is already final, so a duplicated or retried job does nothing.
 */
export async function claimForScoring(
  db: Database,
  id: string,
): Promise<SubmissionForScoring | null> {
  const claimed = await db.submission.updateMany({
    where: { id, status: { in: ['QUEUED', 'VALIDATING', 'SCORING'] } },
    data: { status: 'VALIDATING', progress: 0, attempts: { increment: 1 }, startedAt: new Date() },
  });
  if (claimed.count === 0) return null;
  const s = await db.submission.findUniqueOrThrow({
    where: { id },
    include: {
      phase: {
        select: {
          scoreDecimals: true,
          nearDuplicateMinCases: true,
          nearDuplicateMinFraction: true,
        },
      },
      track: {
        include: {
          benchmark: { select: { minCategorySize: true } },
          testSets: {
            orderBy: { position: 'asc' },
            include: {
              cases: { select: { caseId: true, metadata: true }, orderBy: { caseId: 'asc' } },
            },
          },
        },
      },
    },
  });
  return toScoringInput(s);
}

/**
 * Breakdown cells smaller than the benchmark's minimum (Benchmark.minCategorySize, what boards
 * promise) are never computed, even when a track's own task config allows smaller ones: the
 * stricter of the two wins. Only a valid integer is raised; anything else is left for the task
 * type's parseConfig to refuse with its own message.
 */
function withBenchmarkMinCategorySize(
  taskConfig: Record<string, unknown>,
  benchmarkMinimum: number,
): Record<string, unknown> {
  const own = taskConfig.minCategorySize;
  if (own === undefined) return { ...taskConfig, minCategorySize: benchmarkMinimum };
  if (typeof own === 'number' && Number.isInteger(own) && own < benchmarkMinimum)
    return { ...taskConfig, minCategorySize: benchmarkMinimum };
  return taskConfig;
}

/**
 * Each case's group label per dimension of the test set's disclosure partition (the stored one,
 * or computed from the metadata for a test set stored before partitions existed).
 */
function groupCategories(
  t: {
    categoryDimensions: string[];
    disclosure: unknown;
    cases: { caseId: string; metadata: unknown }[];
  },
  minCategorySize: number,
): Map<string, Record<string, unknown>> {
  const partition = currentPartition(
    { disclosure: t.disclosure, categoryDimensions: t.categoryDimensions, minCategorySize },
    t.cases.map((c) => c.metadata),
  );
  if (!partition) return new Map();
  const lookup = partitionLookup(partition);
  return new Map(
    t.cases.map((c) => [
      c.caseId,
      groupLabelsOf(lookup, (c.metadata ?? {}) as Record<string, unknown>),
    ]),
  );
}

/**
 * The test set's case order is its cases sorted by case id (database collation): bootstrap
 * resamples, replicates and stored per-case values all index into it, so every entry and every
 * reader (custom subsets) must load cases in this order.
 */
function toScoringInput(s: {
  id: string;
  teamId: string;
  submittedById: string;
  blobKey: string;
  fileName: string;
  kind: SubmissionKind;
  predictionsBlobKey: string | null;
  inference: unknown;
  attempts: number;
  phase: {
    scoreDecimals: number;
    nearDuplicateMinCases: number;
    nearDuplicateMinFraction: number;
  } | null;
  track: {
    id: string;
    taskType: string;
    taskConfig: unknown;
    metrics: string[];
    primaryMetric: string;
    benchmark: { minCategorySize: number };
    testSets: {
      id: string;
      slug: string;
      evaluatorVersion: number;
      bootstrapSeed: number;
      categoryDimensions: string[];
      disclosure: unknown;
      cases: { caseId: string; metadata: unknown }[];
    }[];
  };
}): SubmissionForScoring {
  return {
    id: s.id,
    teamId: s.teamId,
    submittedById: s.submittedById,
    blobKey: s.blobKey,
    fileName: s.fileName,
    kind: s.kind,
    predictionsBlobKey: s.predictionsBlobKey,
    inference: (s.inference ?? null) as InferenceSummary | null,
    attempts: s.attempts,
    scoreDecimals: s.phase?.scoreDecimals ?? DEFAULT_SCORE_DECIMALS,
    nearDuplicate: s.phase
      ? {
          minCases: s.phase.nearDuplicateMinCases,
          minFraction: s.phase.nearDuplicateMinFraction,
        }
      : null,
    track: {
      id: s.track.id,
      taskType: s.track.taskType,
      taskConfig: withBenchmarkMinCategorySize(
        (s.track.taskConfig ?? {}) as Record<string, unknown>,
        s.track.benchmark.minCategorySize,
      ),
      metrics: s.track.metrics,
      primaryMetric: s.track.primaryMetric,
      testSets: s.track.testSets.map((t) => ({
        id: t.id,
        slug: t.slug,
        evaluatorVersion: t.evaluatorVersion,
        bootstrapSeed: t.bootstrapSeed,
        caseIds: t.cases.map((c) => c.caseId),
        categories: groupCategories(t, s.track.benchmark.minCategorySize),
      })),
    },
  };
}

export async function updateProgress(
  db: Database,
  id: string,
  status: 'VALIDATING' | 'SCORING',
  progress: number,
): Promise<void> {
  await db.submission.updateMany({
    where: { id, status: { in: ['VALIDATING', 'SCORING'] } },
    data: { status, progress: Math.max(0, Math.min(100, Math.round(progress))) },
  });
}

/** A run's inference-time summary as Submission.inference stores it (one type: dto.ts). */
export type InferenceSummary = InferenceSummaryDto;

/** An endpoint run's report as Submission.runReport stores it (one type: dto.ts). */
export type EndpointRunReport = EndpointRunReportDto;

/**
 * Keeps what a model or endpoint run produced before it is scored: the predictions blob, the
 * inference summary and (endpoints) the run report. Only while the submission is unfinished.
 * Returns false when it was finished meanwhile (the caller then removes the blob it wrote).
 */
export async function recordRunPredictions(
  db: Database,
  id: string,
  run: {
    predictionsBlobKey: string;
    inference: InferenceSummary;
    runReport?: EndpointRunReport | null;
  },
): Promise<boolean> {
  const result = await db.submission.updateMany({
    where: { id, status: { notIn: [...FINAL_STATUSES] }, predictionsBlobKey: null },
    data: {
      predictionsBlobKey: run.predictionsBlobKey,
      inference: run.inference as unknown as Prisma.InputJsonValue,
      ...(run.runReport ? { runReport: run.runReport as unknown as Prisma.InputJsonValue } : {}),
    },
  });
  return result.count === 1;
}

/** What the worker needs to call an endpoint submission's endpoint; null when it has none. */
export async function findEndpointForRun(
  db: Database,
  submissionId: string,
): Promise<{ url: string; modelName: string; sealedApiKey: Uint8Array | null } | null> {
  const row = await db.submissionEndpoint.findUnique({ where: { submissionId } });
  return row
    ? {
        url: row.url,
        modelName: row.modelName,
        sealedApiKey: row.sealedApiKey ? new Uint8Array(row.sealedApiKey) : null,
      }
    : null;
}

/**
 * Erases an endpoint submission's sealed API key: once its run is recorded or the submission has
 * failed, nothing needs it, and a key that is not stored cannot leak.
 */
export async function eraseEndpointKey(db: DbClient, submissionId: string): Promise<void> {
  await db.submissionEndpoint.updateMany({
    where: { submissionId, sealedApiKey: { not: null } },
    data: { sealedApiKey: null },
  });
}

/** Marks a submission failed with a user-facing reason. Final states are never overwritten. */
export async function markFailed(
  db: Database,
  id: string,
  error: SubmissionError,
): Promise<boolean> {
  await eraseEndpointKey(db, id);
  const result = await db.submission.updateMany({
    where: { id, status: { notIn: [...FINAL_STATUSES] } },
    data: {
      status: 'FAILED',
      error: error as unknown as Prisma.InputJsonValue,
      finishedAt: new Date(),
      progress: 100,
    },
  });
  return result.count === 1;
}

export interface EvaluationResult {
  testSetId: string;
  evaluatorVersion: number;
  caseCount: number;
  durationMs: number;
  scores: {
    metric: string;
    value: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    n: number;
  }[];
  breakdowns?: {
    dimension: string;
    category: string;
    metric: string;
    value: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    n: number;
  }[];
  notes?: string[];
  /**
   * Per metric, the bootstrap replicates in the test set's shared replicate order (hidden:
   * with the shared indices they determine per-case results of mean metrics).
   */
  replicates?: Record<string, Float64Array>;
  /** Per per-case metric, the values aligned to the test set's case order (NaN = no value). Hidden. */
  caseValues?: Record<string, Float64Array>;
}

const finiteOrNull = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

type Tx = Prisma.TransactionClient;

/** What the Ladder needs from the scorer: the database does not know metric directions. */
export interface ReleaseOptions {
  /** Direction of the track's primary metric (the worker's metric catalog). */
  primaryMetricHigherIsBetter: boolean;
}

/**
 * Whether a new evaluation's numbers are released (docs/boards.md, "The Ladder"). A submission
 * keeps the decision made when it was first scored on the test set, so a rescore never releases
 * or withholds anything anew. Otherwise, when the submission's phase has a Ladder margin and the
 * test set is public, the primary metric must beat the team's best released value on the test set
 * in that phase by the margin. The decision is taken under a per team × test set advisory lock
 * held until the caller's transaction commits, so two concurrent submissions of one team are
 * decided one after the other and cannot both be released on the same best.
 *
 * Hidden-until-close test sets have no Ladder: they show nothing while the phase runs, and every
 * evaluation must count in the final ranking when it closes.
 */
async function decideRelease(
  tx: Tx,
  submissionId: string,
  r: EvaluationResult,
  options: ReleaseOptions,
): Promise<boolean> {
  const earlier = await tx.evaluation.findFirst({
    where: { submissionId, testSetId: r.testSetId },
    orderBy: { evaluatorVersion: 'desc' },
    select: { isReleased: true },
  });
  if (earlier) return earlier.isReleased;
  const submission = await tx.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: {
      teamId: true,
      phaseId: true,
      phase: { select: { ladderMargin: true } },
      track: { select: { primaryMetric: true } },
    },
  });
  const testSet = await tx.testSet.findUniqueOrThrow({
    where: { id: r.testSetId },
    select: { visibility: true },
  });
  const margin = submission.phase?.ladderMargin ?? null;
  if (margin === null || submission.phaseId === null || testSet.visibility !== 'PUBLIC')
    return true;
  const primaryMetric = submission.track.primaryMetric;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`ladder:${submission.teamId}:${r.testSetId}`}))`;
  const released = await tx.$queryRaw<{ version: number; value: number | null }[]>`
    SELECT e."evaluatorVersion" AS version, sc.value
      FROM public.evaluations e
      JOIN public.submissions s ON s.id = e."submissionId"
      LEFT JOIN public.scores sc ON sc."evaluationId" = e.id AND sc.metric = ${primaryMetric}
     WHERE s."teamId" = ${submission.teamId} AND s."phaseId" = ${submission.phaseId}
       AND e."testSetId" = ${r.testSetId} AND e."isReleased"
       AND e."evaluatorVersion" <= ${r.evaluatorVersion} AND s.id <> ${submissionId}`;
  // Values at different evaluator versions are not comparable (the ground truth or the metric
  // changed): compare with the newest version the team has released values at.
  const newest = Math.max(...released.map((row) => row.version));
  const decision = decideLadderRelease({
    margin,
    higherIsBetter: options.primaryMetricHigherIsBetter,
    released: released.filter((row) => row.version === newest).map((row) => row.value),
    value: finiteOrNull(r.scores.find((sc) => sc.metric === primaryMetric)?.value ?? null),
  });
  return decision.isReleased;
}

/**
 * Writes one evaluation with its scores, breakdowns, hidden replicates and case values, and the
 * outbox row that recomputes the test set's rank statistics. Returns false (writing nothing)
 * when the evaluation already exists.
 */
async function writeEvaluation(
  tx: Tx,
  submissionId: string,
  r: EvaluationResult,
  options: ReleaseOptions,
): Promise<boolean> {
  const existing = await tx.evaluation.findUnique({
    where: {
      submissionId_testSetId_evaluatorVersion: {
        submissionId,
        testSetId: r.testSetId,
        evaluatorVersion: r.evaluatorVersion,
      },
    },
    select: { id: true },
  });
  if (existing) return false;
  const isReleased = await decideRelease(tx, submissionId, r, options);
  const evaluation = await tx.evaluation.create({
    data: {
      submissionId,
      testSetId: r.testSetId,
      evaluatorVersion: r.evaluatorVersion,
      caseCount: r.caseCount,
      durationMs: Math.round(r.durationMs),
      notes: r.notes ?? [],
      isReleased,
      breakdowns: {
        create: (r.breakdowns ?? []).map((b) => ({
          dimension: b.dimension,
          category: b.category,
          metric: b.metric,
          value: finiteOrNull(b.value),
          ciLow: finiteOrNull(b.ciLow),
          ciHigh: finiteOrNull(b.ciHigh),
          n: b.n,
        })),
      },
      scores: {
        create: r.scores.map((s) => ({
          metric: s.metric,
          value: finiteOrNull(s.value),
          ciLow: finiteOrNull(s.ciLow),
          ciHigh: finiteOrNull(s.ciHigh),
          n: s.n,
        })),
      },
    },
    select: { id: true },
  });
  const replicates = Object.entries(r.replicates ?? {});
  if (replicates.length > 0)
    await tx.scoreReplicates.createMany({
      data: replicates.map(([metric, values]) => ({
        evaluationId: evaluation.id,
        metric,
        values: encodeFloat64(values),
      })),
    });
  const caseValues = Object.entries(r.caseValues ?? {});
  if (caseValues.length > 0)
    await tx.caseValues.createMany({
      data: caseValues.map(([metric, values]) => ({
        evaluationId: evaluation.id,
        metric,
        values: encodeFloat64(values),
      })),
    });
  await enqueueRankStatsInTx(tx, r.testSetId, evaluation.id);
  return true;
}

/**
 * Marks the submission SCORED and writes every evaluation (scores, breakdowns, hidden replicates
 * and per-case values, each with its Ladder release decision) and one rank-statistics outbox row
 * per test set written, in one transaction. The status changes first, which locks the row: a
 * submission already final — SCORED by another run, or FAILED meanwhile (its job was given up as
 * stalled while this run went on, a limit, a moderator) — gets nothing written, so a FAILED
 * submission never has results, and a markFailed racing this transaction waits for it and then
 * finds it SCORED. An evaluation that already exists (same submission × test set × evaluator
 * version) is kept as it is. Public numbers must already be rounded to the stated precision.
 */
export async function saveResults(
  db: Database,
  id: string,
  results: EvaluationResult[],
  options: ReleaseOptions,
): Promise<{ written: number; alreadyFinished: boolean }> {
  try {
    return await db.$transaction(async (tx) => {
      const claimed = await tx.submission.updateMany({
        where: { id, status: { notIn: [...FINAL_STATUSES] } },
        data: { status: 'SCORED', progress: 100, finishedAt: new Date(), error: Prisma.DbNull },
      });
      if (claimed.count === 0) return { written: 0, alreadyFinished: true };
      let written = 0;
      for (const r of results) if (await writeEvaluation(tx, id, r, options)) written++;
      return { written, alreadyFinished: false };
    });
  } catch (error) {
    // Another worker committed the same evaluation between our check and insert: nothing to do.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      return { written: 0, alreadyFinished: true };
    throw error;
  }
}

// ───────────────────────── rescoring ─────────────────────────

export interface RescoreJobKey {
  rescoreRunId: string;
  submissionId: string;
  testSetId: string;
  evaluatorVersion: number;
}

const rescoreMarker = (key: RescoreJobKey) =>
  `${key.rescoreRunId}/${key.submissionId}/${key.testSetId}`;

/** What a rescore job needs; null when the run is unknown or already finished, or the job does not belong to it. */
export async function findForRescore(
  db: Database,
  key: RescoreJobKey,
): Promise<(SubmissionForScoring & { alreadyCounted: boolean }) | null> {
  const run = await db.rescoreRun.findUnique({ where: { id: key.rescoreRunId } });
  if (!run || run.testSetId !== key.testSetId || run.evaluatorVersion !== key.evaluatorVersion)
    return null;
  const marker = await db.auditLog.findFirst({
    where: { targetType: 'rescore-job', targetId: rescoreMarker(key) },
    select: { id: true },
  });
  const s = await db.submission.findUnique({
    where: { id: key.submissionId },
    include: {
      phase: {
        select: {
          scoreDecimals: true,
          nearDuplicateMinCases: true,
          nearDuplicateMinFraction: true,
        },
      },
      track: {
        include: {
          benchmark: { select: { minCategorySize: true } },
          testSets: {
            orderBy: { position: 'asc' },
            include: {
              cases: { select: { caseId: true, metadata: true }, orderBy: { caseId: 'asc' } },
            },
          },
        },
      },
    },
  });
  if (!s || !s.track.testSets.some((t) => t.id === key.testSetId)) return null;
  return {
    ...toScoringInput(s),
    alreadyCounted: marker !== null || run.status === 'DONE',
  };
}

/**
 * Records one rescore job's outcome exactly once: writes the evaluation at the run's version (if
 * it is not there yet, keeping the submission's Ladder decision on the test set) and counts the
 * job as done, or counts it as failed, and closes the run when done + failed = total. A marker row in the audit log (one per run × submission × test
 * set) makes a retried, duplicated or replayed job write and count nothing twice. Never touches
 * the submission's status.
 */
export async function recordRescoreOutcome(
  db: Database,
  key: RescoreJobKey,
  outcome:
    | { kind: 'scored'; result: EvaluationResult; release: ReleaseOptions }
    | { kind: 'failed'; message: string },
): Promise<{ counted: boolean; evaluationWritten: boolean; runDone: boolean }> {
  const run = async () =>
    db.$transaction(async (tx) => {
      // The run row is the lock: concurrent jobs of one run count one after the other.
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM public.rescore_runs WHERE id = ${key.rescoreRunId} FOR UPDATE`;
      if (locked.length === 0) return { counted: false, evaluationWritten: false, runDone: false };
      const marker = await tx.auditLog.findFirst({
        where: { targetType: 'rescore-job', targetId: rescoreMarker(key) },
        select: { id: true },
      });
      if (marker) return { counted: false, evaluationWritten: false, runDone: false };
      let evaluationWritten = false;
      if (outcome.kind === 'scored') {
        if (outcome.result.evaluatorVersion !== key.evaluatorVersion)
          throw new Error("rescore result is not at the run's evaluator version");
        evaluationWritten = await writeEvaluation(
          tx,
          key.submissionId,
          outcome.result,
          outcome.release,
        );
      }
      await tx.auditLog.create({
        data: {
          action: outcome.kind === 'scored' ? 'rescore.evaluated' : 'rescore.failed',
          targetType: 'rescore-job',
          targetId: rescoreMarker(key),
          details: {
            rescoreRunId: key.rescoreRunId,
            submissionId: key.submissionId,
            testSetId: key.testSetId,
            evaluatorVersion: key.evaluatorVersion,
            ...(outcome.kind === 'failed' ? { message: outcome.message.slice(0, 500) } : {}),
          },
        },
      });
      const updated = await tx.rescoreRun.update({
        where: { id: key.rescoreRunId },
        data: outcome.kind === 'scored' ? { done: { increment: 1 } } : { failed: { increment: 1 } },
      });
      let runDone = false;
      if (updated.status === 'RUNNING' && updated.done + updated.failed >= updated.total) {
        await tx.rescoreRun.update({
          where: { id: key.rescoreRunId },
          data: { status: 'DONE', finishedAt: new Date() },
        });
        runDone = true;
      }
      // The ranked version may have changed (run done) or a new entry joined it.
      if (runDone || evaluationWritten) await enqueueRankStatsInTx(tx, key.testSetId);
      return { counted: true, evaluationWritten, runDone };
    });
  try {
    return await run();
  } catch (error) {
    // A concurrent writer of the same evaluation committed first; the retry finds its marker or
    // the evaluation and counts consistently.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      return run();
    throw error;
  }
}

/** Submissions of a running rescore that have neither an evaluation at its version nor a recorded outcome. */
export async function listRescorePending(db: Database, { olderThanMs = 0, limit = 500 } = {}) {
  return db.$queryRaw<
    { rescoreRunId: string; submissionId: string; testSetId: string; evaluatorVersion: number }[]
  >`
    SELECT r.id AS "rescoreRunId", s.id AS "submissionId", r."testSetId", r."evaluatorVersion"
      FROM public.rescore_runs r
      JOIN public.test_sets ts ON ts.id = r."testSetId"
      JOIN public.submissions s ON s."trackId" = ts."trackId" AND s.status = 'SCORED'
     WHERE r.status = 'RUNNING' AND r."createdAt" <= ${new Date(Date.now() - olderThanMs)}
       AND NOT EXISTS (SELECT 1 FROM public.evaluations e WHERE e."submissionId" = s.id
                        AND e."testSetId" = r."testSetId" AND e."evaluatorVersion" = r."evaluatorVersion")
       AND NOT EXISTS (SELECT 1 FROM public.audit_log a WHERE a."targetType" = 'rescore-job'
                        AND a."targetId" = r.id || '/' || s.id || '/' || r."testSetId")
     ORDER BY r."createdAt", s."createdAt"
     LIMIT ${limit}`;
}

/** Whether the submission is still waiting or being scored now (not final, not deleted). */
export async function isUnfinished(db: Database, id: string): Promise<boolean> {
  const row = await db.submission.findUnique({ where: { id }, select: { status: true } });
  return row !== null && ['QUEUED', 'VALIDATING', 'SCORING'].includes(row.status);
}

/** Submissions Postgres says are not finished: the reconciler makes sure each has a job. */
export async function listUnfinished(db: Database, { olderThanMs = 0, limit = 500 } = {}) {
  const rows = await db.submission.findMany({
    where: {
      status: { in: ['QUEUED', 'VALIDATING', 'SCORING'] },
      createdAt: { lte: new Date(Date.now() - olderThanMs) },
    },
    select: { id: true, status: true, attempts: true, fileBytes: true },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  return rows.map((row) => ({ ...row, fileBytes: Number(row.fileBytes) }));
}
