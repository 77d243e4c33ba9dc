// Issue 10, part 1: a participant finds VQA-RAD's public test inputs on the benchmark page and
// downloads them (and a curator uploads a benchmark's inputs in the browser); each track's zip is a valid archive with its manifest and the images its
// questions name, 203 distinct images over both tracks (the seed builds them from
// ../shared/data/vqa-rad-test).
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { encodeZip, IssueCollector, readZipEntries } from '@medrank/formats';
import {
  createAccountWithToken,
  createPublishedBenchmark,
  e2eEnv,
  expectNoSeriousA11yViolations,
  grantCurator,
  signInThroughForm,
} from './support';

test('VQA-RAD links its public inputs; the downloads hold the manifests and 203 images', async ({
  page,
}) => {
  const images = new Set<string>();
  const expected = { closed: 272, open: 179 };
  for (const track of ['closed', 'open'] as const) {
    await page.goto(`/benchmarks/vqa-rad?track=${track}`);
    const inputs = page.getByTestId('test-inputs');
    await expect(inputs).toBeVisible();
    const link = inputs.getByRole('link', { name: /Download the inputs of Test split/ });
    await expect(link).toHaveAttribute(
      'href',
      `/api/v1/benchmarks/vqa-rad/inputs?track=${track}&testSet=test`,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`vqa-rad-${track}-test-inputs.zip`);
    const zip = await readFile((await download.path())!);
    const issues = new IssueCollector(10);
    const names: string[] = [];
    let manifest = '';
    for await (const entry of readZipEntries(zip, { issues })) {
      names.push(entry.name);
      if (entry.name === 'manifest.csv') manifest = entry.bytes.toString('utf8');
      else {
        expect(entry.name).toMatch(/^images\/synpic\d+\.jpg$/);
        // A JPEG, not a placeholder.
        expect([...entry.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        images.add(entry.name);
      }
    }
    expect(issues.count).toBe(0);
    const rows = manifest.trim().split('\n');
    expect(rows[0]).toBe(
      track === 'closed' ? 'case_id,file,question,options' : 'case_id,file,question',
    );
    expect(rows).toHaveLength(expected[track] + 1);
    // Every file a row names is in the zip.
    const inZip = new Set(names);
    for (const row of rows.slice(1)) expect(inZip.has(row.split(',')[1]!)).toBe(true);
  }
  expect(images.size).toBe(203);
});

test('a curator uploads a test set’s inputs in the browser: a bad zip lists its issues, a good one is confirmed and downloads byte for byte', async ({
  page,
}) => {
  const slug = `inputs-ui-${Date.now()}`;
  const { createDatabase } = await import('@medrank/db');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 1 });
  try {
    const { track } = await createPublishedBenchmark(db, {
      slug,
      title: `Inputs ${slug}`,
      summary: 'Inputs uploaded in the browser.',
      taskType: 'classification',
      taskConfig: { classes: ['no', 'yes'] },
      metrics: ['accuracy'],
      primaryMetric: 'accuracy',
    });
    // The case ids a confirmed ground truth stores; the inputs are checked against them.
    const testSet = await db.testSet.create({
      data: {
        trackId: track.id,
        slug: 'test',
        name: 'Test',
        bootstrapSeed: 7,
        caseCount: 3,
        inputs: 'PUBLIC',
      },
    });
    await db.case.createMany({
      data: ['c1', 'c2', 'c3'].map((caseId) => ({ testSetId: testSet.id, caseId })),
    });
  } finally {
    await db.$disconnect();
  }
  const curator = await createAccountWithToken('inputs-curator');
  await grantCurator(slug, curator.email);
  await signInThroughForm(page, curator.email);

  await page.goto(`/curate/${slug}/ground-truth`);
  const block = page.getByTestId('test-inputs-main-test');
  await expect(block).toContainText('public');
  const image = (n: number) => Buffer.from(`P5 1 1 255\n${String.fromCharCode(40 * n)}`, 'latin1');
  const zip = (manifest: string, extra: { name: string; data: Buffer }[] = []) =>
    encodeZip([
      { name: 'manifest.csv', data: Buffer.from(manifest) },
      { name: 'images/1.pgm', data: image(1) },
      { name: 'images/2.pgm', data: image(2) },
      ...extra,
    ]);

  // c3 has no row, c1 twice, and a stray file: every problem, by manifest line and case id.
  await block.getByLabel('Inputs zip for Test').setInputFiles({
    name: 'bad.zip',
    mimeType: 'application/zip',
    buffer: zip('case_id,file\nc1,images/1.pgm\nc1,images/2.pgm\n'),
  });
  await block.getByRole('button', { name: 'Upload inputs' }).click();
  const issues = block.getByTestId('issue-table');
  await expect(issues).toBeVisible({ timeout: 30_000 });
  await expect(issues).toContainText('repeats line 2');
  await expect(block.getByRole('button', { name: 'Use these inputs' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  const good = zip(
    'case_id,file,question\nc1,images/1.pgm,Is it normal?\nc2,images/1.pgm,Any effusion?\nc3,images/2.pgm,Is it normal?\n',
  );
  await block.getByLabel('Inputs zip for Test').setInputFiles({
    name: 'good.zip',
    mimeType: 'application/zip',
    buffer: good,
  });
  await block.getByRole('button', { name: 'Upload inputs' }).click();
  await expect(block.getByTestId('inputs-status')).toContainText(
    'Valid — good.zip: 3 cases, 2 files',
    { timeout: 30_000 },
  );
  await block.getByRole('button', { name: 'Use these inputs' }).click();
  await expect(block.getByTestId('inputs-status')).toContainText('In use — good.zip', {
    timeout: 30_000,
  });
  await page.screenshot({ path: 'e2e/.artifacts/test-inputs-curator.png', fullPage: true });

  // The participant's side: the benchmark page links the zip, which is the upload itself.
  await page.goto(`/benchmarks/${slug}`);
  const link = page
    .getByTestId('test-inputs')
    .getByRole('link', { name: /Download the inputs of Test/ });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect((await readFile((await download.path())!)).equals(good)).toBe(true);
});
