import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
/** A new account with an API token, created through the CLI. */
export function createAccountWithToken(label: string): { email: string; token: string } {
  const email = `${label}-${Date.now()}-${counter++}@example.org`;
  const created = medrank(['user', 'create', '--email', email, '--password', 'e2e-password-1']);
  if (created.status !== 0) throw new Error(`user create failed: ${created.stderr}`);
  const token = medrank(['token', 'create', '--email', email]);
  if (token.status !== 0) throw new Error(`token create failed: ${token.stderr}`);
  return { email, token: token.stdout.trim() };
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
