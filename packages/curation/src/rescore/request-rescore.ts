import { AppError } from '@medrank/core';
import { benchmarkDefinitions, rescoreRuns, type Database } from '@medrank/db';
import { assertCanCurate, type Actor } from '../access/actor.js';

export interface RescoreTarget {
  slug: string;
  trackSlug: string;
  testSetSlug: string;
}

async function testSetFor(db: Database, actor: Actor, t: RescoreTarget) {
  const benchmark = await assertCanCurate(db, actor, t.slug);
  const set = await benchmarkDefinitions.findTestSet(
    db,
    benchmark.benchmarkId,
    t.trackSlug,
    t.testSetSlug,
  );
  if (!set)
    throw new AppError('NOT_FOUND', `no test set "${t.testSetSlug}" in track "${t.trackSlug}"`);
  return { benchmark, set };
}

/**
 * Rescores every scored submission of a test set at its current evaluator version, as new
 * evaluations (old ones are kept). One run per test set × version: a second request (a double
 * click) returns the same run and enqueues nothing. Progress is the run's done/failed/total.
 */
export async function requestRescore(
  db: Database,
  actor: Actor,
  target: RescoreTarget & { reason?: string },
): Promise<rescoreRuns.RescoreRunDto & { created: boolean }> {
  const { benchmark, set } = await testSetFor(db, actor, target);
  const { run, created } = await rescoreRuns.requestForTestSet(db, {
    testSetId: set.testSetId,
    reason: target.reason?.trim() || `rescore to evaluator v${set.evaluatorVersion}`,
    actorId: actor.userId,
    benchmarkId: benchmark.benchmarkId,
    target: `track ${set.trackSlug} / test set ${set.testSetSlug}`,
  });
  return { ...run, created };
}

/** The runs of a test set, newest version first, with its current evaluator version. */
export async function getRescoreRun(db: Database, actor: Actor, target: RescoreTarget) {
  const { set } = await testSetFor(db, actor, target);
  const runs = await rescoreRuns.listForTestSet(db, set.testSetId);
  return {
    currentVersion: set.evaluatorVersion,
    current: runs.find((r) => r.evaluatorVersion === set.evaluatorVersion) ?? null,
    runs,
  };
}
