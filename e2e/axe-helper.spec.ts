// The axe helper every journey relies on finds what it should: a page with known serious and
// critical violations reports each of them (so a clean sweep elsewhere means something), and
// only violations are collected (resultTypes: ['violations'], the cheaper run).
import { expect, test } from '@playwright/test';
import { seriousA11yViolations } from './support';

test('reports serious and critical violations with where they are', async ({ page }) => {
  await page.setContent(`<!doctype html><html lang="en"><head><title>axe check</title></head><body>
    <main>
      <h1>Known violations</h1>
      <img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <button id="no-name"></button>
      <p id="low-contrast" style="color:#777;background:#888">hard to read</p>
      <input id="no-label" type="text">
    </main></body></html>`);
  const violations = await seriousA11yViolations(page);
  const rules = violations.map((v) => v.split(':')[0]);
  expect(rules).toEqual(
    expect.arrayContaining(['image-alt', 'button-name', 'color-contrast', 'label']),
  );
  expect(violations.find((v) => v.startsWith('image-alt'))).toContain('#no-alt');
  expect(violations.find((v) => v.startsWith('color-contrast'))).toContain('#low-contrast');
});

test('reports nothing on a clean page', async ({ page }) => {
  await page.setContent(`<!doctype html><html lang="en"><head><title>axe check</title></head><body>
    <main><h1>Clean</h1><p>Readable text.</p><button>Save</button></main></body></html>`);
  expect(await seriousA11yViolations(page)).toEqual([]);
});
