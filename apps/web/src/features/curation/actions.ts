'use server';
import { AppError, isAppError } from '@medrank/core';
import {
  confirmGroundTruthUpload,
  assertCanCreateBenchmarks,
  assertCanCurate,
  createBenchmark,
  decideParticipation,
  decideParticipationInputSchema,
  deleteDraftBenchmark,
  exportBenchmarkDefinition,
  getGroundTruthUpload,
  grantCurator,
  moderateEntry,
  parseBenchmarkYaml,
  publishBenchmark,
  listTaskTypes,
  parseTaskConfig,
  requestRescore,
  revokeCurator,
  setSiteCuratorRole,
  updateBenchmark,
  versionBumpNotices,
  type BenchmarkDefinition,
  type BenchmarkDefinitionInput,
} from '@medrank/curation';
import { users } from '@medrank/db';
import { taskTypeContract } from '@medrank/task-contracts';
import { revalidatePath } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { ZodError } from 'zod';
import { blobs } from '@/server/blobs';
import { db } from '@/server/db';
import { logger } from '@/server/logger';
import { runAction, type ActionResult } from '@/server/action';
import { requireActor, requireAdmin } from './access';
import {
  applyDetails,
  applyMetrics,
  applyPhases,
  applyTaskTypes,
  applyTestSets,
  applyTracks,
  droppedMetricsNotice,
  hasNewTaskType,
  nextStep,
  starterTrack,
  suggestedMetrics,
} from './definition-steps';
import { formToObject, issuesToFieldErrors } from './form-paths';
import { contractIssuesOf } from './submission-contract-form';
import { taskConfigFromForm } from './task-config-form';
import { toGroundTruthUploadView, toRescoreRunView } from './to-views';
import type { CurationStep, FileIssueView, GroundTruthUploadView, RescoreRunView } from './views';

export type StepResult =
  | {
      ok: true;
      slug: string;
      nextHref: string;
      /** What the curator must act on, e.g. "This change creates evaluator v3 of findings / test; … rescore …". */
      notices: string[];
      /** What the save changed beyond the form, e.g. metrics a new label map no longer computes. */
      changes: string[];
    }
  | {
      ok: false;
      /** The AppError code (UNAUTHORIZED, FORBIDDEN, NOT_FOUND, BAD_REQUEST, CONFLICT…), for clients that branch on it. */
      code: string;
      message: string;
      fieldErrors: Record<string, string>;
    };

/** Field names present on the submitted form: where an issue can be shown. */
const fieldNamesOf = (form: FormData) => [...new Set([...form.keys()])];

