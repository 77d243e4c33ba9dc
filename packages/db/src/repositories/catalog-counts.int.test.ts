// The catalog's entry counts against the board on real Postgres: a card must announce exactly the
// entries the board lists as it opens (its first track's first test set), verified and reported,
// and leave out moderation-hidden ones and entries of other tracks.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../client.js';
import {
  createClassificationBenchmark,
  createUserWithTeam,
  testDatabaseUrls,
  type FixtureBenchmark,
} from '../testing/index.js';
import { listPublished, findPublishedBySlug } from './benchmarks.js';
import { clearBoardCache, getBoardView } from './boards.js';

const owner = createDatabase(testDatabaseUrls().ADMIN_DATABASE_URL, { maxConnections: 2 });
let fixture: FixtureBenchmark;
let secondTestSetId: string;

async function scoredEntry(
  trackId: string,
  testSetId: string,
  owners: { userId: string; teamId: string },
  over: { moderation?: 'VISIBLE' | 'HIDDEN'; isReleased?: boolean } = {},
) {
  const submission = await owner.submission.create({
    data: {
      teamId: owners.teamId,
      trackId,
      submittedById: owners.userId,
      methodName: `method-${randomUUID().slice(0, 6)}`,
      blobKey: randomUUID(),
      fileName: 'predictions.csv',
      fileBytes: 10n,
      sha256: randomUUID(),
      status: 'SCORED',
      moderation: over.moderation ?? 'VISIBLE',
    },
  });
  await owner.evaluation.create({
    data: {
      submissionId: submission.id,
      testSetId,
      evaluatorVersion: 1,
      caseCount: 2,
      durationMs: 1,
      isReleased: over.isReleased ?? true,
    },
  });
}

beforeAll(async () => {
  fixture = await createClassificationBenchmark(owner, {
    cases: [
      { caseId: 'a', label: 'positive' },
      { caseId: 'b', label: 'negative' },
    ],
  });
  const owners = await createUserWithTeam(owner);
  // A second track after the first, of another task type, with entries of its own.
  const second = await owner.track.create({
    data: {
      benchmarkId: fixture.benchmarkId,
      slug: 'zz-second',
      name: 'Second',
      position: 1,
      taskType: 'mcq',
      taskConfig: {},
      metrics: ['accuracy'],
      primaryMetric: 'accuracy',
    },
  });
  secondTestSetId = (
    await owner.testSet.create({
      data: { trackId: second.id, slug: 'test', name: 'Test', bootstrapSeed: 7 },
    })
  ).id;
  await scoredEntry(fixture.trackId, fixture.testSetId, owners);
  await scoredEntry(fixture.trackId, fixture.testSetId, owners);
  await scoredEntry(fixture.trackId, fixture.testSetId, owners, { moderation: 'HIDDEN' });
  await scoredEntry(second.id, secondTestSetId, owners);
  await scoredEntry(second.id, secondTestSetId, owners);
  for (const [modelName, moderation] of [
    ['Reported A', 'VISIBLE'],
    ['Reported B', 'HIDDEN'],
  ] as const) {
    await owner.reportedEntry.create({
      data: {
        benchmarkId: fixture.benchmarkId,
        trackId: fixture.trackId,
        testSetId: fixture.testSetId,
        modelName,
        modelSlug: modelName.toLowerCase().replace(' ', '-'),
        moderation,
      },
    });
  }
  clearBoardCache();
});

afterAll(async () => {
  await owner.benchmark.delete({ where: { id: fixture.benchmarkId } }).catch(() => undefined);
  await owner.$disconnect();
});

describe('catalog entry counts', () => {
  it('equal the entries the board lists as it opens, verified and reported', async () => {
    const board = await getBoardView(owner, { slug: fixture.slug });
    const card = (await listPublished(owner)).find((b) => b.slug === fixture.slug);
    expect(board?.entries).toHaveLength(3);
    expect(card).toMatchObject({
      entryCount: board?.entries.length,
      verifiedEntryCount: board?.entries.filter((e) => e.kind === 'verified').length,
    });
    expect(card?.verifiedEntryCount).toBe(2);
  });

  it('are the same on the benchmark record, and list every task type of its tracks', async () => {
    const record = await findPublishedBySlug(owner, fixture.slug);
    expect(record).toMatchObject({
      entryCount: 3,
      verifiedEntryCount: 2,
      taskTypes: ['classification', 'mcq'],
    });
  });
});
