import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  crc32,
  encodeZip,
  parseAnswerPredictions,
  parseReportPredictions,
  type ZipEntryInput,
} from '@medrank/formats';
import { parseEndpointContract, type EndpointContract } from '@medrank/task-contracts/config';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEgressPolicy } from './egress/egress-policy.js';
import { EndpointRunFailure } from './endpoint-run-failure.js';
import { runEndpoint, type RunEndpointOptions } from './run-endpoint.js';
import {
  startChatCompletionsStub,
  type ChatCompletionsStub,
  type ChatCompletionsStubOptions,
} from './testing/chat-completions-stub.js';

const API_KEY = 'sk-test-SECRET-4f9a2c71d0e8b3';
const POLICY = parseEgressPolicy({
  ENDPOINT_ALLOWED_HOSTS: '127.0.0.1,api.example.com',
  ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.0/8',
});
const FAST_BACKOFF = { baseMs: 5, maxMs: 20, retryAfterMaxMs: 50 };

/** A real 1×1 grey PNG whose pixel is `value`, so the stub's rule can read the case from it. */
function greyPng(value: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.of(0, value))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** The stub's reading of greyPng: which pixel value makes these bytes. */
const pixelOf = (png: Buffer | undefined) =>
  Array.from({ length: 256 }, (_, value) => value).find((value) => greyPng(value).equals(png!))!;

const LETTERS = 'ABCD';

let directory: string;
let zipCount = 0;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'endpoint-runner-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

async function writeZip(entries: ZipEntryInput[]): Promise<string> {
  const file = path.join(directory, `inputs-${zipCount++}.zip`);
  await writeFile(file, encodeZip(entries));
  return file;
}

/** A multiple-choice test set: case `q<i>` shows image `images/<i % 3>.png` (shared images) whose pixel is i. */
async function questionsZip(count: number, extraEntries: ZipEntryInput[] = []) {
  const caseIds = Array.from({ length: count }, (_, i) => `q${i}`);
  const manifest = [
    'case_id,file,question,options',
    ...caseIds.map(
      (id, i) => `${id},images/${i}.png,What is shown in case ${i}?,first|second|third|fourth`,
    ),
  ].join('\n');
  const zip = await writeZip([
    { name: 'manifest.csv', data: Buffer.from(`${manifest}\n`) },
    ...caseIds.map((_, i) => ({ name: `images/${i}.png`, data: greyPng(i) })),
    ...extraEntries,
  ]);
  return { caseIds, zip };
}

const CONTRACT = parseEndpointContract('multiple-choice', {
  prompt: 'Question: {question}\nOptions:\n{options}\nAnswer with the letter only.',
  system: 'You are a radiologist.',
  maxTokens: 8,
  limits: { concurrency: 3, requestTimeoutMs: 1_000, retries: 2 },
});
const withLimits = (limits: Partial<EndpointContract['limits']>, contract = CONTRACT) => ({
  ...contract,
  limits: { ...contract.limits, ...limits },
});

/** The rule: the letter of the image's pixel value, so a wrong pairing of case and image shows. */
const letterOfImage: ChatCompletionsStubOptions['answer'] = (request) =>
  LETTERS[pixelOf(request.imageBytes) % 4]!;

let stub: ChatCompletionsStub | null = null;
afterEach(async () => {
  await stub?.close();
  stub = null;
});

async function run(
  stubOptions: Partial<ChatCompletionsStubOptions>,
  options: Partial<RunEndpointOptions> & Pick<RunEndpointOptions, 'inputsZip' | 'caseIds'>,
) {
  stub = await startChatCompletionsStub({ answer: letterOfImage, ...stubOptions });
  return runEndpoint({
    url: stub.url,
    modelName: 'stub-model',
    apiKey: API_KEY,
    taskType: 'multiple-choice',
    contract: CONTRACT,
    policy: POLICY,
    retryBackoff: FAST_BACKOFF,
    ...options,
  });
}

async function* textOf(text: string) {
  yield text;
}

