// Issue 10, part 1: a participant finds VQA-RAD's public test inputs on the benchmark page and
// downloads them; each track's zip is a valid archive with its manifest and the images its
// questions name, 203 distinct images over both tracks (the seed builds them from
// ../shared/data/vqa-rad-test).
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { IssueCollector, readZipEntries } from '@medrank/formats';

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
