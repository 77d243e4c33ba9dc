import { expect, test, type APIRequestContext } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  NOISY_AUROC_STATED,
  createAccountWithToken,
  medrank,
  noisyPredictionsCsv,
} from './support';

const SUBMISSIONS = '/api/v1/benchmarks/breastmnist/submissions';
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const csvFile = (name: string, content: string | Buffer) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
});

async function waitForFinal(request: APIRequestContext, token: string, id: string) {
  for (let i = 0; i < 120; i++) {
    const body = (await (
      await request.get(`/api/v1/submissions/${id}`, { headers: auth(token) })
    ).json()) as { submission: { status: string } & Record<string, unknown> };
    if (['SCORED', 'FAILED', 'CANCELLED'].includes(body.submission.status)) return body.submission;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`submission ${id} did not finish`);
}

test.describe('REST API', () => {
  let alice: { email: string; token: string };
  let bob: { email: string; token: string };
  test.beforeAll(async () => {
    alice = await createAccountWithToken('alice');
    bob = await createAccountWithToken('bob');
  });

  test('refuses a submission without credentials (401) or with a bad token (401)', async ({
    request,
  }) => {
    const anonymous = await request.post(SUBMISSIONS, {
      multipart: { methodName: 'x', file: csvFile('p.csv', noisyPredictionsCsv()) },
    });
    expect(anonymous.status()).toBe(401);
    expect((await anonymous.json()).error.code).toBe('UNAUTHORIZED');
    const forged = await request.post(SUBMISSIONS, {
      headers: auth('mrk_not-a-real-token'),
      multipart: { methodName: 'x', file: csvFile('p.csv', 'x') },
    });
    expect(forged.status()).toBe(401);
    expect((await forged.json()).error.message).toMatch(/invalid, expired or revoked/);
  });

  test('scores a submission end to end and keeps per-case results to itself', async ({
    request,
    baseURL,
  }) => {
    const created = await request.post(SUBMISSIONS, {
      headers: auth(alice.token),
      multipart: {
        methodName: 'API ResNet',
        codeUrl: 'https://example.org/code',
        modelUrl: 'https://example.org/weights',
        parameterCount: '11689512',
        trainingData: 'BreastMNIST official train split only',
        openWeights: 'true',
        file: csvFile('p.csv', noisyPredictionsCsv()),
      },
    });
    expect(created.status()).toBe(201);
    const { submission } = (await created.json()) as { submission: { id: string; status: string } };
    expect(submission.status).toMatch(/QUEUED|VALIDATING|SCORING|SCORED/);
    const final = (await waitForFinal(request, alice.token, submission.id)) as unknown as {
      status: string;
      evaluations: { scores: { metric: string; value: number; ciLow: number; ciHigh: number }[] }[];
    };
    expect(final.status).toBe('SCORED');
    const auroc = final.evaluations[0]!.scores.find((s) => s.metric === 'roc_auc')!;
    // scikit-learn's 0.8706140350877193, at the phase's stated precision.
    expect(auroc.value).toBe(NOISY_AUROC_STATED);
    expect(auroc.ciLow).toBeLessThan(auroc.value);
    expect(auroc.ciHigh).toBeGreaterThan(auroc.value);
    // Hidden stays hidden: only aggregates, never a per-case value or label.
    const text = JSON.stringify(final);
    expect(text).not.toMatch(/perCase|caseScores|"label"|ground/i);
    // The method card travels with the entry: its public page shows it to anyone.
    const entryPage = await (await fetch(new URL(`/entries/${submission.id}`, baseURL))).text();
    expect(entryPage).toContain('BreastMNIST official train split only');
    expect(entryPage).toContain('https://example.org/weights');
  });

  test("forbids reading or submitting for another team's work (403)", async ({ request }) => {
    const created = await request.post(SUBMISSIONS, {
      headers: auth(alice.token),
      multipart: { methodName: 'Alice only', file: csvFile('p.csv', noisyPredictionsCsv()) },
    });
    const { submission } = (await created.json()) as {
      submission: { id: string; team: { slug: string } };
    };
    const peek = await request.get(`/api/v1/submissions/${submission.id}`, {
      headers: auth(bob.token),
    });
    expect(peek.status()).toBe(403);
    const impersonate = await request.post(SUBMISSIONS, {
      headers: auth(bob.token),
      multipart: {
        methodName: 'Not mine',
        team: submission.team.slug,
        file: csvFile('p.csv', noisyPredictionsCsv()),
      },
    });
    expect(impersonate.status()).toBe(403);
    expect((await impersonate.json()).error.message).toContain(
      `not a member of team "${submission.team.slug}"`,
    );
  });

  test('rejects malformed requests with specific messages', async ({ request }) => {
    const unknown = await request.post('/api/v1/benchmarks/no-such-benchmark/submissions', {
      headers: auth(alice.token),
      multipart: { methodName: 'x', file: csvFile('p.csv', 'x') },
    });
    expect(unknown.status()).toBe(404);
    const noFile = await request.post(SUBMISSIONS, {
      headers: auth(alice.token),
      multipart: { methodName: 'x' },
    });
    expect(noFile.status()).toBe(400);
    expect((await noFile.json()).error.message).toMatch(/missing the "file" part/);
    const noMethod = await request.post(SUBMISSIONS, {
      headers: auth(alice.token),
      multipart: { file: csvFile('p.csv', noisyPredictionsCsv()) },
    });
    expect(noMethod.status()).toBe(400);
    expect((await noMethod.json()).error.message).toMatch(/methodName/);
    const json = await request.post(SUBMISSIONS, {
      headers: auth(alice.token),
      data: { methodName: 'x' },
    });
    expect(json.status()).toBe(400);
    expect((await json.json()).error.message).toMatch(/multipart\/form-data/);
    const badTrack = await request.post(SUBMISSIONS, {
      headers: auth(alice.token),
      multipart: { methodName: 'x', track: 'nope', file: csvFile('p.csv', noisyPredictionsCsv()) },
    });
    expect(badTrack.status()).toBe(400);
    const badParameters = await request.post(SUBMISSIONS, {
      headers: auth(alice.token),
      multipart: { methodName: 'x', parameterCount: '7B', file: csvFile('p.csv', 'x') },
    });
    expect(badParameters.status()).toBe(400);
    expect((await badParameters.json()).error.message).toMatch(
      /parameterCount.*whole number of parameters, digits only/,
    );
    expect((await badTrack.json()).error.message).toMatch(
      /unknown track "nope"; this benchmark has: classification/,
    );
  });

  test('refuses a 200 MB upload before storing it (413)', async ({ request }) => {
    const huge = Buffer.alloc(200 * 1024 * 1024, 0x31);
    const response = await request.post(SUBMISSIONS, {
      headers: auth(alice.token),
      multipart: { methodName: 'huge', file: csvFile('huge.csv', huge) },
      timeout: 120_000,
    });
    expect(response.status()).toBe(413);
    expect((await response.json()).error.message).toMatch(/upload is 200 MB; the limit is 100 MB/);
  });

  for (const [label, content, expected] of [
    ['an empty file', Buffer.alloc(0), /empty/i],
    [
      'a binary file',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      /this is a PNG image, not a CSV text file/,
    ],
    ['a file with a wrong header', Buffer.from('id,score\n0,0.5\n'), /header/i],
  ] as const) {
    test(`fails ${label} with a precise reason`, async ({ request }) => {
      const created = await request.post(SUBMISSIONS, {
        headers: auth(bob.token),
        multipart: { methodName: label, file: csvFile('bad.csv', content) },
      });
      expect(created.status()).toBe(201);
      const { submission } = (await created.json()) as { submission: { id: string } };
      const final = (await waitForFinal(request, bob.token, submission.id)) as unknown as {
        status: string;
        error: { issues: { message: string }[] };
      };
      expect(final.status).toBe('FAILED');
      expect(final.error.issues.map((i) => i.message).join('\n')).toMatch(expected);
    });
  }

  test('the CLI submits, waits and prints the scores; a bad file exits non-zero with its lines', async () => {
    const dir = os.tmpdir();
    const good = path.join(dir, `cli-good-${Date.now()}.csv`);
    const bad = path.join(dir, `cli-bad-${Date.now()}.csv`);
    writeFileSync(good, noisyPredictionsCsv());
    writeFileSync(bad, noisyPredictionsCsv().replace(/\n7,[^\n]+/, '\n7,1.5,-0.5'));
    const base = [
      'submit',
      '--url',
      `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`,
      '--token',
      // A fresh account: alice's earlier submissions of this very file make it a near-duplicate.
      (await createAccountWithToken('cli')).token,
      '--benchmark',
      'breastmnist',
      '--wait',
    ];
    const ok = medrank([...base, '--file', good, '--method', 'CLI run', '--json']);
    expect(ok.status).toBe(0);
    const scored = JSON.parse(ok.stdout) as {
      status: string;
      evaluations: { scores: { metric: string; value: number }[] }[];
    };
    expect(scored.status).toBe('SCORED');
    expect(scored.evaluations[0]!.scores.find((s) => s.metric === 'roc_auc')!.value).toBe(
      NOISY_AUROC_STATED,
    );
    const failed = medrank([...base, '--file', bad, '--method', 'CLI bad']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/line 9, case 7, p_malignant: 1\.5 is outside \[0, 1\]/);
  });

  test('serves the catalog and a case-id template without labels', async ({ request }) => {
    const catalog = (await (await request.get('/api/v1/benchmarks')).json()) as {
      benchmarks: { slug: string; caseCount: number }[];
    };
    // Summed over test sets: the upload track and the model track score the same 156 images.
    expect(catalog.benchmarks.find((b) => b.slug === 'breastmnist')?.caseCount).toBe(2 * 156);
    const template = await (await request.get('/api/v1/benchmarks/breastmnist/template')).text();
    const lines = template.trim().split('\n');
    expect(lines[0]).toBe('case_id,p_malignant,p_normal_or_benign');
    expect(lines).toHaveLength(157);
    expect(lines[1]).toBe('0,,');
  });

  test('serves each track a template in the format its task type reads', async ({ request }) => {
    const open = await request.get('/api/v1/benchmarks/vqa-rad/template?track=open');
    expect(open.status()).toBe(200);
    expect(open.headers()['content-disposition']).toContain('vqa-rad-open-template.csv');
    const lines = (await open.text()).trim().split('\n');
    expect(lines[0]).toBe('case_id,answer');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]).toMatch(/^[^,]+,$/);
    // ReXrank lists published results only: no template, and the reason says so.
    const reported = await request.get('/api/v1/benchmarks/rexrank/template?track=findings');
    expect(reported.status()).toBe(400);
    expect(((await reported.json()) as { error: { message: string } }).error.message).toMatch(
      /published results only/,
    );
  });
});
