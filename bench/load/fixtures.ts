/**
 * What the load bench submits to: binary-classification benchmarks (BreastMNIST's 156-case test
 * split with its real labels, and a synthetic 10,000-case test set), accounts with personal teams
 * and API tokens, and prediction files that differ from one submission to the next.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiTokens, type createDatabase } from '@medrank/db';
import {
  NEAR_DUPLICATE_CHECK_OFF,
  createClassificationBenchmark,
  createUserWithTeam,
} from '@medrank/db/testing';
import { REPO_ROOT } from './platform.js';

/** BreastMNIST's classes, in the order of its labels (0 malignant, 1 normal or benign). */
export const CLASSES = ['malignant', 'normal_or_benign'] as const;

export interface TestCase {
  caseId: string;
  /** Index into CLASSES. */
  label: number;
}

/** The 156 cases of BreastMNIST's official test split (data/breastmnist). */
export function breastMnistCases(): TestCase[] {
  return readFileSync(path.join(REPO_ROOT, 'data/breastmnist/breastmnist_test_labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [caseId, label] = line.split(',');
      return { caseId: caseId!, label: Number(label) };
    });
}

/** `n` synthetic cases, about 27 % of them of class 0 (as in BreastMNIST). */
export function syntheticCases(n: number): TestCase[] {
  const random = mulberry32(20_260_101);
  return Array.from({ length: n }, (_, i) => ({
    caseId: `c${String(i).padStart(5, '0')}`,
    label: random() < 0.27 ? 0 : 1,
  }));
}

/** A small seeded PRNG (uniform in [0, 1)), so every run submits the same files. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A predictions file (`case_id,p_malignant,p_normal_or_benign`) of an imperfect model: the
 * probability of the true class is drawn around 0.7, differently for every `variant`, so no two
 * submissions are alike.
 */
export function predictionsCsv(cases: TestCase[], variant: number): string {
  const random = mulberry32(1_000_003 * (variant + 1));
  const decimals = cases.length > 1000 ? 4 : 3;
  const rows = cases.map(({ caseId, label }) => {
    const right = Math.min(0.999, Math.max(0.001, 0.7 + (random() - 0.5) * 0.8));
    const pNormal = Number((label === 1 ? right : 1 - right).toFixed(decimals));
    return `${caseId},${(1 - pNormal).toFixed(decimals)},${pNormal.toFixed(decimals)}`;
  });
  return [`case_id,p_${CLASSES[0]},p_${CLASSES[1]}`, ...rows].join('\n') + '\n';
}

export interface BenchAccount {
  email: string;
  token: string;
}

type Database = ReturnType<typeof createDatabase>;

/** Accounts with a personal team each and an API token (what `medrank user create` + `token create` do). */
export async function createAccounts(db: Database, n: number): Promise<BenchAccount[]> {
  const accounts: BenchAccount[] = [];
  for (let i = 0; i < n; i++) {
    const user = await createUserWithTeam(db, `load-${i + 1}@example.org`);
    const { token } = await apiTokens.create(db, user.userId, 'bench-load');
    accounts.push({ email: user.email, token });
  }
  return accounts;
}

/**
 * A published classification benchmark with hidden labels and an open phase whose quota does
 * not bite (10,000 a day per team and person) and without the near-duplicate check (the files
 * differ anyway, but a burst of one account's files must not be refused for looking alike).
 */
export async function createBenchmark(db: Database, slug: string, cases: TestCase[]) {
  return createClassificationBenchmark(db, {
    slug,
    cases: cases.map((c) => ({ caseId: c.caseId, label: CLASSES[c.label]! })),
    classes: [...CLASSES],
    dailyQuota: 10_000,
    phase: { ...NEAR_DUPLICATE_CHECK_OFF },
  });
}
