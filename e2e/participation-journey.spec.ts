import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  createAccountWithToken,
  e2eEnv,
  expectNoSeriousA11yViolations,
  grantCurator,
  REPO_ROOT,
} from './support';

// Participation approval (issue 9, quotas per person): a phase that requires a curator's
// approval. A participant asks on the benchmark page, is refused at the API until approved, the
// curator approves on /curate/[slug]/participants, and the participant's file is then scored.

const artifacts = path.join(REPO_ROOT, 'e2e/.artifacts');
mkdirSync(artifacts, { recursive: true });

const stamp = Date.now().toString(36);
const SLUG = `approval-${stamp}`;
const PASSWORD = 'e2e-password-1';
const CASES = 40;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A published binary-classification benchmark whose open phase requires approval. */
async function seedApprovalBenchmark(slug: string): Promise<void> {
  const { createDatabase } = await import('@medrank/db');
  const { createClassificationBenchmark } = await import('@medrank/db/testing');
  const db = createDatabase(e2eEnv().ADMIN_DATABASE_URL!, { maxConnections: 2 });
  try {
    await createClassificationBenchmark(db, {
      slug,
      cases: Array.from({ length: CASES }, (_, i) => ({
        caseId: `c${i}`,
        label: i % 3 === 0 ? 'positive' : 'negative',
      })),
      phase: { requiresApproval: true },
    });
  } finally {
    await db.$disconnect();
  }
}

const predictionsCsv = () =>
  [
    'case_id,p_negative,p_positive',
    ...Array.from({ length: CASES }, (_, i) => {
      const p = i % 3 === 0 ? 0.8 - (i % 4) * 0.1 : 0.2 + (i % 5) * 0.1;
      return `c${i},${(1 - p).toFixed(2)},${p.toFixed(2)}`;
    }),
  ].join('\n') + '\n';

/** Full-page screenshots at 1440 px and at 390 px (a phone), restoring the viewport after. */
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}-1440.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ fullPage: true, path: path.join(artifacts, `${name}-390.png`) });
  if (size) await page.setViewportSize(size);
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Exact: the sign-in page itself links to "Create an account".
  await expect(page.getByRole('link', { name: 'Account', exact: true })).toBeVisible();
}

let curator: { email: string; token: string };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await seedApprovalBenchmark(SLUG);
  curator = await createAccountWithToken('approval-curator');
  await grantCurator(SLUG, curator.email);
});

test('the REST API refuses a submission until the request is approved, and says how to ask', async ({
  request,
}) => {
  const participant = await createAccountWithToken('approval-api');
  const submit = () =>
    request.post(`/api/v1/benchmarks/${SLUG}/submissions`, {
      headers: auth(participant.token),
      multipart: {
        methodName: 'API model',
        file: { name: 'p.csv', mimeType: 'text/csv', buffer: Buffer.from(predictionsCsv()) },
      },
    });
  const refused = await submit();
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain(
    `POST /api/v1/benchmarks/${SLUG}/participation`,
  );

  const asked = await request.post(`/api/v1/benchmarks/${SLUG}/participation`, {
    headers: auth(participant.token),
    data: { message: 'API Lab, one account' },
  });
  expect(asked.status()).toBe(200);
  expect(await asked.json()).toMatchObject({
    phase: { name: 'Open', requiresApproval: true },
    participation: { status: 'PENDING', message: 'API Lab, one account' },
    isApproved: false,
  });
  expect((await submit()).status()).toBe(403);

  // Only a curator of the benchmark may decide.
  const list = await request.get(`/api/v1/curation/benchmarks/${SLUG}/participants`, {
    headers: auth(participant.token),
  });
  expect(list.status()).toBe(403);
  const listed = (await (
    await request.get(`/api/v1/curation/benchmarks/${SLUG}/participants`, {
      headers: auth(curator.token),
    })
  ).json()) as { participants: { user: { id: string; email: string } }[] };
  const userId = listed.participants.find((p) => p.user.email === participant.email)!.user.id;
  const selfApproval = await request.post(
    `/api/v1/curation/benchmarks/${SLUG}/participants/${userId}`,
    { headers: auth(participant.token), data: { status: 'APPROVED' } },
  );
  expect(selfApproval.status()).toBe(403);
  const badBody = await request.post(`/api/v1/curation/benchmarks/${SLUG}/participants/${userId}`, {
    headers: { ...auth(curator.token), 'Content-Type': 'application/json' },
    data: Buffer.from('{not json'),
  });
  expect(badBody.status()).toBe(400);
  expect((await badBody.json()).error.message).toMatch(/not valid JSON/);

  const approved = await request.post(
    `/api/v1/curation/benchmarks/${SLUG}/participants/${userId}`,
    { headers: auth(curator.token), data: { status: 'APPROVED', note: 'Welcome' } },
  );
  expect(approved.status()).toBe(200);
  expect((await approved.json()).participation).toMatchObject({
    status: 'APPROVED',
    decisionNote: 'Welcome',
  });
  expect((await submit()).status()).toBe(201);
});