describe('runEndpoint', () => {
  it('answers every case in order, within the concurrency cap, with the documented request', async () => {
    const { caseIds, zip } = await questionsZip(12);
    const progress: [number, number][] = [];
    const result = await run(
      { delayMs: 40 },
      { inputsZip: zip, caseIds, onProgress: (done, total) => progress.push([done, total]) },
    );

    expect(result.predictionsJsonl.split('\n')).toEqual([
      ...caseIds.map((id, i) => JSON.stringify({ id, answer: LETTERS[i % 4] })),
      '',
    ]);
    expect(result.report).toEqual({ requests: 12, retries: 0, failureCount: 0, failures: [] });
    expect(result.cases.map((c) => c.caseId)).toEqual(caseIds);
    expect(result.cases.every((c) => c.ok && c.latencyMs >= 30)).toBe(true);
    expect(stub!.maxInFlight()).toBe(3);
    expect(progress.at(-1)).toEqual([12, 12]);
    expect(progress).toHaveLength(12);

    const first = stub!.requests().find((r) => r.text.includes('case 0?'))!;
    expect(first.authorization).toBe(`Bearer ${API_KEY}`);
    expect(first.body).toMatchObject({ model: 'stub-model', max_tokens: 8, temperature: 0 });
    expect(first.messages[0]).toEqual({ role: 'system', content: 'You are a radiologist.' });
    expect(first.text).toBe(
      'Question: What is shown in case 0?\nOptions:\nA. first\nB. second\nC. third\nD. fourth\nAnswer with the letter only.',
    );
    expect(first.imageBytes).toEqual(greyPng(0));

    const parsed = await parseAnswerPredictions(textOf(result.predictionsJsonl), { caseIds });
    expect(parsed.ok).toBe(true);
  });

  it('retries 500s and then succeeds', async () => {
    const { caseIds, zip } = await questionsZip(1);
    const result = await run({ failFirst: 2 }, { inputsZip: zip, caseIds });
    expect(result.cases[0]).toMatchObject({ ok: true });
    expect(result.report).toEqual({ requests: 3, retries: 2, failureCount: 0, failures: [] });
  });

  it('fails a case as http after its retries when the endpoint keeps answering 500', async () => {
    const { caseIds, zip } = await questionsZip(2);
    const result = await run({ status: 500 }, { inputsZip: zip, caseIds });
    expect(result.report).toEqual({
      requests: 6,
      retries: 4,
      failureCount: 2,
      failures: caseIds.map((caseId) => ({
        caseId,
        kind: 'http',
        detail: 'HTTP 500: injected status (after 3 attempts)',
      })),
    });
    expect(result.predictionsJsonl).toBe(
      `${caseIds.map((id) => JSON.stringify({ id, answer: '' })).join('\n')}\n`,
    );
    expect(result.cases.map((c) => c.ok)).toEqual([false, false]);
    // An empty answer is one the scoring path reads (an extraction failure), not a missing case.
    expect(
      await parseAnswerPredictions(textOf(result.predictionsJsonl), { caseIds }),
    ).toMatchObject({
      ok: true,
      value: { answers: ['', ''] },
    });
  });

  it('does not retry a 4xx other than 429, and honours Retry-After on a 429', async () => {
    const { caseIds, zip } = await questionsZip(2);
    const result = await run(
      {
        reply: (request, index) => {
          if (request.text.includes('case 0?'))
            return {
              status: 404,
              body: '{"error":{"message":"The model `stub-model` does not exist"}}',
            };
          if (index < 3) return { status: 429, body: 'slow down', headers: { 'retry-after': '0' } };
          return undefined;
        },
      },
      { inputsZip: zip, caseIds, contract: withLimits({ concurrency: 1 }) },
    );
    expect(result.report.failures).toEqual([
      { caseId: 'q0', kind: 'http', detail: 'HTTP 404: The model `stub-model` does not exist' },
    ]);
    expect(result.cases.map((c) => c.ok)).toEqual([false, true]);
    expect(result.report).toMatchObject({ requests: 4, retries: 2 });
  });

  it('fails a case as timeout when the endpoint answers after the request timeout', async () => {
    const { caseIds, zip } = await questionsZip(2);
    const result = await run(
      { delayMs: (request) => (request.text.includes('case 1?') ? 1_500 : 0) },
      { inputsZip: zip, caseIds, contract: withLimits({ retries: 0 }) },
    );
    expect(result.report.failures).toEqual([
      { caseId: 'q1', kind: 'timeout', detail: 'no complete response within 1000 ms' },
    ]);
    expect(result.cases[1]!.latencyMs).toBeGreaterThanOrEqual(990);
    expect(result.predictionsJsonl).toContain('{"id":"q1","answer":""}');
  });

  it('fails the cases left when the run budget runs out, without calling the endpoint for them', async () => {
    const { caseIds, zip } = await questionsZip(6);
    const result = await run(
      { delayMs: 600 },
      { inputsZip: zip, caseIds, contract: withLimits({ concurrency: 1, totalSeconds: 1 }) },
    );
    expect(result.cases.map((c) => c.ok)).toEqual([true, false, false, false, false, false]);
    expect(result.report.failures.map((f) => [f.caseId, f.kind])).toEqual(
      caseIds.slice(1).map((id) => [id, 'budget']),
    );
    expect(result.report.failures[0]!.detail).toBe(
      "the run's budget of 1 s ran out before this case was answered",
    );
    // q0 answered after 0.6 s; q1 was cut at 1 s; the rest were never sent.
    expect(stub!.requests()).toHaveLength(2);
  });

  it('fails a case whose file is not an image as inputs, naming the accepted formats', async () => {
    const manifest =
      'case_id,file,question,options\na,images/a.png,Q?,x|y\nb,arrays/b.npy,Q?,x|y\n';
    const zip = await writeZip([
      { name: 'manifest.csv', data: Buffer.from(manifest) },
      { name: 'images/a.png', data: greyPng(1) },
      { name: 'arrays/b.npy', data: Buffer.from('\x93NUMPY\x01\x00', 'latin1') },
    ]);
    const result = await run({}, { inputsZip: zip, caseIds: ['a', 'b'] });
    expect(result.report.failures).toEqual([
      {
        caseId: 'b',
        kind: 'inputs',
        detail:
          '"arrays/b.npy" is not a PNG, JPEG, GIF or WebP image, the formats sent to endpoints (as image_url data URLs)',
      },
    ]);
    expect(stub!.requests()).toHaveLength(1);
  });

  it('fails a case whose manifest line lacks a column the prompt uses, naming line and column', async () => {
    const manifest = [
      '{"case_id":"a","file":"a.png","question":"Q1","options":["yes","no"]}',
      '{"case_id":"b","file":"a.png","options":["yes","no"]}',
    ].join('\n');
    const zip = await writeZip([
      { name: 'manifest.jsonl', data: Buffer.from(manifest) },
      { name: 'a.png', data: greyPng(2) },
    ]);
    const result = await run({}, { inputsZip: zip, caseIds: ['a', 'b'] });
    expect(result.report.failures).toEqual([
      {
        caseId: 'b',
        kind: 'inputs',
        detail:
          'manifest.jsonl line 2: the inputs manifest gives no "question" for this case, and the prompt uses {question}',
      },
    ]);
    expect(stub!.requests()[0]!.text).toContain('A. yes\nB. no');
  });

  it('refuses the run when the manifest has no column the prompt needs', async () => {
    const zip = await writeZip([
      { name: 'manifest.csv', data: Buffer.from('case_id,file,question\na,a.png,Q?\n') },
      { name: 'a.png', data: greyPng(3) },
    ]);
    const failure = await run({}, { inputsZip: zip, caseIds: ['a'] }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EndpointRunFailure);
    expect(failure).toMatchObject({
      kind: 'contract',
      message:
        "the multiple-choice track's endpoint prompt uses {options}, which the test set's manifest.csv has no column for; its columns are case_id, file, question",
    });
    expect(stub!.requests()).toHaveLength(0);
  });

  it('refuses unreadable inputs and cases without a manifest row', async () => {
    const notZip = path.join(directory, 'not-a-zip.zip');
    await writeFile(notZip, 'plain text');
    await expect(run({}, { inputsZip: notZip, caseIds: ['a'] })).rejects.toMatchObject({
      kind: 'inputs',
      message: expect.stringMatching(/^test inputs: /),
    });
    await stub?.close();
    const { zip } = await questionsZip(1);
    stub = null;
    await expect(run({}, { inputsZip: zip, caseIds: ['q0', 'q9'] })).rejects.toMatchObject({
      kind: 'inputs',
      message: 'test inputs: 1 case has no row in manifest.csv ("q9")',
    });
  });

  it('fails a case as unparseable for a body that is not a chat completion, and keeps an empty answer', async () => {
    const { caseIds, zip } = await questionsZip(4);
    const result = await run(
      {
        answer: (request) => (request.text.includes('case 3?') ? '' : letterOfImage(request)),
        reply: (request) => {
          if (request.text.includes('case 0?'))
            return { status: 200, body: '<html>gateway</html>' };
          if (request.text.includes('case 1?'))
            return {
              status: 200,
              body: '{"choices":[{"message":{"content":null,"refusal":"no"}}]}',
            };
          if (request.text.includes('case 2?'))
            return { status: 302, body: '', headers: { location: 'http://10.0.0.1/' } };
          return undefined;
        },
      },
      { inputsZip: zip, caseIds },
    );
    expect(result.report.failures).toEqual([
      {
        caseId: 'q0',
        kind: 'unparseable',
        detail: 'the response is not JSON: "<html>gateway</html>"',
      },
      {
        caseId: 'q1',
        kind: 'unparseable',
        detail: 'choices[0].message.content is null (the model refused)',
      },
      {
        caseId: 'q2',
        kind: 'http',
        detail: 'HTTP 302: a redirect, which is not followed; register the URL it points to',
      },
    ]);
    expect(result.cases[3]).toMatchObject({ ok: true });
    expect(result.predictionsJsonl.split('\n')[3]).toBe('{"id":"q3","answer":""}');
    expect(stub!.requests()).toHaveLength(4);
  });

  it('sends the API key only in the Authorization header: an endpoint echoing it gets it redacted', async () => {
    const { caseIds, zip } = await questionsZip(2);
    // Case q1's echo straddles the 200-character excerpt: redacting after cutting would leak a prefix.
    const padding = 'x'.repeat(160);
    const result = await run(
      {
        reply: (request) => ({
          status: 401,
          body: JSON.stringify({
            error: {
              message: `${request.text.includes('case 1?') ? padding : ''}Incorrect API key provided: ${API_KEY}.`,
            },
          }),
        }),
      },
      { inputsZip: zip, caseIds },
    );
    expect(result.report.failures[0]!.detail).toBe(
      'HTTP 401: Incorrect API key provided: [API key].',
    );
    expect(result.report.failures[1]!.detail).toMatch(/^HTTP 401: x{160}Incorrect/);
    expect(JSON.stringify(result)).not.toContain(API_KEY.slice(0, 6));
    expect(stub!.requests().every((r) => r.authorization === `Bearer ${API_KEY}`)).toBe(true);
  });

  it('runs a two-section report track with one request per section', async () => {
    const contract = parseEndpointContract(
      'report-generation',
      { sections: { findings: 'Findings of {case_id}?', impression: 'Impression of {case_id}?' } },
      { reportSections: ['findings', 'impression'] },
    );
    const manifest = 'case_id,file\ns1,cxr/1.png\ns2,cxr/2.png\n';
    const zip = await writeZip([
      { name: 'manifest.csv', data: Buffer.from(manifest) },
      { name: 'cxr/1.png', data: greyPng(1) },
      { name: 'cxr/2.png', data: greyPng(2) },
    ]);
    const result = await run(
      { answer: (request) => `${request.text.split(' ')[0]} text ${pixelOf(request.imageBytes)}` },
      { inputsZip: zip, caseIds: ['s1', 's2'], contract, taskType: 'report-generation' },
    );
    expect(result.predictionsJsonl).toBe(
      '{"id":"s1","findings":"Findings text 1","impression":"Impression text 1"}\n' +
        '{"id":"s2","findings":"Findings text 2","impression":"Impression text 2"}\n',
    );
    expect(result.report.requests).toBe(4);
    expect(
      await parseReportPredictions(textOf(result.predictionsJsonl), {
        caseIds: ['s1', 's2'],
        sections: ['findings', 'impression'],
      }),
    ).toMatchObject({ ok: true });
  });
});

