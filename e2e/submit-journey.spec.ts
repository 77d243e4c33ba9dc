import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  NOISY_ACCURACY_STATED,
  NOISY_AUROC_STATED,
  noisyPredictionsCsv,
  REPO_ROOT,
} from './support';

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

async function signUp(page: Page, name: string) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('Name').fill(name);
  await page
    .getByLabel('Email')
    .fill(`${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@example.org`);
  await page.getByLabel('Password').fill('a-long-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('link', { name: 'Account' })).toBeVisible();
}

test('a new user signs up, uploads predictions, watches the status and finds the entry ranked', async ({
  page,
}, testInfo) => {
  await signUp(page, 'Journey Lab');
  // Sign-up lands on the account page's next steps; the catalog is one click away.
  await page.goto('/');
  await page.getByRole('link', { name: /BreastMNIST/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'BreastMNIST' })).toBeVisible();

  await page.getByLabel('Method name').fill('Journey ResNet-18');
  await page.getByLabel('Predictions file').setInputFiles({
    name: 'predictions.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(noisyPredictionsCsv()),
  });
  await page.getByRole('button', { name: 'Submit for scoring' }).click();

  await page.waitForURL(/\/submissions\/[a-z0-9]+$/);
  await expect(page.getByTestId('submission-status')).toHaveText('Scored', { timeout: 60_000 });
  // Values match scikit-learn on the same file (see support.ts), stated to three decimals.
  await expect(page.getByTestId('score-roc_auc')).toContainText(NOISY_AUROC_STATED.toFixed(3));
  await expect(page.getByTestId('score-accuracy')).toContainText(NOISY_ACCURACY_STATED.toFixed(3));
  await expect(page.getByTestId('score-roc_auc')).toContainText(/\d\.\d{3}–\d\.\d{3}/); // its 95% CI

  await page.getByRole('link', { name: /See it on the BreastMNIST leaderboard/ }).click();
  const row = page.getByTestId('board-row').filter({ hasText: 'Journey ResNet-18' });
  await expect(row).toBeVisible();
  await expect(row).toContainText(NOISY_AUROC_STATED.toFixed(3));
  // The rank itself: on a phone the same cell also writes the rank interval and tier under it.
  await expect(row.getByTestId('rank')).toHaveText(/^\d+$/);

  const shot = await page.screenshot({
    fullPage: true,
    path: path.join(artifacts, 'board-desktop.png'),
  });
  await testInfo.attach('board-desktop', { body: shot, contentType: 'image/png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ fullPage: true, path: path.join(artifacts, 'board-phone.png') });

  await expectNoSeriousA11yViolations(page);
});

test('a broken file fails with a line-numbered error list and changes no board', async ({
  page,
}) => {
  await signUp(page, 'Broken Lab');
  await page.goto('/benchmarks/breastmnist');
  const rowsBefore = await page.getByTestId('board-row').count();
  const broken = noisyPredictionsCsv()
    .replace(/\n3,[^\n]+/, '\n3,abc,0.5')
    .replace(/\n5,[^\n]+/, '\n5,NaN,0.5');
  await page.getByLabel('Method name').fill('Broken predictions');
  await page
    .getByLabel('Predictions file')
    .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await page.getByRole('button', { name: 'Submit for scoring' }).click();

  await expect(page.getByTestId('submission-status')).toHaveText('Failed', { timeout: 60_000 });
  await expect(page.getByTestId('error-message')).toContainText('broken.csv has 2 problems');
  const errors = page.getByTestId('error-list');
  await expect(errors).toContainText('"abc" is not a number');
  await expect(errors).toContainText('"NaN" is not a finite number');
  await expect(errors.getByRole('row').nth(1)).toContainText('5'); // line 5 holds case 3
  await page.screenshot({ fullPage: true, path: path.join(artifacts, 'submission-failed.png') });

  await page.goto('/benchmarks/breastmnist');
  await expect(page.getByTestId('board-row')).toHaveCount(rowsBefore);
});
