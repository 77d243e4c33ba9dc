// Curation over the API as a curator runs it: the real `medrank` bin → the web's REST handlers
// (route test server) → a real compiled worker that validates and applies the files, on the
// integration test database. Bad paths are checked to change nothing.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { apiTokens, createDatabase } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../../../tools/testing/cli-entry.js';
import { startTestPlatform, type TestPlatform } from '../../../../tools/testing/test-platform.js';

const root = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'medrank-cli-gt-'));
const run = promisify(execFile);
const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const draft = `cli-gt-${randomUUID().slice(0, 8)}`;
const published = `cli-gt-pub-${randomUUID().slice(0, 8)}`;
const userIds: string[] = [];
let platform: TestPlatform;
let curatorToken: string;
let strangerToken: string;

async function medrank(args: string[], token = curatorToken) {
  const withApi = [...args, '--url', platform.url, '--token', token];
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_ENTRY, ...withApi], {
      cwd: root,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const LABELS = [...Array(30).fill('benign'), ...Array(20).fill('malignant')] as string[];
const goodCsv = (labels: string[]) =>
  `case_id,label\n${labels.map((l, i) => `case-${i + 1},${l}`).join('\n')}\n`;
const target = (slug: string) => ['--benchmark', slug, '--track', 'main', '--test-set', 'test'];
const uploadIdIn = (output: string) => /upload (c[a-z0-9]{20,})/.exec(output)?.[1];

async function testSet(slug = draft) {
  return owner.testSet.findFirstOrThrow({
    where: { track: { benchmark: { slug } } },
    include: { _count: { select: { groundTruthUploads: true, groundTruth: true } } },
  });
}

const definition = (slug: string) => ({
  slug,
  title: 'CLI ground truth',
  summary: 'Uploaded from the command line.',
  tracks: [
    {
      slug: 'main',
      name: 'Main',
      taskType: 'classification',
      taskConfig: { classes: ['benign', 'malignant'] },
      metrics: ['accuracy'],
      primaryMetric: 'accuracy',
      testSets: [{ slug: 'test', name: 'Test' }],
    },
  ],
});

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'cli-gt' });
  const { createBenchmark } = await import('@medrank/curation');
  const curator = await createUserWithTeam(owner);
  const stranger = await createUserWithTeam(owner);
  userIds.push(curator.userId, stranger.userId);
  await owner.user.updateMany({ where: { id: { in: userIds } }, data: { role: 'curator' } });
  curatorToken = (await apiTokens.create(owner, curator.userId, 'cli')).token;
  strangerToken = (await apiTokens.create(owner, stranger.userId, 'cli')).token;
  const actor = { userId: curator.userId, role: 'curator' };
  await createBenchmark(owner, actor, definition(draft));
  await createBenchmark(owner, actor, definition(published));
  await owner.benchmark.update({ where: { slug: published }, data: { status: 'PUBLISHED' } });
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await owner.benchmark.deleteMany({ where: { slug: { in: [draft, published] } } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await owner.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('medrank ground-truth / benchmark delete', { timeout: 180_000 }, () => {
  it('lists a bad file’s issues with file, line and case id, applies nothing, and refuses to confirm it', async () => {
    const bad = file(
      'bad.csv',
      'case_id,label\ncase-1,benign\ncase-2,malignant\ncase-2,benign\ncase-3,maybe\n',
    );
    const uploaded = await medrank(['ground-truth', 'upload', ...target(draft), bad]);
    expect(uploaded.code, platform.output()).toBe(1);
    const id = uploadIdIn(uploaded.stderr);
    expect(id).toBeDefined();
    expect(uploaded.stderr).toContain(`upload ${id}: rejected, nothing was applied`);
    expect(uploaded.stderr).toMatch(/bad\.csv:4: case case-2.*appears more than once/);
    expect(uploaded.stderr).toMatch(/bad\.csv:5: case case-3.*maybe/);

    const confirmed = await medrank(['ground-truth', 'confirm', id!]);
    expect(confirmed.code).toBe(1);
    expect(confirmed.stderr).toContain('HTTP 409: the file was rejected');
    expect(confirmed.stderr).toMatch(/bad\.csv:4: case case-2/);
    const set = await testSet();
    expect(set.caseCount).toBe(0);
    expect(set._count.groundTruth).toBe(0);
    expect((await owner.groundTruthUpload.findUniqueOrThrow({ where: { id: id! } })).status).toBe(
      'INVALID',
    );
    expect(await owner.outbox.count({ where: { jobId: `gt-apply-${id}` } })).toBe(0);

    const status = await medrank(['ground-truth', 'status', id!, '--json']);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, status: 'INVALID' });
  });

  it('names a wrong benchmark, track or test set and a token that may not curate, storing nothing', async () => {
    const good = file('good.csv', goodCsv(LABELS));
    const uploads = (await testSet())._count.groundTruthUploads;
    const blobs = () => readdirSync(platform.blobRoot, { recursive: true }).length;
    const before = blobs();
    const attempts = [
      [
        ['--benchmark', draft, '--track', 'nope', '--test-set', 'test'],
        'HTTP 404: no test set "test" in track "nope"',
      ],
      [
        ['--benchmark', draft, '--track', 'main', '--test-set', 'nope'],
        'HTTP 404: no test set "nope" in track "main"',
      ],
      [
        ['--benchmark', 'no-such-benchmark', '--track', 'main', '--test-set', 'test'],
        'HTTP 404: no benchmark "no-such-benchmark"',
      ],
    ] as const;
    for (const [options, message] of attempts) {
      const result = await medrank(['ground-truth', 'upload', ...options, good]);
      expect([result.code, result.stderr]).toEqual([1, expect.stringContaining(message)]);
    }
    const stranger = await medrank(
      ['ground-truth', 'upload', ...target(draft), good],
      strangerToken,
    );
    expect([stranger.code, stranger.stderr]).toEqual([
      1,
      expect.stringContaining(`HTTP 404: no benchmark "${draft}"`),
    ]);
    const foreign = await medrank(
      ['ground-truth', 'upload', ...target(published), good],
      strangerToken,
    );
    expect([foreign.code, foreign.stderr]).toEqual([
      1,
      expect.stringContaining(`HTTP 403: you are not a curator of "${published}"`),
    ]);
    const missing = await medrank([
      'ground-truth',
      'upload',
      ...target(draft),
      join(dir, 'missing.csv'),
    ]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no such file')]);
    const badToken = await medrank(['ground-truth', 'status', 'anything'], 'mrk_not-a-token');
    expect([badToken.code, badToken.stderr]).toEqual([1, expect.stringContaining('HTTP 401')]);

    expect((await testSet())._count.groundTruthUploads).toBe(uploads);
    expect(
      await owner.groundTruthUpload.count({
        where: { testSet: { track: { benchmark: { slug: published } } } },
      }),
    ).toBe(0);
    expect(blobs()).toBe(before);
  });

  it('uploads a good file, shows its preview and id, confirms it (a first upload keeps v1), and a replacement creates v2', async () => {
    const good = file('good.csv', goodCsv(LABELS));
    const uploaded = await medrank(['ground-truth', 'upload', ...target(draft), good]);
    expect(uploaded.code, uploaded.stderr + platform.output()).toBe(0);
    const id = uploadIdIn(uploaded.stdout)!;
    expect(uploaded.stdout).toContain(`upload ${id}: valid, 50 cases for ${draft} / main / test`);
    expect(uploaded.stdout).toContain('label balance: benign 30, malignant 20');
    expect(uploaded.stdout).toContain(`medrank ground-truth confirm ${id}`);
    expect((await testSet()).caseCount).toBe(0); // nothing applied before the confirmation

    const confirmed = await medrank(['ground-truth', 'confirm', id]);
    expect(confirmed.code, confirmed.stderr + platform.output()).toBe(0);
    expect(confirmed.stdout).toContain(
      `upload ${id}: in use for ${draft} / main / test at evaluator v1: 50 cases`,
    );
    const set = await testSet();
    expect({
      cases: set.caseCount,
      truth: set._count.groundTruth,
      version: set.evaluatorVersion,
    }).toEqual({
      cases: 50,
      truth: 50,
      version: 1,
    });
    // Confirming again changes nothing.
    const again = await medrank(['ground-truth', 'confirm', id, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id, status: 'APPLIED', appliedVersion: 1 });
    expect(await owner.outbox.count({ where: { jobId: `gt-apply-${id}` } })).toBe(1);

    const replacement = file('replacement.csv', goodCsv([...LABELS, 'benign']));
    const second = await medrank([
      'ground-truth',
      'upload',
      ...target(draft),
      replacement,
      '--json',
    ]);
    expect(second.code).toBe(0);
    const secondId = (JSON.parse(second.stdout) as { id: string; status: string }).id;
    expect(JSON.parse(second.stdout)).toMatchObject({
      status: 'READY',
      preview: { caseCount: 51 },
    });
    expect((await medrank(['ground-truth', 'confirm', secondId])).stdout).toContain(
      'at evaluator v2: 51 cases',
    );
    expect((await testSet()).evaluatorVersion).toBe(2);
    expect((await medrank(['ground-truth', 'status', id])).stdout).toContain(
      'replaced by a newer upload',
    );
  });

  it('deletes a draft only with --yes and only for its curators; a published benchmark is refused', async () => {
    const noYes = await medrank(['benchmark', 'delete', draft]);
    expect([noYes.code, noYes.stderr]).toEqual([
      2,
      expect.stringContaining('run again with --yes'),
    ]);
    const stranger = await medrank(['benchmark', 'delete', draft, '--yes'], strangerToken);
    expect([stranger.code, stranger.stderr]).toEqual([1, expect.stringContaining('HTTP 404')]);
    const pub = await medrank(['benchmark', 'delete', published, '--yes']);
    expect([pub.code, pub.stderr]).toEqual([
      1,
      expect.stringContaining('HTTP 409: "' + published + '" is published and cannot be deleted'),
    ]);
    expect(await owner.benchmark.count({ where: { slug: { in: [draft, published] } } })).toBe(2);
    const files = readdirSync(platform.blobRoot, { recursive: true, withFileTypes: true }).filter(
      (f) => f.isFile(),
    );
    expect(files.length).toBeGreaterThan(0);

    const testSetId = (await testSet()).id;
    const deleted = await medrank(['benchmark', 'delete', draft, '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(
      `deleted draft ${draft}: 1 track, 1 test set (1 with ground truth), 3 ground-truth uploads`,
    );
    expect(await owner.benchmark.count({ where: { slug: draft } })).toBe(0);
    expect(await owner.groundTruth.count({ where: { testSetId } })).toBe(0);
    expect(
      readdirSync(platform.blobRoot, { recursive: true, withFileTypes: true }).filter((f) =>
        f.isFile(),
      ),
    ).toEqual([]);
    expect((await medrank(['benchmark', 'delete', draft, '--yes'])).stderr).toContain('HTTP 404');
  });
});
