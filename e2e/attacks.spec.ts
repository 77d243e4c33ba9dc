// The attacker suite: issue 9's attacks and a malformed-input sweep, performed against the real
// platform (built web app, worker, Postgres, Redis) as an outsider and as a participant would.
// Each attack fails the suite if it recovers anything the chosen defences do not state; the
// figures go to e2e/.artifacts/attack-summary.json (SECURITY.md quotes them).
import { expect, test, type APIRequestContext } from '@playwright/test';
import { leaksCanary, seedHiddenAnswerBenchmark, type CanaryBenchmark } from './security/canary';
import { recordAttack } from './security/ledger';
import { INTERNALS, malformedRequests, type MalformedRequest } from './security/malformed';
import { buildWorld, disposeWorld, type Actor, type World } from './security/world';

test.describe.configure({ mode: 'serial' });

let world: World | undefined;
let canary: CanaryBenchmark;

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(420_000);
  world = await buildWorld(baseURL!, 'attack');
  canary = await seedHiddenAnswerBenchmark(`canary-${Date.now().toString(36)}`);
});
test.afterAll(async () => disposeWorld(world));

async function send(actor: Actor, request: MalformedRequest) {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (actor.token) headers.Authorization = `Bearer ${actor.token}`;
  const context: APIRequestContext = actor.session;
  const options = { headers, maxRedirects: 0, timeout: 30_000 };
  return request.method === 'GET'
    ? context.get(request.path, options)
    : context.post(request.path, { ...options, data: request.body ?? '' });
}

test('malformed and hostile requests to every route and page: no crash, no internals, no hidden answer', async () => {
  test.setTimeout(900_000);
  const requests = malformedRequests(canary.slug);
  const callers = [world!.actors.anonymous, world!.actors.participant];
  const crashes: string[] = [];
  const leaks: string[] = [];
  let sent = 0;
  for (const request of requests)
    for (const caller of callers) {
      const response = await send(caller, request);
      sent++;
      const body = await response.text();
      if (response.status() >= 500)
        crashes.push(
          `${request.label} as ${caller.role}: HTTP ${response.status()} ${body.slice(0, 200)}`,
        );
      if (INTERNALS.test(body))
        leaks.push(
          `${request.label} as ${caller.role}: server internals in the body: ${INTERNALS.exec(body)?.[0]}`,
        );
      if (leaksCanary(body, canary))
        leaks.push(`${request.label} as ${caller.role}: a hidden answer in the body`);
    }
  recordAttack({
    attack: 'malformed-input sweep (every route and page)',
    requests: sent,
    malformed: sent,
    leaks: leaks.length,
    crashes: crashes.length,
  });
  expect(crashes, 'server errors').toEqual([]);
  expect(leaks, 'leaks').toEqual([]);
});

test('a wrong and a broken submission to a hidden-answer board: errors name lines, never an answer', async () => {
  test.setTimeout(300_000);
  const participant = world!.actors.participant;
  const auth = { Authorization: `Bearer ${participant.token}` };
  const files = {
    'all wrong': ['case_id,answer', ...canary.caseIds.map((id) => `${id},no idea`)].join('\n'),
    'missing cases, duplicates, unknown ids, binary': [
      'case_id,answer',
      `${canary.caseIds[0]},x`,
      `${canary.caseIds[0]},y`,
      'not-a-case,z',
      '\u0000\u0001\u0002',
    ].join('\n'),
  };
  let requests = 0;
  const leaks: string[] = [];
  for (const [label, content] of Object.entries(files)) {
    const created = await participant.session.post(
      `/api/v1/benchmarks/${canary.slug}/submissions`,
      {
        headers: auth,
        multipart: {
          methodName: `Canary probe: ${label}`,
          file: { name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(content + '\n') },
        },
      },
    );
    requests++;
    expect(created.status(), await created.text()).toBe(201);
    const { submission } = (await created.json()) as { submission: { id: string } };
    let final: string | undefined;
    for (let i = 0; i < 240 && !final; i++) {
      const response = await participant.session.get(`/api/v1/submissions/${submission.id}`, {
        headers: auth,
      });
      requests++;
      const text = await response.text();
      if (leaksCanary(text, canary)) leaks.push(`${label}: submission API`);
      const status = (JSON.parse(text) as { submission: { status: string } }).submission.status;
      if (['SCORED', 'FAILED'].includes(status)) final = status;
      else await new Promise((r) => setTimeout(r, 500));
    }
    expect(final, `${label} never finished`).toBeDefined();
    for (const path of [
      `/submissions/${submission.id}`,
      `/entries/${submission.id}`,
      `/benchmarks/${canary.slug}`,
      `/api/v1/benchmarks/${canary.slug}/board?format=csv`,
      `/api/v1/benchmarks/${canary.slug}/board?format=json`,
      `/api/v1/benchmarks/${canary.slug}/template`,
    ]) {
      const response = await participant.session.get(path, { maxRedirects: 0 });
      requests++;
      if (leaksCanary(await response.text(), canary)) leaks.push(`${label}: ${path}`);
    }
  }
  recordAttack({
    attack: 'hidden answers in error messages, pages and exports',
    requests,
    malformed: 1,
    leaks: leaks.length,
    crashes: 0,
    recovered: '0 answers',
  });
  expect(leaks).toEqual([]);
});