/** Maps a refused definition (zod or the package's issue list) to errors next to fields. */
function definitionFailure(error: unknown, form: FormData): StepResult {
  unstable_rethrow(error);
  const names = fieldNamesOf(form);
  let issues: { column?: string; message: string }[] | null = null;
  if (error instanceof ZodError)
    issues = error.issues.map((i) => ({
      column: i.path
        .map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n ? '.' : ''}${String(p)}`))
        .join(''),
      message: i.message,
    }));
  else if (isAppError(error)) {
    const details = error.details as
      { issues?: { column?: string; message: string }[] } | undefined;
    if (details?.issues?.length) issues = details.issues;
    else return { ok: false, code: error.code, message: error.message, fieldErrors: {} };
  }
  if (!issues) {
    logger().error({ err: error }, 'unhandled error in curation step');
    return {
      ok: false,
      code: 'INTERNAL',
      message: 'Something went wrong. Please try again.',
      fieldErrors: {},
    };
  }
  const { fieldErrors, unplaced } = issuesToFieldErrors(issues, names);
  return {
    ok: false,
    code: 'BAD_REQUEST',
    message: unplaced.length
      ? `Not saved: ${unplaced.join('; ')}`
      : 'Not saved. Please correct the highlighted fields.',
    fieldErrors,
  };
}

/**
 * A task configuration from the form fields under `path` (`` for the first step, `tracks[2].` on
 * the task step).
 * @throws {AppError} BAD_REQUEST with an issue per field that is wrong.
 */
function readTaskConfig(
  node: Record<string, unknown>,
  taskType: string,
  path: string,
): Record<string, unknown> {
  const { config, issues } = taskConfigFromForm(node, taskType);
  // The task type's parser has the last word; what it says about `model` / `endpoint` goes to
  // the field it names (an unknown task type is the definition's to report, at its field).
  if (issues.length === 0 && taskTypeContract(taskType)) {
    try {
      parseTaskConfig(taskType, config);
    } catch (error) {
      if (!isAppError(error)) throw error;
      issues.push(...contractIssuesOf(error.message));
    }
  }
  if (issues.length > 0)
    throw new AppError('BAD_REQUEST', 'the task configuration has problems', {
      details: { issues: issues.map((i) => ({ column: `${path}${i.field}`, message: i.message })) },
    });
  return config;
}

/**
 * Saves one step of the guided flow. A new benchmark is created as a DRAFT by the first step;
 * later steps fold their slice into the stored definition and update it. The curation package
 * validates everything; its issues come back next to the fields they concern.
 */
export async function saveStepAction(
  slug: string | null,
  step: CurationStep,
  _previous: unknown,
  form: FormData,
): Promise<StepResult> {
  try {
    const actor = await requireActor();
    // Who may do this is decided before anything in the form is read.
    if (!slug) assertCanCreateBenchmarks(actor);
    else await assertCanCurate(db(), actor, slug);
    const patch = formToObject(form);
    if (!slug) {
      // The first step: details plus the task type, enough for a valid draft with a starter track.
      const taskType = String(form.get('taskType') ?? '');
      if (!taskType)
        throw new AppError('BAD_REQUEST', 'choose a task type', {
          details: { issues: [{ column: 'taskType', message: 'choose a task type' }] },
        });
      const taskConfig = readTaskConfig(patch, taskType, '');
      const suggested = suggestedMetrics(taskType, taskConfig);
      const draft = applyDetails(
        {
          tracks: [],
          phases: [],
          description: '',
          minCategorySize: 20,
        } as unknown as BenchmarkDefinition,
        patch,
      );
      draft.tracks = [
        starterTrack(
          taskType,
          taskConfig,
          suggested?.metrics ?? [],
          suggested?.primaryMetric ?? '',
        ),
      ];
      const created = await createBenchmark(db(), actor, draft);
      revalidatePath('/curate');
      return {
        ok: true,
        slug: created.slug,
        nextHref: `/curate/${created.slug}/task`,
        notices: [],
        changes: [],
      };
    }

    const current = await exportBenchmarkDefinition(db(), slug);
    let next: BenchmarkDefinitionInput;
    let changes: string[] = [];
    let after = nextStep(step);
    switch (step) {
      case 'details':
        next = applyDetails(current, patch);
        break;
      case 'task': {
        const rows = Array.isArray(patch.tracks) ? (patch.tracks as unknown[]) : [];
        const issues: { column: string; message: string }[] = [];
        const choices = current.tracks.map((track, i) => {
          const row = (rows[i] ?? {}) as Record<string, unknown>;
          const taskType = typeof row.taskType === 'string' ? row.taskType : track.taskType;
          try {
            return { taskType, taskConfig: readTaskConfig(row, taskType, `tracks[${i}].`) };
          } catch (error) {
            const details = isAppError(error)
              ? (error.details as { issues?: { column: string; message: string }[] } | undefined)
              : undefined;
            if (!details?.issues) throw error;
            issues.push(...details.issues);
            return undefined;
          }
        });
        // Every track's problems at once, not the first track's only.
        if (issues.length > 0)
          throw new AppError('BAD_REQUEST', 'the task configuration has problems', {
            details: { issues },
          });
        const applied = applyTaskTypes(current, choices);
        next = applied.next;
        changes = applied.dropped.map(droppedMetricsNotice);
        break;
      }
      case 'metrics':
        next = applyMetrics(current, patch);
        break;
      case 'tracks':
        next = applyTracks(
          current,
          patch,
          Object.fromEntries(listTaskTypes().map((t) => [t.key, t.exampleConfig])),
        );
        // A track that took another task type is configured on the task step next.
        if (hasNewTaskType(current, next)) after = 'task';
        break;
      case 'test-sets':
        next = applyTestSets(current, patch);
        break;
      case 'phases':
        next = applyPhases(current, patch);
        break;
      default:
        throw new AppError('BAD_REQUEST', `step "${step}" has no form`);
    }
    const result = await updateBenchmark(db(), actor, slug, next);
    const savedSlug = (next.slug as string | undefined) ?? slug;
    revalidatePath(`/curate/${savedSlug}`, 'layout');
    // Only bumps that leave scored entries behind need the curator's attention (a draft has none).
    const notices = versionBumpNotices(result.bumped);
    return {
      ok: true,
      slug: savedSlug,
      nextHref: `/curate/${savedSlug}/${after}`,
      notices,
      changes,
    };
  } catch (error) {
    return definitionFailure(error, form);
  }
}

export interface YamlImportResult {
  ok: boolean;
  /** The AppError code of a refusal (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST…). */
  code?: string;
  slug?: string;
  issues?: FileIssueView[];
  message?: string;
}

/** Creates a draft from a pasted or uploaded benchmark.yaml; parse errors come back with lines. */
export async function importYamlAction(
  _previous: unknown,
  form: FormData,
): Promise<YamlImportResult> {
  try {
    const actor = await requireActor();
    assertCanCreateBenchmarks(actor);
    const file = form.get('file');
    const pasted = String(form.get('yaml') ?? '');
    const text = file instanceof File && file.size > 0 ? await file.text() : pasted;
    if (!text.trim())
      return { ok: false, message: 'Paste a benchmark.yaml or choose a file.', issues: [] };
    const parsed = parseBenchmarkYaml(text);
    if (!parsed.ok)
      return {
        ok: false,
        message: `The definition has ${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'}; nothing was created.`,
        issues: parsed.issues,
      };
    const created = await createBenchmark(db(), actor, parsed.definition);
    revalidatePath('/curate');
    return { ok: true, slug: created.slug };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error)) {
      const details = error.details as { issues?: FileIssueView[] } | undefined;
      return { ok: false, code: error.code, message: error.message, issues: details?.issues ?? [] };
    }
    logger().error({ err: error }, 'unhandled error importing YAML');
    return { ok: false, message: 'Something went wrong. Please try again.' };
  }
}

