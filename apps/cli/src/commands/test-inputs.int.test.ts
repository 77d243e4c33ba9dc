// `medrank inputs` as a curator and a participant run it: the real bin → the web's REST handlers
// (route test server) → a real compiled worker that validates the zip, on the integration test
// database. A bad zip lists its issues and changes nothing; public inputs download byte for byte;
// hidden ones are refused to everyone with the same 404 as none.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { apiTokens, createDatabase } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { encodeZip } from '@medrank/formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../../../tools/testing/cli-entry.js';
import { startTestPlatform, type TestPlatform } from '../../../../tools/testing/test-platform.js';

const root = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'medrank-cli-inputs-'));
const run = promisify(execFile);
const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 2 });
const slug = `cli-inputs-${randomUUID().slice(0, 8)}`;
const userIds: string[] = [];
let platform: TestPlatform;
const tokens = { curator: '', participant: '' };

async function medrank(args: string[], token: string | null = tokens.curator) {
  const withApi = [...args, '--url', platform.url, ...(token === null ? [] : ['--token', token])];
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

const target = (testSet: string) => ['--benchmark', slug, '--track', 'main', '--test-set', testSet];
const uploadIdIn = (output: string) => /upload (c[a-z0-9]{20,})/.exec(output)?.[1];
const zipFile = (name: string, entries: { name: string; data: string }[]) => {
  const path = join(dir, name);
  writeFileSync(path, encodeZip(entries.map((e) => ({ name: e.name, data: Buffer.from(e.data) }))));
  return path;
};
const MANIFEST =
  'case_id,file,question\nc1,images/1.pgm,Is there a lesion?\nc2,images/2.pgm,Which side?\n';
const IMAGES = [
  { name: 'images/1.pgm', data: 'P5 1 1 255\n\x80' },
  { name: 'images/2.pgm', data: 'P5 1 1 255\n\x40' },
];

beforeAll(async () => {
  platform = await startTestPlatform({ label: 'cli-inputs' });
  const { createBenchmark } = await import('@medrank/curation');
  for (const who of ['curator', 'participant'] as const) {
    const u = await createUserWithTeam(owner);
    userIds.push(u.userId);
    if (who === 'curator')
      await owner.user.update({ where: { id: u.userId }, data: { role: 'curator' } });
    tokens[who] = (await apiTokens.create(owner, u.userId, 'cli')).token;
  }
  await createBenchmark(
    owner,
    { userId: userIds[0]!, role: 'curator' },
    {
      slug,
      title: 'CLI inputs',
      summary: 'Inputs from the command line.',
      tracks: [
        {
          slug: 'main',
          name: 'Main',
          taskType: 'classification',
          taskConfig: { classes: ['yes', 'no'] },
          metrics: ['accuracy'],
          primaryMetric: 'accuracy',
          testSets: [
            { slug: 'open', name: 'Open', inputs: 'public' },
            { slug: 'sealed', name: 'Sealed', inputs: 'hidden' },
          ],
        },
      ],
      phases: [{ name: 'Main', opensAt: '2025-01-01T00:00:00Z' }],
    },
  );
  // The case ids a confirmed ground truth would have stored; these tests are about the inputs.
  const sets = await owner.testSet.findMany({ where: { track: { benchmark: { slug } } } });
  for (const set of sets)
    await owner.case.createMany({
      data: ['c1', 'c2'].map((caseId) => ({ testSetId: set.id, caseId })),
    });
  await owner.benchmark.update({ where: { slug }, data: { status: 'PUBLISHED' } });
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await owner.benchmark.deleteMany({ where: { slug } });
  await owner.auditLog.deleteMany({ where: { actorId: { in: userIds } } });
  await owner.user.deleteMany({ where: { id: { in: userIds } } });
  await owner.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const uploads = () =>
  owner.testInputsUpload.findMany({ where: { testSet: { track: { benchmark: { slug } } } } });

describe('medrank inputs', { timeout: 180_000 }, () => {
  it('lists a bad zip’s issues by manifest line, case id and entry, applies nothing, and refuses to confirm it', async () => {
    const bad = zipFile('bad.zip', [
      {
        name: 'manifest.csv',
        data: 'case_id,file\nc1,images/1.pgm\nc1,images/2.pgm\nc9,../etc/passwd\n',
      },
      ...IMAGES,
      { name: 'notes.txt', data: 'not in the manifest' },
    ]);
    const uploaded = await medrank(['inputs', 'upload', ...target('open'), bad]);
    expect(uploaded.code, uploaded.stderr + platform.output()).toBe(1);
    const id = uploadIdIn(uploaded.stderr)!;
    expect(uploaded.stderr).toContain(`upload ${id}: rejected, nothing was applied`);
    expect(uploaded.stderr).toMatch(/bad\.zip:3: case c1, case_id: .*repeats line 2/);
    expect(uploaded.stderr).toMatch(/bad\.zip:4: case c9, file: .*path traversal/);

    const confirmed = await medrank(['inputs', 'confirm', id]);
    expect(confirmed.code).toBe(1);
    expect(confirmed.stderr).toContain('HTTP 409');
    expect(confirmed.stderr).toMatch(/bad\.zip:3: case c1/);
    expect((await uploads()).map((u) => u.status)).toEqual(['INVALID']);

    // A manifest that parses, checked against the test set and the zip: every problem is listed.
    const partial = zipFile('partial.zip', [
      { name: 'manifest.csv', data: 'case_id,file\nc1,images/1.pgm\n' },
      ...IMAGES,
      { name: 'notes.txt', data: 'not in the manifest' },
    ]);
    const second = await medrank(['inputs', 'upload', ...target('open'), partial]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/partial\.zip: case c2: .*has no row in manifest\.csv/);
    expect(second.stderr).toMatch(/"images\/2\.pgm" is in the zip but no manifest row names it/);
    expect(second.stderr).toMatch(/"notes\.txt" is in the zip but no manifest row names it/);
    expect((await uploads()).map((u) => u.status)).toEqual(['INVALID', 'INVALID']);

    // Nothing downloadable came of it.
    const download = await medrank(
      ['inputs', 'download', '--benchmark', slug, '--track', 'main', '--test-set', 'open'],
      null,
    );
    expect([download.code, download.stderr]).toEqual([1, expect.stringContaining('HTTP 404')]);
  });

  it('refuses a participant’s upload and a missing file, storing nothing', async () => {
    const good = zipFile('good.zip', [{ name: 'manifest.csv', data: MANIFEST }, ...IMAGES]);
    const before = (await uploads()).length;
    const participant = await medrank(
      ['inputs', 'upload', ...target('open'), good],
      tokens.participant,
    );
    expect([participant.code, participant.stderr]).toEqual([
      1,
      expect.stringContaining(`HTTP 403: you are not a curator of "${slug}"`),
    ]);
    const missing = await medrank(['inputs', 'upload', ...target('open'), join(dir, 'no.zip')]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no such file')]);
    expect((await uploads()).length).toBe(before);
  });

  it('uploads, confirms and downloads public inputs byte for byte; hidden ones are 404 to everyone', async () => {
    const good = zipFile('good.zip', [{ name: 'manifest.csv', data: MANIFEST }, ...IMAGES]);
    const uploaded = await medrank(['inputs', 'upload', ...target('open'), good]);
    expect(uploaded.code, uploaded.stderr + platform.output()).toBe(0);
    const id = uploadIdIn(uploaded.stdout)!;
    expect(uploaded.stdout).toContain(`upload ${id}: valid, 2 cases, 2 files`);
    expect(uploaded.stdout).toContain('manifest.csv: case_id, file, question');
    expect(uploaded.stdout).toContain('public: anyone can download them');
    expect(uploaded.stdout).toContain(`medrank inputs confirm ${id}`);

    const confirmed = await medrank(['inputs', 'confirm', id, '--json']);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ id, status: 'APPLIED' });
    expect((await medrank(['inputs', 'status', id])).stdout).toContain(
      `upload ${id}: in use as the inputs of ${slug} / main / open`,
    );

    const out = join(dir, 'downloaded.zip');
    const download = await medrank(
      ['inputs', 'download', '--benchmark', slug, '--track', 'main', '--out', out],
      null,
    );
    expect(download.code, download.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.equals(readFileSync(good))).toBe(true);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(download.stdout).toContain(`${out}: ${bytes.length} bytes, sha256 ${sha}`);
    expect(existsSync(`${out}.part`)).toBe(false);

    // The hidden test set: uploaded and confirmed, yet no one downloads it.
    const sealed = await medrank(['inputs', 'upload', ...target('sealed'), good]);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toContain('hidden: only the worker reads them');
    const sealedId = uploadIdIn(sealed.stdout)!;
    expect((await medrank(['inputs', 'confirm', sealedId])).code).toBe(0);
    for (const token of [null, tokens.participant, tokens.curator]) {
      const refused = await medrank(
        [
          'inputs',
          'download',
          '--benchmark',
          slug,
          '--track',
          'main',
          '--test-set',
          'sealed',
          '--out',
          join(dir, 'sealed.zip'),
          ...(token ? ['--token', token] : []),
        ],
        null,
      );
      expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('HTTP 404')]);
    }
    expect(existsSync(join(dir, 'sealed.zip'))).toBe(false);
  });
});
