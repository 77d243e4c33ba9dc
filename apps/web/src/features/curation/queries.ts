import 'server-only';
import { isAppError } from '@medrank/core';
import {
  assertCanCurate,
  exportBenchmarkDefinition,
  listTaskTypes,
  type BenchmarkDefinition,
} from '@medrank/curation';
import { taskTypeContract } from '@medrank/task-contracts';
import { benchmarkDefinitions, groundTruthUploads, rescoreRuns, testInputs } from '@medrank/db';
import { forbidden, notFound } from 'next/navigation';
import { db } from '@/server/db';
import type { CurationActor } from './access';
import type { TaskTypeOption } from './components/task-type-cards';
import { toTestInputsUploadView, type TestInputsUploadView } from '../test-inputs/to-view';
import { toGroundTruthUploadView, toRescoreRunView } from './to-views';
import type { GroundTruthUploadView, RescoreRunView } from './views';

export interface TestSetState {
  trackSlug: string;
  trackName: string;
  testSetSlug: string;
  testSetName: string;
  caseCount: number;
  evaluatorVersion: number;
  latestUpload: GroundTruthUploadView | null;
  latestRescore: RescoreRunView | null;
  /** The test set's `inputs` in the definition, and its latest inputs upload. */
  inputsVisibility: 'PUBLIC' | 'HIDDEN';
  latestInputsUpload: TestInputsUploadView | null;
}

export interface CurationAccess {
  benchmarkId: string;
  status: 'DRAFT' | 'PUBLISHED';
  title: string;
}

/**
 * The benchmark if the actor may curate it. A draft someone may not see is a plain 404 (its
 * existence does not leak); a published benchmark they do not curate is a 403 (app/forbidden.tsx).
 */
export async function curationAccessForPage(
  actor: CurationActor,
  slug: string,
): Promise<CurationAccess> {
  try {
    const b = await assertCanCurate(db(), actor, slug);
    return { benchmarkId: b.benchmarkId, status: b.status, title: b.title };
  } catch (error) {
    if (isAppError(error) && error.code === 'FORBIDDEN') forbidden();
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
}

export async function getDefinition(slug: string): Promise<BenchmarkDefinition> {
  return exportBenchmarkDefinition(db(), slug);
}

/** Ground truth and rescoring state of every test set, for the overview and upload step. */
export async function listTestSetStates(
  benchmarkId: string,
  definition: BenchmarkDefinition,
): Promise<TestSetState[]> {
  const pairs = definition.tracks.flatMap((t) => t.testSets.map((s) => ({ t, s })));
  return Promise.all(
    pairs.map(async ({ t, s }) => {
      const found = await benchmarkDefinitions.findTestSet(db(), benchmarkId, t.slug, s.slug);
      const [uploads, runs, inputsUploads] = found
        ? await Promise.all([
            groundTruthUploads.listForTestSet(db(), found.testSetId, { limit: 1 }),
            rescoreRuns.listForTestSet(db(), found.testSetId),
            testInputs.listForTestSet(db(), found.testSetId, { limit: 1 }),
          ])
        : [[], [], []];
      return {
        trackSlug: t.slug,
        trackName: t.name,
        testSetSlug: s.slug,
        testSetName: s.name,
        caseCount: found?.caseCount ?? 0,
        evaluatorVersion: found?.evaluatorVersion ?? 1,
        latestUpload: uploads[0] ? toGroundTruthUploadView(uploads[0]) : null,
        latestRescore: runs[0] ? toRescoreRunView(runs[0]) : null,
        inputsVisibility: s.inputs === 'public' ? 'PUBLIC' : 'HIDDEN',
        latestInputsUpload: inputsUploads[0] ? toTestInputsUploadView(inputsUploads[0]) : null,
      };
    }),
  );
}

/**
 * Every task type the platform scores, with its contract's configuration keys, for the task type
 * cards and configuration editors (a task type added to the registry and its contract appears here).
 */
export function listTaskTypeOptions(): TaskTypeOption[] {
  return listTaskTypes().map((t) => ({
    key: t.key,
    label: t.label,
    metrics: t.metrics,
    groundTruthFormat: t.groundTruthFormat,
    exampleConfig: t.exampleConfig,
    configKeys: taskTypeContract(t.key)?.config ?? [],
  }));
}