export async function confirmGroundTruthAction(
  slug: string,
  uploadId: string,
): Promise<ActionResult<GroundTruthUploadView>> {
  return runAction(async () => {
    const actor = await requireActor();
    await confirmGroundTruthUpload(db(), actor, uploadId);
    revalidatePath(`/curate/${slug}`, 'layout');
    return toGroundTruthUploadView(await getGroundTruthUpload(db(), actor, uploadId));
  });
}

export async function requestRescoreAction(
  slug: string,
  trackSlug: string,
  testSetSlug: string,
): Promise<ActionResult<RescoreRunView>> {
  return runAction(async () => {
    const actor = await requireActor();
    const run = await requestRescore(db(), actor, { slug, trackSlug, testSetSlug });
    revalidatePath(`/curate/${slug}`, 'layout');
    return toRescoreRunView(run);
  });
}

export async function publishAction(slug: string): Promise<ActionResult<{ slug: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    await publishBenchmark(db(), actor, slug);
    revalidatePath(`/curate/${slug}`, 'layout');
    revalidatePath('/');
    return { slug };
  });
}

/**
 * Deletes a draft from its overview page. The curator types the slug to confirm; that is checked
 * after the permission check (a stranger learns nothing from it) and before anything is deleted.
 */
export async function deleteDraftBenchmarkAction(
  slug: string,
  confirmation: string,
): Promise<ActionResult<{ slug: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const benchmark = await assertCanCurate(db(), actor, slug);
    const typed = typeof confirmation === 'string' ? confirmation.trim() : '';
    if (benchmark.status === 'DRAFT' && typed !== slug)
      throw new AppError('BAD_REQUEST', `type the slug "${slug}" to confirm the deletion`);
    const deleted = await deleteDraftBenchmark(db(), actor, slug, { blobs: blobs() });
    if (deleted.filesLeft.length > 0)
      logger().warn(
        { slug, files: deleted.filesLeft },
        'files of a deleted draft were left behind',
      );
    revalidatePath('/curate');
    return { slug };
  });
}

