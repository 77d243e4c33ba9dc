// The board cache's per-benchmark change stamp against real Postgres (migration board_stamp):
// a write that does not touch a benchmark's boards (a token, another benchmark) keeps its cached
// board, and every writer of what a board shows rebuilds it. "Rebuilt" is observable because
// getBoardView returns the same object for the same query on an unchanged board.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../client.js';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  testDatabaseUrls,
  type FixtureBenchmark,
} from '../testing/index.js';
import * as apiTokens from './api-tokens.js';
import * as benchmarkDefinitions from './benchmark-definitions.js';
import { getBoardView } from './boards.js';
import { replaceForTestSet } from './ground-truth.js';
import { moderate } from './moderation.js';
import { replaceRankStats } from './rank-stats.js';
import { upsertMany } from './reported.js';
import { requestForTestSet } from './rescore-runs.js';
import { saveResults } from './submissions.js';

const owner = createDatabase(testDatabaseUrls().ADMIN_DATABASE_URL, { maxConnections: 2 });
let board: FixtureBenchmark;
let other: FixtureBenchmark;
let owners: { userId: string; teamId: string };

/** Longer than the board's stamp reuse window (STAMP_REUSE_MS), so the next read asks Postgres. */
const afterStampReuse = () => sleep(300);
const boardView = () => getBoardView(owner, { slug: board.slug });

/** A submission scored on the board through the worker's writer; returns its id and evaluation. */
async function scoreSubmission(fixture: FixtureBenchmark, value = 0.5) {
  const submission = await owner.submission.create({
    data: {
      teamId: owners.teamId,
      trackId: fixture.trackId,
      phaseId: fixture.phaseId,
      submittedById: owners.userId,
      methodName: `method-${randomUUID().slice(0, 6)}`,
      blobKey: randomUUID(),
      fileName: 'predictions.csv',
      fileBytes: 10n,
      sha256: randomUUID(),
    },
  });
  const score = (metric: string) => ({ metric, value, ciLow: null, ciHigh: null, n: 2 });
  await saveResults(
    owner,
    submission.id,
    [
      {
        testSetId: fixture.testSetId,
        evaluatorVersion: 1,
        caseCount: 2,
        durationMs: 1,
        scores: [score('roc_auc'), score('accuracy')],
      },
    ],
    { primaryMetricHigherIsBetter: true },
  );
  const evaluation = await owner.evaluation.findFirstOrThrow({
    where: { submissionId: submission.id },
  });
  return { submissionId: submission.id, evaluationId: evaluation.id };
}

let scored: { submissionId: string; evaluationId: string };

beforeAll(async () => {
  const cases = [
    { caseId: 'a', label: 'positive' },
    { caseId: 'b', label: 'negative' },
  ];
  board = await createClassificationBenchmark(owner, { cases });
  other = await createClassificationBenchmark(owner, { cases });
  owners = await createUserWithTeam(owner);
  scored = await scoreSubmission(board);
});

afterAll(async () => {
  await owner.benchmark.deleteMany({
    where: { id: { in: [board.benchmarkId, other.benchmarkId] } },
  });
  await owner.$disconnect();
});

