// Issue 13, supervision: a worker killed with SIGKILL must not take the site down. The platform
// runs under the same supervisor as `npm run up` (tools/dev/supervisor.ts, started by
// tools/e2e/serve.ts, which rewrites e2e/.artifacts/e2e-processes.json on every start).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT, createAccountWithToken, noisyPredictionsCsv } from './support';

interface PlatformProcesses {
  metricsPort: number;
  webPid: number;
  workerPid: number;
  webRestarts: number;
  workerRestarts: number;
}
const platform = () =>
  JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'e2e/.artifacts/e2e-processes.json'), 'utf8'),
  ) as PlatformProcesses;

test('a SIGKILLed worker comes back within seconds, the web serves throughout, and new work is scored', async ({
  request,
}) => {
  const before = platform();
  // The supervisor would hide a crash behind a restart: none may have happened before this test
  // (the last spec file of the run, so this covers every attack and journey before it).
  expect(before.webRestarts).toBe(0);
  expect(before.workerRestarts).toBe(0);
  const { token } = await createAccountWithToken('supervised');
  const killedAt = Date.now();
  process.kill(before.workerPid, 'SIGKILL');

  // The web never stops answering while the worker is down and restarting.
  let back: PlatformProcesses | null = null;
  while (!back) {
    expect((await request.get('/api/health')).status()).toBe(200);
    const now = platform();
    if (now.workerPid !== before.workerPid && now.workerRestarts > before.workerRestarts)
      back = now;
    else if (Date.now() - killedAt > 15_000)
      throw new Error('the worker was not restarted in 15 s');
    else await new Promise((r) => setTimeout(r, 100));
  }
  const restartedMs = Date.now() - killedAt;
  expect(platform()).toMatchObject({ webPid: before.webPid, webRestarts: 0 });
  expect((await request.get('/benchmarks/breastmnist')).status()).toBe(200);

  // The new worker consumes: a submission sent now is scored.
  const created = await request.post('/api/v1/benchmarks/breastmnist/submissions', {
    headers: { Authorization: `Bearer ${token}` },
    multipart: {
      methodName: 'After a worker crash',
      file: {
        name: 'predictions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(noisyPredictionsCsv()),
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { submission } = (await created.json()) as { submission: { id: string } };
  let status = '';
  const deadline = Date.now() + 60_000;
  while (status !== 'SCORED' && Date.now() < deadline) {
    const response = await request.get(`/api/v1/submissions/${submission.id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    status = ((await response.json()) as { submission: { status: string } }).submission.status;
    expect(status).not.toBe('FAILED');
    if (status !== 'SCORED') await new Promise((r) => setTimeout(r, 250));
  }
  expect(status).toBe('SCORED');
  console.log(
    `worker SIGKILLed → restarted by the supervisor in ${(restartedMs / 1000).toFixed(1)} s; ` +
      `a submission after it scored in ${((Date.now() - killedAt - restartedMs) / 1000).toFixed(1)} s`,
  );
});

test('operators see inside: the web serves Prometheus metrics on its own port, not on the site', async ({
  request,
}) => {
  const { metricsPort } = platform();
  const response = await request.get(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(response.status()).toBe(200);
  const text = await response.text();
  const count = (labels: string) =>
    Number(
      new RegExp(
        `^medrank_web_http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`,
        'm',
      ).exec(text)?.[1] ?? 0,
    );
  // The submission of the test above (and whatever ran before it) was measured.
  expect(count('route="upload",method="POST",status="2xx"')).toBeGreaterThanOrEqual(1);
  expect(count('route="health",method="GET",status="2xx"')).toBeGreaterThanOrEqual(1);
  expect(text).toMatch(/^medrank_web_upload_bytes_count \d+$/m);
  expect(text).toMatch(/^medrank_web_process_resident_memory_bytes \d+/m);
  // No path, slug or id in any label.
  expect(text).not.toContain('breastmnist');
  // The public site does not serve them.
  expect((await request.get('/metrics')).status()).toBe(404);
});