export interface ModerationResult {
  ok: boolean;
  /** The AppError code of a refusal (UNAUTHORIZED, FORBIDDEN, NOT_FOUND, BAD_REQUEST…). */
  code?: string;
  message?: string;
  fieldErrors?: Record<string, string>;
}

/** Hide, disqualify (with a public reason), restore, or mark/unmark a baseline. */
export async function moderateAction(
  slug: string,
  _previous: unknown,
  form: FormData,
): Promise<ModerationResult> {
  const result = await runAction(async () => {
    const actor = await requireActor();
    await moderateEntry(db(), actor, {
      slug,
      kind: String(form.get('kind') ?? '') as 'verified' | 'reported',
      id: String(form.get('entryId') ?? ''),
      action: String(form.get('action') ?? '') as
        'hide' | 'disqualify' | 'restore' | 'mark-baseline' | 'unmark-baseline',
      reason: String(form.get('reason') ?? '').trim() || undefined,
      baselineKind: String(form.get('baselineKind') ?? '').trim() || undefined,
    });
    revalidatePath(`/curate/${slug}/moderation`);
    revalidatePath(`/benchmarks/${slug}`);
    return null;
  });
  if (result.ok) return { ok: true };
  return {
    ok: false,
    code: result.error.code,
    message: result.error.message,
    fieldErrors: result.error.fieldErrors,
  };
}

/**
 * Site role by email: 'curator' may create benchmarks, 'admin' may do everything. Admin is the
 * users repository's role switch; curator is the curation package's (both audited).
 */
export async function setSiteRoleAction(
  _previous: unknown,
  form: FormData,
): Promise<ActionResult<{ email: string; role: string }>> {
  return runAction(async () => {
    const actor = await requireAdmin();
    const email = String(form.get('email') ?? '').trim();
    const role = String(form.get('role') ?? '');
    if (!['user', 'curator', 'admin'].includes(role))
      throw new AppError('BAD_REQUEST', 'role must be user, curator or admin');
    const target = await users.findByEmail(db(), email);
    if (!target) throw new AppError('NOT_FOUND', `no account with the email ${email}`);
    if (target.id === actor.userId && role !== 'admin')
      throw new AppError('BAD_REQUEST', 'you cannot remove your own admin role');
    if (role === 'admin') await users.setRole(db(), email, 'admin');
    else {
      if (target.role === 'admin') await users.setRole(db(), email, 'user');
      await setSiteCuratorRole(db(), actor, { email, enabled: role === 'curator' });
    }
    revalidatePath('/admin');
    return { email, role };
  });
}

export async function grantCuratorAction(
  _previous: unknown,
  form: FormData,
): Promise<ActionResult<{ email: string; slug: string }>> {
  return runAction(async () => {
    const actor = await requireAdmin();
    const slug = String(form.get('slug') ?? '');
    const email = String(form.get('email') ?? '').trim();
    await grantCurator(db(), actor, { slug, email });
    revalidatePath('/admin');
    return { email, slug };
  });
}

export async function revokeCuratorAction(
  slug: string,
  email: string,
): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireAdmin();
    await revokeCurator(db(), actor, { slug, email });
    revalidatePath('/admin');
    return null;
  });
}

export type ParticipationDecisionResult =
  | { ok: true; status: 'APPROVED' | 'REJECTED' }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };

/**
 * A curator's approve/reject on /curate/[slug]/participants: the pressed button carries the
 * status, the note field the note. The same use case as the REST endpoint.
 */
export async function decideParticipationAction(
  slug: string,
  target: { userId: string; phaseId: string },
  _previous: unknown,
  form: FormData,
): Promise<ParticipationDecisionResult> {
  const result = await runAction(async () => {
    const actor = await requireActor();
    await assertCanCurate(db(), actor, slug);
    const input = decideParticipationInputSchema.parse({
      status: form.get('status'),
      note: form.get('note') ?? '',
      phaseId: target.phaseId,
    });
    const decided = await decideParticipation(db(), actor, slug, target.userId, input);
    revalidatePath(`/curate/${slug}/participants`);
    return decided.status as 'APPROVED' | 'REJECTED';
  });
  if (result.ok) return { ok: true, status: result.data };
  return {
    ok: false,
    code: result.error.code,
    message: result.error.message,
    fieldErrors: result.error.fieldErrors,
  };
}
