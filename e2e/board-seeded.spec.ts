// The seeded catalog's boards read like their originals: ReXrank's report-generation board and
// GMAI-MMBench's breakdowns show the published numbers as "reported" rows, without CIs or
// verified ranks. Values are spot-checked against data/catalog (converted from the published
// CSVs; tools/catalog tests check the conversion against ../shared/data).
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, screenshots } from './support';

interface ExportEntry {
  kind: 'verified' | 'reported';
  methodName: string;
  rank: number | null;
  baseline: string | null;
  scores: Record<string, { value: number | null; ciLow: number | null; ciHigh: number | null }>;
}

async function boardJson(page: Page, query: string): Promise<ExportEntry[]> {
  const response = await page.request.get(`/api/v1/benchmarks/${query}&format=json`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { board: { entries: ExportEntry[] } }).board.entries;
}

test('ReXrank: four test sets × two sections of reported results, eight metrics', async ({
  page,
}) => {
  const entries = await boardJson(page, 'rexrank/board?track=findings&testSet=chexpert-plus');
  const medversa = entries.find((e) => e.methodName === 'MedVersa');
  expect(medversa).toMatchObject({ kind: 'reported', rank: null });
  // rexrank_all_long.csv: MedVersa, CheXpert Plus, findings_only — BLEU 0.129, BertScore 0.323.
  expect(medversa!.scores.bleu).toEqual({ value: 0.129, ciLow: null, ciHigh: null });
  expect(medversa!.scores.bertscore!.value).toBe(0.323);
  expect(entries.every((e) => e.kind === 'reported')).toBe(true);

  await page.goto('/benchmarks/rexrank?track=findings&testSet=chexpert-plus');
  // Two sections × four test sets: a two-level picker (two section links, four test sets).
  const tabs = page.getByRole('navigation', { name: 'Tracks and test sets' });
  await expect(tabs.getByRole('link')).toHaveCount(6);
  const row = page.getByTestId('board-row').filter({ hasText: 'MedVersa' });
  await expect(row).toContainText('reported');
  await expect(row).toContainText('0.129');
  await expectNoSeriousA11yViolations(page);
  await screenshots(page, 'seeded-rexrank');
});

test('GMAI-MMBench: overall accuracy and the per-department breakdown as published', async ({
  page,
}) => {
  const entries = await boardJson(page, 'gmai-mmbench/board?track=vqa&testSet=test');
  // gmai_mmbench_long.csv: GPT-4o overall (test) 53.96 %; Random is the baseline row.
  expect(entries.find((e) => e.methodName === 'GPT-4o')!.scores.vqa_accuracy!.value).toBe(0.5396);
  expect(entries.find((e) => e.methodName === 'Random')).toMatchObject({
    baseline: 'random',
    rank: null,
  });

  await page.goto('/benchmarks/gmai-mmbench?track=vqa&testSet=test&panel=breakdowns');
  await expect(
    page.getByRole('columnheader', { name: /Attribute recognition \(AR\)/ }).first(),
  ).toBeVisible();
  await screenshots(page, 'seeded-gmai-breakdowns');
});
