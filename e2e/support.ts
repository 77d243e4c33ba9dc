import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { createDatabase, Prisma } from '@medrank/db';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where journeys write their screenshots. */
export const ARTIFACTS = path.join(REPO_ROOT, 'e2e/.artifacts');

/**
 * axe-core's serious and critical violations on the current page, one line each with where it is.
 * Legacy mode runs axe.run() in the page itself. The default mode runs axe.runPartial() in every
 * frame and assembles the result in a second, blank page, which was most of the e2e suite's time
 * (2–12 s a call on our pages against 0.6–4.6 s, for the same violations, passes and incomplete
 * checks). Its one gain, checking cross-origin iframes, does not apply: the platform's CSP
 * (default-src 'self', apps/web/src/security/headers.ts) loads no frame from another origin, and
 * legacy mode still checks same-origin ones.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** axe on the current page: no serious or critical violation (see seriousA11yViolations). */
export async function expectNoSeriousA11yViolations(page: Page) {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/** Full-page screenshots at desktop (1280) and phone (390) widths: `<name>-desktop|phone.png`. */
export async function screenshots(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ fullPage: true, path: path.join(ARTIFACTS, `${name}-desktop.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ fullPage: true, path: path.join(ARTIFACTS, `${name}-phone.png`) });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The password of every account createAccountWithToken makes. */
export const CLI_PASSWORD = 'e2e-password-1';

/** The environment tools/e2e/serve.ts started the platform with. */
export function e2eEnv(): Record<string, string> {
  return JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'e2e/.artifacts/e2e-env.json'), 'utf8'),
  ) as Record<string, string>;
}

/** Runs the real `medrank` CLI against the e2e platform; returns stdout, stderr and the exit code. */
export function medrank(args: string[]): { stdout: string; stderr: string; status: number } {
  try {
    const stdout = execFileSync('npx', ['medrank', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...e2eEnv() },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout, stderr: '', status: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; status?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', status: e.status ?? 1 };
  }
}

let counter = 0;

/**
 * A new account (password `password`, a personal team) and an API token: what `medrank user create`
 * and `medrank token create` do, run in this process through the same repositories and password
 * hash, because each CLI spawn through npx costs seconds. The CLI itself is exercised by
 * api.spec.ts and curator-journey.spec.ts, and by its integration tests.
 */
export async function createAccountWithToken(
  label: string,
  options: { password?: string; admin?: boolean; email?: string } = {},
): Promise<{ userId: string; email: string; token: string }> {
  const { apiTokens, createDatabase, users } = await import('@medrank/db');
  const { hashPassword } = await import('better-auth/crypto');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 1 });
  try {
    const email = options.email ?? `${label}-${Date.now()}-${process.pid}-${counter++}@example.org`;
    const user = await users.createWithPassword(db, {
      email,
      name: email.split('@')[0]!,
      passwordHash: await hashPassword(options.password ?? CLI_PASSWORD),
      role: options.admin ? 'admin' : 'user',
    });
    const { token } = await apiTokens.create(db, user.id, 'e2e');
    return { userId: user.id, email: user.email, token };
  } finally {
    await db.$disconnect();
  }
}

/** What `medrank token create --email <email>` does, in this process: a further token. */
export async function createTokenFor(email: string): Promise<string> {
  const { apiTokens, createDatabase, users } = await import('@medrank/db');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 1 });
  try {
    const user = await users.findByEmail(db, email);
    if (!user) throw new Error(`no account ${email}`);
    return (await apiTokens.create(db, user.id, 'e2e')).token;
  } finally {
    await db.$disconnect();
  }
}

/** What `medrank curator grant <slug> <email>` does, in this process. */
export async function grantCurator(slug: string, email: string): Promise<void> {
  const { createDatabase } = await import('@medrank/db');
  const curation = await import('@medrank/curation');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 1 });
  try {
    await curation.grantCurator(db, null, { slug, email });
  } finally {
    await db.$disconnect();
  }
}

/** BreastMNIST's public test split with labels (shipped in data/ to seed the hidden set). */
export function breastMnistLabels(): { caseId: string; label: number }[] {
  const lines = readFileSync(
    path.join(REPO_ROOT, 'data/breastmnist/breastmnist_test_labels.csv'),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1);
  return lines.map((line) => {
    const [caseId, label] = line.split(',');
    return { caseId: caseId!, label: Number(label) };
  });
}

/**
 * A deterministic, imperfect predictor. scikit-learn 1.2.1 on the same numbers gives
 * roc_auc_score = 0.8706140350877193 and accuracy_score(p >= 0.5) = 0.8974358974358975.
 */
export function noisyPredictionsCsv(): string {
  const rows = breastMnistLabels().map(({ caseId, label }, i) => {
    const p = Math.round((label === 1 ? 0.55 + (i % 5) * 0.1 : 0.15 + (i % 7) * 0.1) * 100) / 100;
    return `${caseId},${(1 - p).toFixed(2)},${p.toFixed(2)}`;
  });
  return ['case_id,p_malignant,p_normal_or_benign', ...rows].join('\n') + '\n';
}
export const NOISY_AUROC = 0.8706140350877193;
export const NOISY_ACCURACY = 0.8974358974358975;
/** What boards and the API state for them: the phase's 3 decimals (scores are stored rounded). */
export const NOISY_AUROC_STATED = Number(NOISY_AUROC.toFixed(3)); // 0.871
export const NOISY_ACCURACY_STATED = Number(NOISY_ACCURACY.toFixed(3)); // 0.897

type SeedDatabase = ReturnType<typeof createDatabase>;

/**
 * A published benchmark with one track `main`, written straight to the database: the common
 * start of the e2e fixtures (they add test sets, ground truth and phases of their own).
 */
export async function createPublishedBenchmark(
  db: SeedDatabase,
  spec: {
    slug: string;
    title: string;
    summary: string;
    taskType: string;
    taskConfig: Prisma.InputJsonObject;
    metrics: string[];
    primaryMetric: string;
  },
) {
  const benchmark = await db.benchmark.create({
    data: {
      slug: spec.slug,
      title: spec.title,
      summary: spec.summary,
      taskType: spec.taskType,
      status: 'PUBLISHED',
      publishedAt: new Date(),
      minCategorySize: 20,
    },
  });
  const track = await db.track.create({
    data: {
      benchmarkId: benchmark.id,
      slug: 'main',
      name: 'Main',
      taskType: spec.taskType,
      taskConfig: spec.taskConfig,
      metrics: spec.metrics,
      primaryMetric: spec.primaryMetric,
    },
  });
  return { benchmark, track };
}

export interface BoardFixture {
  slug: string;
  benchmarkId: string;
  /** A user who acts as curator for reported imports and moderation. */
  curatorId: string;
}

export const FIXTURE_CASE_COUNT = 200;
const LETTERS = ['A', 'B', 'C', 'D'] as const;
/** The fixture's correct option of question `i`. */
export const fixtureAnswer = (i: number) => LETTERS[i % 4]!;

/** Public case metadata of the board fixture: two sites of 100, a rare view of 17 (< 20). */
export function boardFixtureMetadata(index: number): Record<string, string> {
  return { site: index % 2 === 0 ? 'A' : 'B', view: index % 12 === 0 ? 'rare' : 'standard' };
}

/**
 * A published multiple-choice VQA benchmark for the board journeys: one track (accuracy ↑,
 * extraction failure rate ↓) on two test sets of 200 questions, `public` (PUBLIC) and `holdout`
 * (HIDDEN_UNTIL_CLOSE with an open phase, so its scores stay hidden), with category metadata;
 * minimum cell size 20, so the "rare" view (17 questions) cannot be picked. Reported entries:
 * "Reported Giant" (accuracy only: its extraction failure rate is missing) and "Reported Small".
 */
export async function seedBoardFixture(slug: string): Promise<BoardFixture> {
  const { groundTruth, reported, createDatabase } = await import('@medrank/db');
  const { createUserWithTeam } = await import('@medrank/db/testing');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 2 });
  try {
    const curator = await createUserWithTeam(db, `curator-${slug}@example.org`);
    const { benchmark, track } = await createPublishedBenchmark(db, {
      slug,
      title: `Board fixture ${slug}`,
      summary: 'A deterministic board for the Playwright journeys.',
      taskType: 'multiple-choice',
      taskConfig: { minCategorySize: 20 },
      metrics: ['vqa_accuracy', 'extraction_failure_rate'],
      primaryMetric: 'vqa_accuracy',
    });
    const testSets = [];
    for (const [position, spec] of [
      { slug: 'public', name: 'Public test', visibility: 'PUBLIC' as const, prefix: '' },
      { slug: 'holdout', name: 'Holdout', visibility: 'HIDDEN_UNTIL_CLOSE' as const, prefix: 'h-' },
    ].entries()) {
      const testSet = await db.testSet.create({
        data: {
          trackId: track.id,
          slug: spec.slug,
          name: spec.name,
          visibility: spec.visibility,
          bootstrapSeed: 11 + position,
          position,
          caseCount: FIXTURE_CASE_COUNT,
          categoryDimensions: ['site', 'view'],
        },
      });
      // A track's test sets hold distinct cases: the holdout's ids carry an "h-" prefix.
      await groundTruth.replaceForTestSet(
        db,
        testSet.id,
        Array.from({ length: FIXTURE_CASE_COUNT }, (_, i) => ({
          caseId: `${spec.prefix}q${i}`,
          metadata: boardFixtureMetadata(i),
          truth: { answer: fixtureAnswer(i), options: ['one', 'two', 'three', 'four'] },
        })),
      );
      testSets.push(testSet);
    }
    await db.phase.create({
      data: { benchmarkId: benchmark.id, name: 'Open', opensAt: new Date(0), dailyQuota: 100 },
    });
    await reported.upsertMany(db, {
      benchmarkId: benchmark.id,
      actorId: curator.userId,
      target: `${slug}/main/public`,
      fileName: 'fixture.csv',
      entries: [
        {
          trackId: track.id,
          testSetId: testSets[0]!.id,
          modelName: 'Reported Giant',
          modelSlug: 'reported-giant',
          reportedDate: '2024-03-01',
          sourceUrl: 'https://example.org/giant',
          openWeights: false,
          scores: [{ metric: 'vqa_accuracy', dimension: '', category: '', value: 0.9 }],
        },
        {
          trackId: track.id,
          testSetId: testSets[0]!.id,
          modelName: 'Reported Small',
          modelSlug: 'reported-small',
          reportedDate: '2023-06-01',
          openWeights: true,
          scores: [
            { metric: 'vqa_accuracy', dimension: '', category: '', value: 0.5 },
            { metric: 'extraction_failure_rate', dimension: '', category: '', value: 0.1 },
            { metric: 'vqa_accuracy', dimension: 'site', category: 'A', value: 0.52 },
          ],
        },
      ],
    });
    return { slug, benchmarkId: benchmark.id, curatorId: curator.userId };
  } finally {
    await db.$disconnect();
  }
}

/** Marks a verified entry as a baseline or disqualifies it, as a curator would. */
export async function moderateFixtureEntry(
  fixture: BoardFixture,
  submissionId: string,
  change:
    { action: 'mark-baseline'; baselineKind: string } | { action: 'disqualify'; reason: string },
) {
  const { moderation, createDatabase } = await import('@medrank/db');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 2 });
  try {
    await moderation.moderate(
      db,
      fixture.benchmarkId,
      {
        kind: 'verified',
        id: submissionId,
        action: change.action,
        reason: change.action === 'disqualify' ? change.reason : null,
        baselineKind: change.action === 'mark-baseline' ? change.baselineKind : null,
      },
      { actorId: fixture.curatorId, slug: fixture.slug },
    );
  } finally {
    await db.$disconnect();
  }
}

/** Answers for both fixture test sets (`case_id,answer`) from the answer to question `i`. */
export function fixturePredictionsCsv(answer: (i: number, correct: string) => string): string {
  const rows = ['', 'h-'].flatMap((prefix) =>
    Array.from(
      { length: FIXTURE_CASE_COUNT },
      (_, i) => `${prefix}q${i},${answer(i, fixtureAnswer(i))}`,
    ),
  );
  return ['case_id,answer', ...rows].join('\n') + '\n';
}

/** A draft benchmark with one track and test set: only curators and admins may see it. */
export async function seedDraftBenchmark(slug: string): Promise<void> {
  const { createDatabase } = await import('@medrank/db');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 2 });
  try {
    const benchmark = await db.benchmark.create({
      data: {
        slug,
        title: `Draft ${slug}`,
        summary: 'Not yet published.',
        taskType: 'classification',
      },
    });
    const track = await db.track.create({
      data: {
        benchmarkId: benchmark.id,
        slug: 'main',
        name: 'Main',
        taskType: 'classification',
        taskConfig: { classes: ['negative', 'positive'] },
        metrics: ['roc_auc'],
        primaryMetric: 'roc_auc',
      },
    });
    await db.testSet.create({
      data: { trackId: track.id, slug: 'test', name: 'Test', bootstrapSeed: 3 },
    });
  } finally {
    await db.$disconnect();
  }
}

/** Signs `page` in through the sign-in form (accounts made by createAccountWithToken). */
export async function signInThroughForm(page: Page, email: string, password = CLI_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Exact: the sign-in page itself has a "Create an account" link.
  await page.getByRole('link', { name: 'Account', exact: true }).waitFor();
}

/** An account with a personal team and an API token, written straight to the database (fast). */
export async function createAccountDirect(
  label: string,
): Promise<{ userId: string; email: string; token: string }> {
  const { apiTokens, createDatabase } = await import('@medrank/db');
  const { createUserWithTeam } = await import('@medrank/db/testing');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 2 });
  try {
    const email = `${label}-${Date.now()}-${process.pid}-${counter++}@example.org`;
    const user = await createUserWithTeam(db, email);
    const { token } = await apiTokens.create(db, user.userId, 'e2e');
    return { userId: user.userId, email, token };
  } finally {
    await db.$disconnect();
  }
}

/** Questions per test set of the canary benchmark (divisible into sites A and B of 95). */
export const CANARY_CASE_COUNT = 190;
/** The canary benchmark's Ladder margin on accuracy, and its phase's close (far away). */
export const CANARY_LADDER_MARGIN = 0.05;
export const CANARY_CLOSES_AT = '2099-06-30T12:00:00.000Z';

/**
 * A published multiple-choice benchmark for the canary crawl: one track (accuracy ↑) with a
 * `public` test set and a `private` one (HIDDEN_UNTIL_CLOSE; ids "h…"), 190 questions each in
 * sites A and B; one phase open until CANARY_CLOSES_AT with a Ladder (η = 0.05) at 3 decimals;
 * `curatorId` curates it.
 */
export async function seedCanaryBenchmark(slug: string, curatorId: string): Promise<void> {
  const { groundTruth, createDatabase } = await import('@medrank/db');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 2 });
  try {
    const { benchmark, track } = await createPublishedBenchmark(db, {
      slug,
      title: `Canary ${slug}`,
      summary: 'Hidden numbers must not leak.',
      taskType: 'multiple-choice',
      taskConfig: { minCategorySize: 20 },
      metrics: ['vqa_accuracy', 'extraction_failure_rate'],
      primaryMetric: 'vqa_accuracy',
    });
    for (const [position, spec] of [
      { slug: 'public', name: 'Public', visibility: 'PUBLIC' as const, prefix: 'p' },
      { slug: 'private', name: 'Private', visibility: 'HIDDEN_UNTIL_CLOSE' as const, prefix: 'h' },
    ].entries()) {
      const testSet = await db.testSet.create({
        data: {
          trackId: track.id,
          slug: spec.slug,
          name: spec.name,
          visibility: spec.visibility,
          bootstrapSeed: 31 + position,
          position,
          categoryDimensions: ['site'],
        },
      });
      await groundTruth.replaceForTestSet(
        db,
        testSet.id,
        Array.from({ length: CANARY_CASE_COUNT }, (_, i) => ({
          caseId: `${spec.prefix}${i}`,
          metadata: { site: i % 2 === 0 ? 'A' : 'B' },
          truth: { answer: fixtureAnswer(i), options: ['one', 'two', 'three', 'four'] },
        })),
      );
    }
    await db.phase.create({
      data: {
        benchmarkId: benchmark.id,
        name: 'Open',
        opensAt: new Date(0),
        closesAt: new Date(CANARY_CLOSES_AT),
        dailyQuota: 100,
        scoreDecimals: 3,
        ladderMargin: CANARY_LADDER_MARGIN,
      },
    });
    await db.benchmarkCurator.create({ data: { benchmarkId: benchmark.id, userId: curatorId } });
  } finally {
    await db.$disconnect();
  }
}

/**
 * Answers for both canary test sets: question i of the public set is answered right when
 * i < publicCorrect, of the private set when i < privateCorrect; wrong answers are another
 * valid letter. Accuracy is then publicCorrect/190 and privateCorrect/190.
 */
export function canaryPredictionsCsv(publicCorrect: number, privateCorrect: number): string {
  const wrong = (i: number) => LETTERS[(LETTERS.indexOf(fixtureAnswer(i)) + 1) % 4]!;
  const rows = [
    ['p', publicCorrect],
    ['h', privateCorrect],
  ].flatMap(([prefix, correct]) =>
    Array.from(
      { length: CANARY_CASE_COUNT },
      (_, i) => `${prefix}${i},${i < Number(correct) ? fixtureAnswer(i) : wrong(i)}`,
    ),
  );
  return ['case_id,answer', ...rows].join('\n') + '\n';
}
