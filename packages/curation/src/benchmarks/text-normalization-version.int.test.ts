// A report-generation track's textNormalization changes BLEU, METEOR and CIDEr-D, so changing it
// must move the track's test sets to a new evaluator version (scores of the two tokenizations are
// never ranked together), as every task configuration change does; a bad value never gets stored.
import { randomUUID } from 'node:crypto';
import { createDatabase } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/actor.js';
import type { BenchmarkDefinitionInput } from '../definition/benchmark-definition.js';
import { createBenchmark, listAuditLog, updateBenchmark } from './manage-benchmark.js';

const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const web = createDatabase(urls.DATABASE_URL, { maxConnections: 2 });

const slugs: string[] = [];
const userIds: string[] = [];
let curator: Actor;

const definition = (
  slug: string,
  taskConfig: Record<string, unknown>,
): BenchmarkDefinitionInput => ({
  slug,
  title: 'Reports',
  summary: 'Report generation with a declared text normalization.',
  tracks: [
    {
      slug: 'findings',
      name: 'Findings',
      taskType: 'report-generation',
      taskConfig,
      metrics: ['bleu4_corpus', 'rougeL_f'],
      primaryMetric: 'bleu4_corpus',
      testSets: [{ slug: 'test', name: 'Test' }],
    },
  ],
});

beforeAll(async () => {
  const u = await createUserWithTeam(web);
  userIds.push(u.userId);
  await owner.user.update({ where: { id: u.userId }, data: { role: 'curator' } });
  curator = { userId: u.userId, role: 'curator' };
});

afterAll(async () => {
  await owner.benchmark.deleteMany({ where: { slug: { in: slugs } } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await Promise.all([owner.$disconnect(), web.$disconnect()]);
});

describe('textNormalization and the evaluator version', () => {
  it('a change of textNormalization bumps the track’s test sets; the same value again does not', async () => {
    const slug = `text-norm-${randomUUID().slice(0, 8)}`;
    slugs.push(slug);
    await createBenchmark(web, curator, definition(slug, { sections: ['findings'] }));

    const ptb = definition(slug, { sections: ['findings'], textNormalization: 'ptb-lower' });
    const result = await updateBenchmark(web, curator, slug, ptb);
    expect(result.bumped).toEqual([
      expect.objectContaining({ track: 'findings', testSet: 'test', version: 2 }),
    ]);
    const audit = (await listAuditLog(web, curator, slug))[0]!;
    expect(audit.details.changes).toContain('track findings: task configuration changed');

    expect((await updateBenchmark(web, curator, slug, ptb)).bumped).toEqual([]);
    const back = definition(slug, { sections: ['findings'], textNormalization: 'whitespace' });
    expect((await updateBenchmark(web, curator, slug, back)).bumped).toEqual([
      expect.objectContaining({ version: 3 }),
    ]);
  });

  it('refuses an unknown value with the allowed ones and stores nothing', async () => {
    const slug = `text-norm-bad-${randomUUID().slice(0, 8)}`;
    slugs.push(slug);
    await createBenchmark(web, curator, definition(slug, { sections: ['findings'] }));
    await expect(
      updateBenchmark(web, curator, slug, definition(slug, { textNormalization: 'ptb' })),
    ).rejects.toThrow(/textNormalization must be one of "whitespace", "ptb-lower"; found "ptb"/);
    const track = await owner.track.findFirstOrThrow({
      where: { benchmark: { slug } },
      select: { taskConfig: true, testSets: { select: { evaluatorVersion: true } } },
    });
    expect(track.taskConfig).toEqual({ sections: ['findings'] });
    expect(track.testSets).toEqual([{ evaluatorVersion: 1 }]);
  });
});
