import { afterEach, describe, expect, it } from 'vitest';
import {
  EXTERNAL_SCORER_DEFAULTS,
  type ExternalScorerConfig,
} from '@medrank/task-contracts/config';
import {
  ExternalScorerError,
  scoreWithExternalScorer,
  type ReportPair,
} from './score-with-external-scorer.js';
import {
  overlapReply,
  startLocalScorer,
  tokenOverlapFraction,
  type LocalScorer,
  type LocalScorerReply,
} from './start-local-scorer.js';
import type { ExternalScoreRequest } from './external-scorer-protocol.js';

const pairs: ReportPair[] = [
  { reference: 'SECRETREF1 no pleural effusion', candidate: 'no pleural effusion' },
  { reference: 'SECRETREF2 small left effusion', candidate: 'small right effusion' },
  { reference: 'SECRETREF3 heart is enlarged', candidate: 'heart is large' },
  { reference: 'SECRETREF4 lungs are clear', candidate: 'lungs clear' },
  { reference: 'SECRETREF5 no pneumothorax', candidate: '' },
];
const references = pairs.map((p) => p.reference);

const servers: LocalScorer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(
  reply: (request: ExternalScoreRequest, index: number) => LocalScorerReply,
): Promise<LocalScorer> {
  const server = await startLocalScorer(reply);
  servers.push(server);
  return server;
}

const config = (
  url: string,
  overrides: Partial<ExternalScorerConfig> = {},
): ExternalScorerConfig => ({
  ...EXTERNAL_SCORER_DEFAULTS,
  key: 'overlap',
  label: 'Token overlap',
  url,
  higherIsBetter: true,
  range: [0, 1],
  version: 'overlap-1',
  timeoutMs: 1_000,
  retryBaseDelayMs: 5,
  totalTimeoutMs: 1_500,
  ...overrides,
});

/** Runs the scorer and returns its error, checking it is an ExternalScorerError that quotes no reference. */
async function failureOf(promise: Promise<unknown>): Promise<ExternalScorerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExternalScorerError);
  const message = (error as ExternalScorerError).message;
  for (const reference of references) {
    expect(message).not.toContain(reference);
    expect(message).not.toContain(reference.split(' ')[0]);
  }
  expect(message).not.toContain('127.0.0.1');
  return error as ExternalScorerError;
}