describe('board cache stamp', () => {
  it('keeps a cached board through writes that do not touch it', async () => {
    const before = await boardView();
    expect(before?.entries.length).toBe(1);
    await apiTokens.create(owner, owners.userId, 'ci');
    await scoreSubmission(other);
    await owner.benchmark.update({ where: { id: other.benchmarkId }, data: { title: 'Other' } });
    await owner.submission.create({
      data: {
        teamId: owners.teamId,
        trackId: board.trackId,
        submittedById: owners.userId,
        methodName: 'queued, not on the board yet',
        blobKey: randomUUID(),
        fileName: 'predictions.csv',
        fileBytes: 10n,
        sha256: randomUUID(),
      },
    });
    await afterStampReuse();
    expect(await boardView()).toBe(before);
  });

  // Every writer of what the board shows, through the repository function the app calls.
  const writers: [string, () => Promise<unknown>][] = [
    ['a new evaluation and its scores (saveResults)', () => scoreSubmission(board, 0.7)],
    [
      'moderation (moderate)',
      () =>
        moderate(
          owner,
          board.benchmarkId,
          {
            kind: 'verified',
            id: scored.submissionId,
            action: 'disqualify',
            reason: 'test',
            baselineKind: null,
          },
          { actorId: owners.userId, slug: board.slug },
        ),
    ],
    [
      'a reported import (upsertMany)',
      () =>
        upsertMany(owner, {
          benchmarkId: board.benchmarkId,
          actorId: owners.userId,
          target: board.slug,
          fileName: 'reported.csv',
          entries: [
            {
              trackId: board.trackId,
              testSetId: board.testSetId,
              modelName: 'GPT-4V',
              modelSlug: 'gpt-4v',
              scores: [{ metric: 'accuracy', dimension: '', category: '', value: 0.6 }],
            },
          ],
        }),
    ],
    [
      'a definition change of the benchmark (updateMetadata)',
      async () => {
        const b = await owner.benchmark.findUniqueOrThrow({ where: { id: board.benchmarkId } });
        await benchmarkDefinitions.updateMetadata(owner, board.benchmarkId, {
          title: b.title,
          summary: 'Changed summary',
          description: b.description,
          taskType: b.taskType,
          modality: b.modality,
          bodyRegion: b.bodyRegion,
          citation: b.citation,
          paperUrl: b.paperUrl,
          dataUrl: b.dataUrl,
          license: b.license,
          minCategorySize: b.minCategorySize,
        });
      },
    ],
    [
      'a definition change of a track (updateTrack)',
      () => owner.track.update({ where: { id: board.trackId }, data: { name: 'Renamed track' } }),
    ],
    [
      'a test set change (name, visibility)',
      () =>
        owner.testSet.update({
          where: { id: board.testSetId },
          data: { visibility: 'HIDDEN_UNTIL_CLOSE' },
        }),
    ],
    [
      'a phase change (stated precision)',
      () => owner.phase.update({ where: { id: board.phaseId }, data: { scoreDecimals: 2 } }),
    ],
    [
      'a rescore request (requestForTestSet)',
      () =>
        requestForTestSet(owner, {
          testSetId: board.testSetId,
          reason: 'test',
          actorId: owners.userId,
          benchmarkId: board.benchmarkId,
          target: board.slug,
        }),
    ],
    [
      'ground truth (replaceForTestSet)',
      () =>
        replaceForTestSet(owner, board.testSetId, [
          { caseId: 'a', truth: { label: 'negative' } },
          { caseId: 'b', truth: { label: 'negative' } },
          { caseId: 'c', truth: { label: 'positive' } },
        ]),
    ],
    [
      'rank statistics (replaceRankStats)',
      () =>
        replaceRankStats(owner, {
          testSetId: board.testSetId,
          version: 1,
          snapshotAt: new Date(),
          rows: [
            {
              evaluationId: scored.evaluationId,
              metric: 'roc_auc',
              rankLow: 1,
              rankHigh: 2,
              tier: 1,
              pBest: 0.5,
              entryCount: 2,
            },
          ],
        }),
    ],
    [
      'a Ladder release (evaluation isReleased)',
      () =>
        owner.evaluation.update({
          where: { id: scored.evaluationId },
          data: { isReleased: false },
        }),
    ],
    [
      'a team rename',
      () => owner.team.update({ where: { id: owners.teamId }, data: { name: 'Renamed team' } }),
    ],
    [
      'a manual SQL edit of a score',
      () =>
        owner.$executeRaw`UPDATE public.scores SET value = 0.9 WHERE "evaluationId" = ${scored.evaluationId}`,
    ],
  ];

  it.each(writers)('rebuilds the board after %s', async (_name, write) => {
    const before = await boardView();
    expect(before).not.toBeNull();
    await afterStampReuse();
    expect(await boardView()).toBe(before);
    await write();
    await afterStampReuse();
    expect(await boardView()).not.toBe(before);
  });
});