describe('runEndpoint under the egress policy', () => {
  it('refuses a URL the policy does not allow before reading anything', async () => {
    const { caseIds, zip } = await questionsZip(1);
    stub = await startChatCompletionsStub({ answer: () => 'A' });
    const failure = await runEndpoint({
      url: stub.url,
      modelName: 'm',
      taskType: 'multiple-choice',
      contract: CONTRACT,
      inputsZip: zip,
      caseIds,
      policy: parseEgressPolicy({ ENDPOINT_ALLOWED_HOSTS: '127.0.0.1' }),
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      kind: 'refused',
      message:
        'endpoint host 127.0.0.1 is in a private address range (127.0.0.0/8, loopback); the site does not allow it',
    });
    expect(stub.requests()).toHaveLength(0);
  });

  it('connects to a host name through the checked lookup', async () => {
    const { caseIds, zip } = await questionsZip(2);
    stub = await startChatCompletionsStub({ answer: letterOfImage });
    const resolved: string[] = [];
    const result = await runEndpoint({
      url: stub.url.replace('127.0.0.1', 'models.internal.test'),
      modelName: 'm',
      taskType: 'multiple-choice',
      contract: CONTRACT,
      inputsZip: zip,
      caseIds,
      policy: parseEgressPolicy({
        ENDPOINT_ALLOWED_HOSTS: '*.internal.test',
        ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.0/8',
      }),
      resolveHost: (hostname) => {
        resolved.push(hostname);
        return Promise.resolve(['127.0.0.1']);
      },
    });
    expect(result.report.failureCount).toBe(0);
    // Once for the URL check, then once per new connection.
    expect(resolved.length).toBeGreaterThanOrEqual(2);
    expect(new Set(resolved)).toEqual(new Set(['models.internal.test']));
  });

  it('stops the run when the host starts resolving to a refused address (DNS rebinding)', async () => {
    const { caseIds, zip } = await questionsZip(3);
    let lookups = 0;
    const failure = await runEndpoint({
      url: 'https://api.example.com/v1',
      modelName: 'm',
      apiKey: API_KEY,
      taskType: 'multiple-choice',
      contract: CONTRACT,
      inputsZip: zip,
      caseIds,
      policy: POLICY,
      // Public when the URL is checked, the cloud metadata address when connecting.
      resolveHost: () => Promise.resolve(lookups++ === 0 ? ['93.184.215.14'] : ['169.254.169.254']),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EndpointRunFailure);
    expect(failure).toMatchObject({
      kind: 'refused',
      message:
        'endpoint host api.example.com now resolves to 169.254.169.254, which is in a private address range (169.254.0.0/16, link-local, cloud metadata); the site does not allow it',
    });
    expect(lookups).toBeGreaterThan(1);
  });

  it('refuses an API key that cannot be a header value, without echoing it', async () => {
    const { caseIds, zip } = await questionsZip(1);
    const failure = await run(
      {},
      { inputsZip: zip, caseIds, apiKey: `${API_KEY}\r\nX-Injected: 1` },
    ).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'refused' });
    expect((failure as Error).message).not.toContain('SECRET');
    expect(stub!.requests()).toHaveLength(0);
  });

  it('stops when its signal is aborted', async () => {
    const { caseIds, zip } = await questionsZip(6);
    const controller = new AbortController();
    const running = run(
      { delayMs: 200 },
      {
        inputsZip: zip,
        caseIds,
        signal: controller.signal,
        contract: withLimits({ concurrency: 1 }),
      },
    );
    setTimeout(() => controller.abort(new Error('worker shutting down')), 300);
    await expect(running).rejects.toThrow('worker shutting down');
    expect(stub!.requests().length).toBeLessThan(4);
  });
});