describe('scoreWithExternalScorer', () => {
  it('returns the scorer’s per-pair values in input order, batch by batch', async () => {
    const server = await serve((request) => overlapReply(request));
    const result = await scoreWithExternalScorer(config(server.url, { batchSize: 2 }), pairs);
    expect([...result.values]).toEqual(
      pairs.map((p) => tokenOverlapFraction(p.reference, p.candidate)),
    );
    expect(result.values[0]).toBe(0.75); // 3 of the 4 reference tokens
    expect(result.nullCount).toBe(0);
    expect(result.scorer).toEqual({ name: 'token-overlap', version: 'overlap-1' });
    const requests = server.bodies.map((b) => JSON.parse(b) as ExternalScoreRequest);
    expect(requests.map((r) => r.items.length).sort()).toEqual([1, 2, 2]);
    for (const r of requests) {
      expect(r.protocol).toBe('medrank-external-scorer/1');
      expect(r.metric).toBe('overlap');
      for (const item of r.items) expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('passes null through as NaN and counts it', async () => {
    const server = await serve((request) => overlapReply(request));
    const result = await scoreWithExternalScorer(config(server.url), [
      ...pairs,
      { reference: '', candidate: 'anything' },
    ]);
    expect(result.values[5]).toBeNaN();
    expect(result.nullCount).toBe(1);
  });

  it('keeps at most `concurrency` batches in flight', async () => {
    const server = await serve((request) => ({ ...overlapReply(request), delayMs: 20 }));
    const result = await scoreWithExternalScorer(
      config(server.url, { batchSize: 1, concurrency: 2 }),
      pairs,
    );
    expect(server.bodies).toHaveLength(5);
    expect(server.maxInFlight).toBe(2);
    expect(result.values[1]).toBeCloseTo(2 / 4, 15);
  });

  it('retries a 500 and succeeds on the next 200', async () => {
    const server = await serve((request, index) =>
      index === 0 ? { status: 500, body: 'boom' } : overlapReply(request),
    );
    const result = await scoreWithExternalScorer(config(server.url), pairs);
    expect(server.bodies).toHaveLength(2);
    expect(result.values[2]).toBeCloseTo(2 / 4, 15);
  });

  it('gives up on a persistent 503 after maxAttempts', async () => {
    const server = await serve(() => ({ status: 503 }));
    const error = await failureOf(
      scoreWithExternalScorer(config(server.url, { maxAttempts: 3 }), pairs),
    );
    expect(error.failure).toBe('http');
    expect(error.message).toBe('external scorer "overlap": the batch: HTTP 503 (after 3 attempts)');
    expect(server.bodies).toHaveLength(3);
  });

  it('does not retry a 4xx other than 408 and 429', async () => {
    const server = await serve(() => ({ status: 422 }));
    const error = await failureOf(scoreWithExternalScorer(config(server.url), pairs));
    expect(error.message).toMatch(/HTTP 422 \(after 1 attempt\)/);
    expect(server.bodies).toHaveLength(1);
  });

  it('times out a slow scorer per request and retries it a bounded number of times', async () => {
    const server = await serve((request) => ({ ...overlapReply(request), delayMs: 1_000 }));
    const error = await failureOf(
      scoreWithExternalScorer(config(server.url, { timeoutMs: 40, maxAttempts: 2 }), pairs),
    );
    expect(error.failure).toBe('timeout');
    expect(error.message).toMatch(/no response within timeoutMs = 40 \(after 2 attempts\)/);
    expect(server.bodies).toHaveLength(2);
  });

  it('stops at the total deadline', async () => {
    const server = await serve((request) => ({ ...overlapReply(request), delayMs: 1_000 }));
    const error = await failureOf(
      scoreWithExternalScorer(config(server.url, { timeoutMs: 500, totalTimeoutMs: 60 }), pairs),
    );
    expect(error.failure).toBe('deadline');
    expect(error.message).toBe(
      'external scorer "overlap": did not finish 5 items within totalTimeoutMs = 60',
    );
  });

  it('retries a refused connection, then fails with a network error', async () => {
    const server = await serve(() => ({}));
    await server.close();
    const error = await failureOf(
      scoreWithExternalScorer(config(server.url, { maxAttempts: 2 }), pairs),
    );
    expect(error.failure).toBe('network');
    expect(error.message).toMatch(/network error \(ECONNREFUSED\) \(after 2 attempts\)/);
  });

  const malformed: [string, (request: ExternalScoreRequest) => LocalScorerReply, RegExp][] = [
    [
      'a wrong count',
      (r) => ({
        body: JSON.stringify({
          scores: r.items.slice(1).map((i) => ({ id: i.id, value: 0.5 })),
          scorer: { name: 's', version: 'overlap-1' },
        }),
      }),
      /response has 4 scores for a batch of 5 items/,
    ],
    [
      'NaN (as Python’s json.dumps writes it)',
      (r) => ({
        body: `{"scores": [${r.items.map((i) => `{"id": "${i.id}", "value": NaN}`).join(', ')}], "scorer": {"name": "s", "version": "overlap-1"}}`,
      }),
      /response is not valid JSON \(NaN and Infinity are not JSON/,
    ],
    [
      'an overflowing number',
      (r) => ({
        body: `{"scores": [${r.items.map((i) => `{"id": "${i.id}", "value": 1e999}`).join(', ')}], "scorer": {"name": "s", "version": "overlap-1"}}`,
      }),
      /scores\[0\]\.value is not a finite number or null/,
    ],
    [
      'a string value',
      (r) => ({
        body: JSON.stringify({
          scores: r.items.map((i) => ({ id: i.id, value: 'NaN' })),
          scorer: { name: 's', version: 'overlap-1' },
        }),
      }),
      /scores\[0\]\.value is not a finite number or null/,
    ],
    [
      'an unknown id that echoes the reference',
      (r) => ({
        body: JSON.stringify({
          scores: r.items.map((i) => ({ id: i.reference, value: 0.5 })),
          scorer: { name: 's', version: 'overlap-1' },
        }),
      }),
      /scores\[0\]\.id is not one of the batch's item ids/,
    ],
    [
      'a repeated id',
      (r) => ({
        body: JSON.stringify({
          scores: r.items.map(() => ({ id: r.items[0]!.id, value: 0.5 })),
          scorer: { name: 's', version: 'overlap-1' },
        }),
      }),
      /scores\[1\]\.id repeats an earlier entry's id/,
    ],
    [
      'a value outside the declared range',
      (r) => ({
        body: JSON.stringify({
          scores: r.items.map((i) => ({ id: i.id, value: 1.5 })),
          scorer: { name: 's', version: 'overlap-1' },
        }),
      }),
      /scores\[0\]\.value 1\.5 is outside the declared range \[0, 1\]/,
    ],
    [
      'another protocol',
      (r) => ({
        body: JSON.stringify({
          ...JSON.parse(overlapReply(r).body!),
          protocol: 'medrank-external-scorer/2',
        }),
      }),
      /response speaks "medrank-external-scorer\/2", not medrank-external-scorer\/1/,
    ],
    [
      'another scorer version',
      (r) => overlapReply(r, 'overlap-2'),
      /scorer reports version "overlap-2" but the track expects "overlap-1"/,
    ],
    [
      'a version that echoes the reference',
      (r) => overlapReply(r, r.items[0]!.reference),
      /scorer reports version an unexpected value/,
    ],
    [
      'no scorer identity',
      (r) => ({ body: JSON.stringify({ scores: r.items.map((i) => ({ id: i.id, value: 0.5 })) }) }),
      /lacks scorer/,
    ],
    [
      'an HTML error page with status 200',
      () => ({ body: '<html>SECRETREF1</html>' }),
      /response is not valid JSON/,
    ],
  ];
  it.each(malformed)('fails the metric, without retrying, on %s', async (_, reply, message) => {
    const server = await serve(reply);
    const error = await failureOf(scoreWithExternalScorer(config(server.url), pairs));
    expect(error.failure).toBe('malformed');
    expect(error.message).toMatch(message);
    expect(server.bodies).toHaveLength(1);
  });

  it('refuses a response larger than the batch allows', async () => {
    const server = await serve((r) => ({
      body: JSON.stringify({ ...JSON.parse(overlapReply(r).body!), padding: 'x'.repeat(200_000) }),
    }));
    const error = await failureOf(scoreWithExternalScorer(config(server.url), pairs));
    expect(error.message).toMatch(/exceeds the 70656-byte limit/);
  });

  it('does not call the scorer for no pairs', async () => {
    const server = await serve((request) => overlapReply(request));
    expect((await scoreWithExternalScorer(config(server.url), [])).values).toHaveLength(0);
    expect(server.bodies).toHaveLength(0);
  });
});
