// The curation commands as an operator runs them: the real `medrank` bin against the test database.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createDatabase } from '@medrank/db';
import { createUserWithTeam, testDatabaseUrls } from '@medrank/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../../../tools/testing/cli-entry.js';

const root = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'medrank-cli-curation-'));
const run = promisify(execFile);
const urls = testDatabaseUrls();
const owner = createDatabase(urls.ADMIN_DATABASE_URL, { maxConnections: 1 });
const slug = `cli-${randomUUID().slice(0, 8)}`;
let adminEmail: string;
let userId: string;

async function medrank(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_ENTRY, ...args], {
      cwd: root,
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: urls.DATABASE_URL },
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

const yaml = (closesAt: string) => `slug: ${slug}
title: CLI benchmark
summary: Made from a file
tracks:
  - slug: main
    name: Main
    taskType: multiple-choice
    metrics: [vqa_accuracy, extraction_failure_rate]
    primaryMetric: vqa_accuracy
    testSets:
      - slug: test
        name: Test
phases:
  - name: Open
    opensAt: 2026-03-01
    closesAt: ${closesAt}
`;

beforeAll(async () => {
  const user = await createUserWithTeam(owner);
  adminEmail = user.email;
  userId = user.userId;
  await owner.user.update({ where: { id: userId }, data: { role: 'admin' } });
});

afterAll(async () => {
  await owner.benchmark.deleteMany({ where: { slug } });
  await owner.auditLog.deleteMany({ where: { actorId: userId } });
  await owner.user.deleteMany({ where: { id: userId } });
  await owner.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('medrank benchmark / reported / curator', () => {
  it('refuses a bad definition with file:line, imports a good one, and exports it byte-stable', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, yaml('2026-02-01'));
    const refused = await medrank(['benchmark', 'import', bad, '--as', adminEmail]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${bad}:16: phases[0].closesAt: phase "Open" closes`);
    expect(await owner.benchmark.count({ where: { slug } })).toBe(0);

    const good = join(dir, 'good.yaml');
    writeFileSync(good, yaml('2026-04-01'));
    expect(await medrank(['benchmark', 'import', good, '--as', adminEmail])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`created ${slug} (draft)`),
    });
    const out = join(dir, 'out.yaml');
    expect((await medrank(['benchmark', 'export', slug, '--out', out])).code).toBe(0);
    const exported = readFileSync(out, 'utf8');
    expect(exported).toContain('closesAt: 2026-04-01T00:00:00.000Z');
    expect(await medrank(['benchmark', 'import', out, '--as', adminEmail])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('already up to date'),
    });
    expect((await medrank(['benchmark', 'export', slug])).stdout).toBe(exported);
  });

  it('imports reported results (bad lines refused with their numbers) and publishes', async () => {
    const csv = join(dir, 'reported.csv');
    const header = 'model,institution,date,test_set,section,metric,value,source_link';
    writeFileSync(
      csv,
      `${header}\nGPT-4o,OpenAI,2024,test,,vqa_accuracy,0.531,https://example.org\nX,,2024,test,,vqa_accuracy,abc,\n`,
    );
    const refused = await medrank(['reported', 'import', slug, csv, '--as', adminEmail]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${csv}:3: value: "abc" is not a finite decimal number`);
    writeFileSync(
      csv,
      `${header}\nGPT-4o,OpenAI,2024,test,,vqa_accuracy,0.531,https://example.org\n`,
    );
    expect((await medrank(['reported', 'import', slug, csv, '--as', adminEmail])).stdout).toContain(
      'imported 1 number(s) for 1 entry (1 new, 0 updated)',
    );
    const score = await owner.reportedScore.findFirstOrThrow({
      where: { entry: { benchmark: { slug } } },
    });
    expect(score.value).toBe(0.531);
    const good = join(dir, 'good.yaml');
    expect(
      (await medrank(['benchmark', 'import', good, '--as', adminEmail, '--publish'])).stdout,
    ).toContain(`published ${slug}`);
    expect((await owner.benchmark.findUniqueOrThrow({ where: { slug } })).status).toBe('PUBLISHED');
  });

  it('grants a curator and names an unknown account', async () => {
    const other = await createUserWithTeam(owner);
    try {
      expect((await medrank(['curator', 'grant', slug, other.email])).stdout).toContain(
        `${other.email} now curates ${slug}`,
      );
      expect(await owner.benchmarkCurator.count({ where: { userId: other.userId } })).toBe(1);
      const unknown = await medrank(['curator', 'grant', slug, 'nobody@example.org']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no account with the email nobody@example.org');
    } finally {
      await owner.user.delete({ where: { id: other.userId } });
    }
  });
});