describe('https endpoints', () => {
  /** A self-signed certificate (its own trust anchor) for `names`, made by the openssl CLI. */
  function selfSigned(subjectAltName: string): { key: string; cert: string } {
    const keyFile = path.join(directory, `key-${zipCount}.pem`);
    const certFile = path.join(directory, `cert-${zipCount++}.pem`);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=medrank-test-endpoint',
        '-addext',
        `subjectAltName=${subjectAltName}`,
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  }

  it('answers through a verified certificate, by IP and by host name', async () => {
    const tls = selfSigned('IP:127.0.0.1,DNS:models.internal.test');
    const { caseIds, zip } = await questionsZip(4);
    const result = await run({ tls }, { inputsZip: zip, caseIds, extraCaCertificates: tls.cert });
    expect(stub!.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(result.report).toEqual({ requests: 4, retries: 0, failureCount: 0, failures: [] });
    expect(stub!.requests()[0]!.authorization).toBe(`Bearer ${API_KEY}`);
    const byName = await runEndpoint({
      url: stub!.url.replace('127.0.0.1', 'models.internal.test'),
      modelName: 'm',
      taskType: 'multiple-choice',
      contract: CONTRACT,
      inputsZip: zip,
      caseIds,
      policy: parseEgressPolicy({
        ENDPOINT_ALLOWED_HOSTS: '*.internal.test',
        ENDPOINT_ALLOWED_PRIVATE_RANGES: '127.0.0.0/8',
      }),
      resolveHost: () => Promise.resolve(['127.0.0.1']),
      extraCaCertificates: tls.cert,
    });
    expect(byName.report.failureCount).toBe(0);
  });

  it.each<[string, string, boolean, RegExp]>([
    ['a certificate nobody vouches for', 'IP:127.0.0.1', false, /self-signed certificate/],
    [
      'a trusted certificate for another host',
      'DNS:other.example',
      true,
      /ERR_TLS_CERT_ALTNAME_INVALID: Hostname\/IP does not match certificate's altnames/,
    ],
  ])('refuses %s before sending the request (and its key)', async (_, names, trusted, detail) => {
    const tls = selfSigned(names);
    const { caseIds, zip } = await questionsZip(2);
    const result = await run(
      { tls },
      { inputsZip: zip, caseIds, ...(trusted ? { extraCaCertificates: tls.cert } : {}) },
    );
    expect(result.report.failureCount).toBe(2);
    for (const failure of result.report.failures) {
      expect(failure.kind).toBe('network');
      expect(failure.detail).toMatch(detail);
    }
    // The TLS handshake failed: no request, so no API key, ever reached the server.
    expect(stub!.requests()).toHaveLength(0);
  });
});