test('a participant asks on the benchmark page, the curator approves, the participant submits', async ({
  browser,
}) => {
  // Two browsers, a worker run and axe checks: slow on a shared two-core machine.
  test.setTimeout(300_000);
  // ── the participant: no upload form yet, a request panel instead ──
  const participant = await newPage(browser);
  const participantEmail = `approval-ui-${stamp}@example.org`;
  await createAccountWithToken('approval-ui', { email: participantEmail, password: PASSWORD });
  await signIn(participant, participantEmail);
  await participant.goto(`/benchmarks/${SLUG}`);
  const panel = participant.getByTestId('participation');
  await expect(panel).toContainText('Taking part in “Open”');
  await expect(panel).toContainText('You have not asked to take part yet.');
  await expect(participant.getByLabel('Predictions file')).toHaveCount(0);
  await panel
    .getByLabel('Message to the curators')
    .fill('Dana Lee, Example University Hospital. A ResNet-18 baseline; one account.');
  await shoot(participant, 'participation-request');
  await panel.getByRole('button', { name: 'Request to participate' }).click();
  await expect(panel.getByTestId('participation-status')).toHaveText('Pending');
  await expect(panel.getByRole('status')).toBeFocused();
  await expect(participant.getByLabel('Predictions file')).toHaveCount(0);
  await expectNoSeriousA11yViolations(participant);
  await shoot(participant, 'participation-pending');

  // ── the curator: the request in the table; a rejection needs a note; approve ──
  const curatorPage = await newPage(browser);
  await signIn(curatorPage, curator.email);
  await curatorPage.goto(`/curate/${SLUG}`);
  await curatorPage
    .getByRole('navigation', { name: 'Curation' })
    .getByRole('link', { name: 'Participants' })
    .click();
  await curatorPage.waitForURL(`**/curate/${SLUG}/participants`);
  const row = curatorPage.getByTestId(`participant-${participantEmail}`);
  await expect(row).toContainText('Example University Hospital');
  await expect(row.getByTestId('participant-status')).toHaveText('Pending');
  await expect(curatorPage.getByTestId('participants-pending')).toContainText('waiting');
  // Keyboard only: focus the Reject button and press Enter without a note.
  await row.getByRole('button', { name: /^Reject / }).focus();
  await curatorPage.keyboard.press('Enter');
  const note = row.getByLabel(/Note to/);
  await expect(note).toHaveAttribute('aria-invalid', 'true');
  await expect(note).toBeFocused();
  await expect(row).toContainText('say why the request is rejected');
  await expectNoSeriousA11yViolations(curatorPage);
  await shoot(curatorPage, 'participants-table');
  await note.fill('Welcome, Dana: approved as the only account of Example University Hospital.');
  await row.getByRole('button', { name: /^Approve / }).click();
  await expect(row.getByTestId('participant-status')).toHaveText('Approved');
  await expect(row).toContainText('Welcome, Dana');
  await shoot(curatorPage, 'participants-approved');
  await curatorPage.goto(`/curate/${SLUG}/audit`);
  await expect(curatorPage.getByTestId('audit-table')).toContainText('participation.approve');
  await expect(curatorPage.getByTestId('audit-table')).toContainText('participation.request');

  // ── the participant: approved, with the note; the upload form is back; the file is scored ──
  await participant.goto(`/benchmarks/${SLUG}`);
  await expect(panel.getByTestId('participation-status')).toHaveText('Approved');
  await expect(panel.getByTestId('participation-note')).toContainText('Welcome, Dana');
  await shoot(participant, 'participation-approved');
  await participant.getByLabel('Method name').fill('Dana ResNet-18');
  await participant.getByLabel('Predictions file').setInputFiles({
    name: 'predictions.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(predictionsCsv()),
  });
  await participant.getByRole('button', { name: 'Submit for scoring' }).click();
  await participant.waitForURL(/\/submissions\/[a-z0-9]+$/);
  await expect(participant.getByTestId('submission-status')).toHaveText('Scored', {
    timeout: 90_000,
  });
});

test('a second file that repeats the first is refused as a near-duplicate, with the reason on the page', async ({
  browser,
}) => {
  // A curator needs no approval, so the curator's own account submits the same file twice.
  test.setTimeout(240_000);
  const page = await newPage(browser);
  await signIn(page, curator.email);
  for (const method of ['Curator baseline', 'Curator baseline again']) {
    await page.goto(`/benchmarks/${SLUG}`);
    await page.getByLabel('Method name').fill(method);
    await page.getByLabel('Predictions file').setInputFiles({
      name: 'predictions.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(predictionsCsv()),
    });
    await page.getByRole('button', { name: 'Submit for scoring' }).click();
    await page.waitForURL(/\/submissions\/[a-z0-9]+$/);
    await expect(page.getByTestId('submission-status')).toHaveText(/Scored|Failed/, {
      timeout: 90_000,
    });
  }
  await expect(page.getByTestId('submission-status')).toHaveText('Failed');
  await expect(page.getByTestId('error-message')).toContainText('in only 0 of 40 cases');
  await expect(page.getByTestId('near-duplicate')).toContainText('Curator baseline');
  await expect(page.getByTestId('near-duplicate')).toContainText('0 of 40 (at least 10 needed)');
  await expectNoSeriousA11yViolations(page);
  await shoot(page, 'submission-near-duplicate');
});
