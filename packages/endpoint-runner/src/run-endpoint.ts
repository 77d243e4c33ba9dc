import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZipFormatError } from '@medrank/formats';
import type { EndpointContract } from '@medrank/task-contracts/config';
import {
  chatRequestBody,
  describeHttpStatus,
  readChatAnswer,
  retryAfterMs,
} from './chat/chat-completion.js';
import {
  checkEndpointUrl,
  resolveWithSystemDns,
  type HostResolver,
} from './egress/check-endpoint-url.js';
import type { EgressPolicy } from './egress/egress-policy.js';
import { EndpointRunFailure } from './endpoint-run-failure.js';
import { createAgent, guardedPost } from './http/guarded-post.js';
import { ACCEPTED_IMAGE_FORMATS, MAX_IMAGE_BYTES, imageDataUrl } from './inputs/image-data-url.js';
import { openCaseInputs, readEntry, type CaseInputs } from './inputs/open-case-inputs.js';
import { placeholdersOf, renderPrompt } from './prompt/render-prompt.js';

/** Why one case got no usable answer. */
export type EndpointCaseFailureKind =
  'timeout' | 'http' | 'network' | 'unparseable' | 'budget' | 'inputs';

export interface EndpointCaseFailure {
  caseId: string;
  kind: EndpointCaseFailureKind;
  /** The endpoint's behaviour only: a status and an excerpt of its own body, a timeout, a code. */
  detail: string;
}

export interface EndpointRunReport {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests that were retries. */
  retries: number;
  /** Cases without a usable answer (each is an empty answer in the predictions). */
  failureCount: number;
  /** The first MAX_REPORTED_FAILURES failures, in case order. */
  failures: EndpointCaseFailure[];
}

export interface EndpointRunCase {
  caseId: string;
  /** Time of the requests that answered (for a failed case: of its attempts); backoff excluded. */
  latencyMs: number;
  ok: boolean;
}

export interface EndpointRun {
  /**
   * One JSON line per case in `caseIds` order: `{"id", "answer"}` for the VQA task types,
   * `{"id", "<section>": …}` for report generation; a failed case's fields are `""`.
   */
  predictionsJsonl: string;
  cases: EndpointRunCase[];
  report: EndpointRunReport;
}

export interface RetryBackoff {
  /** Wait before the first retry; doubled each retry, with jitter (50–100 % of it). */
  baseMs: number;
  maxMs: number;
  /** A Retry-After header is honoured up to this. */
  retryAfterMaxMs: number;
}

export interface RunEndpointOptions {
  /** The registered URL: an API base (`https://api.example.com/v1`) or a full `…/chat/completions` URL. */
  url: string;
  modelName: string;
  /** Sent as `Authorization: Bearer …`; never in a message, a detail or a log. */
  apiKey?: string;
  /** The track's task type, for messages. */
  taskType: string;
  contract: EndpointContract;
  /** Path of the test set's inputs zip (docs/test-inputs.md). */
  inputsZip: string;
  /** The test set's cases, in the order of the predictions. */
  caseIds: readonly string[];
  policy: EgressPolicy;
  onProgress?(done: number, total: number): void;
  /** Aborting stops the run; it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Name resolution (default: the system's); tests give made-up names addresses. */
  resolveHost?: HostResolver;
  /**
   * CA certificates (PEM) trusted for https endpoints beside Node's bundled roots: a site's
   * private CA (a site may set NODE_EXTRA_CA_CERTS for its workers instead), a test's
   * self-signed stand-in. Certificates are always verified.
   */
  extraCaCertificates?: string;
  retryBackoff?: Partial<RetryBackoff>;
}

export const MAX_REPORTED_FAILURES = 200;
export const MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_RETRY_BACKOFF: Readonly<RetryBackoff> = {
  baseMs: 500,
  maxMs: 10_000,
  retryAfterMaxMs: 30_000,
};
const MODEL_NAME_MAX_CHARS = 200;
const USER_AGENT = 'MedRank-endpoint-runner/0.1';

type FailedAnswer = { ok: false; kind: EndpointCaseFailureKind; detail: string; latencyMs: number };
type Answer = { ok: true; text: string; latencyMs: number } | FailedAnswer;

/** Thrown inside a run to stop its other workers; the run rethrows the cause. */
class RunStopped extends Error {}

function checkRegistration(modelName: string, apiKey: string | undefined): void {
  if (
    modelName.length === 0 ||
    modelName.length > MODEL_NAME_MAX_CHARS ||
    /\p{Cc}/u.test(modelName)
  )
    throw new EndpointRunFailure(
      'refused',
      `the model name must be 1 to ${MODEL_NAME_MAX_CHARS} characters without control characters`,
    );
  if (apiKey !== undefined && !/^[\x21-\x7e]+$/.test(apiKey))
    throw new EndpointRunFailure(
      'refused',
      'the API key has characters an HTTP header cannot carry (spaces, line breaks or non-ASCII characters)',
    );
}

function checkInputsCoverRun(
  inputs: CaseInputs,
  { contract, caseIds, taskType }: Pick<RunEndpointOptions, 'contract' | 'caseIds' | 'taskType'>,
): void {
  const seen = new Set<string>();
  for (const caseId of caseIds) {
    if (seen.has(caseId))
      throw new EndpointRunFailure('inputs', `case "${caseId}" is listed twice in the test set`);
    seen.add(caseId);
  }
  for (const { field, template } of contract.prompts) {
    const missing = placeholdersOf(template).filter((name) => !inputs.columns.includes(name));
    if (missing.length > 0)
      throw new EndpointRunFailure(
        'contract',
        `the ${taskType} track's endpoint prompt${contract.prompts.length > 1 ? ` for "${field}"` : ''} uses ${missing.map((m) => `{${m}}`).join(', ')}, which the test set's ${inputs.manifestName} has no column for; its columns are ${inputs.columns.join(', ')}`,
      );
  }
  const absent = caseIds.filter((caseId) => !inputs.rowOf(caseId));
  if (absent.length > 0)
    throw new EndpointRunFailure(
      'inputs',
      `test inputs: ${absent.length} case${absent.length > 1 ? 's have' : ' has'} no row in ${inputs.manifestName} (${absent
        .slice(0, 5)
        .map((c) => `"${c}"`)
        .join(', ')}${absent.length > 5 ? ', …' : ''})`,
    );
}

/**
 * Sends every case of a test set to an OpenAI-compatible chat-completions endpoint
 * (docs/endpoint-submissions.md) and turns the answers into a predictions file the scoring path
 * reads like an upload. Each case is one user message per prompt (text + image as a data URL),
 * at most `limits.concurrency` in flight, each request within `limits.requestTimeoutMs`, network
 * errors, timeouts, 429 and 5xx retried `limits.retries` times with backoff, the whole run within
 * `limits.totalSeconds`. A case that gets no usable answer is an empty answer plus a failure in
 * the report; it never stops the run.
 * @throws {EndpointRunFailure} `refused` (egress policy, now or at a connection, or an unusable
 *   registration), `inputs` (zip, manifest, case list), `contract` (a prompt column the
 *   manifest lacks).
 */
export async function runEndpoint(options: RunEndpointOptions): Promise<EndpointRun> {
  const { contract, caseIds, policy, signal } = options;
  const apiKey = options.apiKey === '' ? undefined : options.apiKey;
  const resolveHost = options.resolveHost ?? resolveWithSystemDns;
  const backoff = { ...DEFAULT_RETRY_BACKOFF, ...options.retryBackoff };
  const { concurrency, requestTimeoutMs, retries, totalSeconds } = contract.limits;
  const redact = (text: string) => (apiKey ? text.replaceAll(apiKey, '[API key]') : text);

  checkRegistration(options.modelName, apiKey);
  const check = await checkEndpointUrl(options.url, policy, { resolveHost });
  if (!check.ok) throw new EndpointRunFailure('refused', redact(check.message));
  const url = check.url;
  const inputs = await openCaseInputs(options.inputsZip);

  const agent = createAgent(url, concurrency, options.extraCaCertificates);
  const budget = new AbortController();
  const stop = new AbortController();
  const deadline = performance.now() + totalSeconds * 1000;
  const budgetTimer = setTimeout(() => budget.abort(), totalSeconds * 1000);
  const requestSignal = AbortSignal.any(
    [budget.signal, stop.signal, signal].filter((s): s is AbortSignal => s !== undefined),
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'accept-encoding': 'identity',
    'user-agent': USER_AGENT,
    ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
  };
  const report: EndpointRunReport = { requests: 0, retries: 0, failureCount: 0, failures: [] };
  const failures: (EndpointCaseFailure & { index: number })[] = [];
  const fields = contract.prompts.map((p) => p.field);
  const results = caseIds.map(() => ({
    ok: false,
    latencyMs: 0,
    answers: Object.fromEntries(fields.map((f) => [f, ''])),
  }));
  let firstError: unknown = null;
  const budgetFailure = (latencyMs: number): FailedAnswer => ({
    ok: false,
    kind: 'budget',
    detail: `the run's budget of ${totalSeconds} s ran out before this case was answered`,
    latencyMs,
  });

  /** One prompt of one case, with its retries. */
  const ask = async (body: Buffer): Promise<Answer> => {
    let latencyMs = 0;
    for (let attempt = 0; ; attempt++) {
      const remainingMs = deadline - performance.now();
      if (remainingMs <= 0 || budget.signal.aborted) return budgetFailure(latencyMs);
      if (stop.signal.aborted || signal?.aborted) throw new RunStopped();
      const timeoutMs = Math.min(requestTimeoutMs, Math.ceil(remainingMs));
      report.requests++;
      if (attempt > 0) report.retries++;
      const started = performance.now();
      const outcome = await guardedPost(url, body, {
        policy,
        resolveHost,
        headers,
        timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        agent,
        signal: requestSignal,
      });
      latencyMs += performance.now() - started;
      const attempts = attempt === 0 ? '' : ` (after ${attempt + 1} attempts)`;
      let failure: { kind: EndpointCaseFailureKind; detail: string; isRetryable: boolean };
      let waitMs: number | null = null;
      switch (outcome.kind) {
        case 'aborted':
          if (budget.signal.aborted) return budgetFailure(latencyMs);
          throw new RunStopped();
        case 'refused':
          throw new EndpointRunFailure('refused', redact(outcome.detail));
        case 'timeout':
          if (timeoutMs < requestTimeoutMs) return budgetFailure(latencyMs);
          failure = {
            kind: 'timeout',
            detail: `no complete response within ${timeoutMs} ms`,
            isRetryable: true,
          };
          break;
        case 'network':
          failure = { kind: 'network', detail: redact(outcome.detail), isRetryable: true };
          break;
        case 'too-large':
          failure = {
            kind: 'unparseable',
            detail: `the response passed ${outcome.maxBytes} bytes`,
            isRetryable: false,
          };
          break;
        case 'response': {
          const { status } = outcome;
          const text = redact(outcome.body.toString('utf8'));
          if (status >= 200 && status < 300) {
            const answer = readChatAnswer(text);
            if (answer.ok) return { ok: true, text: answer.text, latencyMs };
            failure = { kind: 'unparseable', detail: answer.detail, isRetryable: false };
          } else if (status >= 300 && status < 400) {
            failure = {
              kind: 'http',
              detail: `HTTP ${status}: a redirect, which is not followed; register the URL it points to`,
              isRetryable: false,
            };
          } else {
            failure = {
              kind: 'http',
              detail: describeHttpStatus(status, text),
              isRetryable: status === 429 || status >= 500,
            };
            const asked = retryAfterMs(outcome.headers['retry-after']);
            if (asked !== null) waitMs = Math.min(asked, backoff.retryAfterMaxMs);
          }
        }
      }
      if (!failure.isRetryable || attempt >= retries)
        return { ok: false, kind: failure.kind, detail: `${failure.detail}${attempts}`, latencyMs };
      const exponentialMs = Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
      const jitteredMs = exponentialMs * (0.5 + Math.random() / 2);
      const delayMs = Math.max(jitteredMs, waitMs ?? 0);
      if (performance.now() + delayMs >= deadline) return budgetFailure(latencyMs);
      try {
        await sleep(delayMs, undefined, { signal: requestSignal });
      } catch {
        if (budget.signal.aborted) return budgetFailure(latencyMs);
        throw new RunStopped();
      }
    }
  };

  const runCase = async (index: number): Promise<void> => {
    const caseId = caseIds[index]!;
    const row = inputs.rowOf(caseId)!;
    const fail = (kind: EndpointCaseFailureKind, detail: string, latencyMs = 0) => {
      failures.push({ index, caseId, kind, detail: redact(detail) });
      results[index]!.latencyMs = latencyMs;
    };
    if (performance.now() >= deadline) return fail('budget', budgetFailure(0).detail);
    const columns = { ...row.columns, case_id: row.caseId, file: row.file };
    const texts: string[] = [];
    for (const { template } of contract.prompts) {
      const rendered = renderPrompt(template, columns);
      if (!rendered.ok)
        return fail('inputs', `${inputs.manifestName} line ${row.line}: ${rendered.problem}`);
      texts.push(rendered.text);
    }
    const entry = inputs.entryOf(row.file);
    if (!entry)
      return fail(
        'inputs',
        `"${row.file}" (${inputs.manifestName} line ${row.line}) is not in the inputs zip`,
      );
    if (entry.declaredBytes > MAX_IMAGE_BYTES)
      return fail(
        'inputs',
        `"${row.file}" has ${entry.declaredBytes} bytes; an image sent to an endpoint has at most ${MAX_IMAGE_BYTES}`,
      );
    let imageUrl: string | null;
    try {
      imageUrl = imageDataUrl(await readEntry(entry));
    } catch (error) {
      if (error instanceof ZipFormatError) return fail('inputs', error.issue.message);
      throw error;
    }
    if (imageUrl === null)
      return fail(
        'inputs',
        `"${row.file}" is not a ${ACCEPTED_IMAGE_FORMATS} image, the formats sent to endpoints (as image_url data URLs)`,
      );
    let latencyMs = 0;
    const answers: Record<string, string> = {};
    for (const [i, prompt] of contract.prompts.entries()) {
      const answer = await ask(
        chatRequestBody({
          modelName: options.modelName,
          ...(contract.system === undefined ? {} : { system: contract.system }),
          text: texts[i]!,
          imageUrl,
          maxTokens: contract.maxTokens,
          temperature: contract.temperature,
        }),
      );
      latencyMs += answer.latencyMs;
      if (!answer.ok)
        return fail(
          answer.kind,
          contract.prompts.length > 1 ? `${prompt.field}: ${answer.detail}` : answer.detail,
          Math.round(latencyMs),
        );
      answers[prompt.field] = answer.text;
    }
    results[index] = { ok: true, latencyMs: Math.round(latencyMs), answers };
  };

  let next = 0;
  let done = 0;
  const work = async () => {
    while (firstError === null) {
      const index = next++;
      if (index >= caseIds.length) return;
      try {
        await runCase(index);
        done++;
        options.onProgress?.(done, caseIds.length);
      } catch (error) {
        if (!(error instanceof RunStopped) && firstError === null) firstError = error;
        stop.abort();
        return;
      }
    }
  };
  try {
    checkInputsCoverRun(inputs, options);
    await Promise.all(Array.from({ length: Math.min(concurrency, caseIds.length) }, work));
  } finally {
    clearTimeout(budgetTimer);
    agent.destroy();
    inputs.close();
  }
  if (signal?.aborted) throw signal.reason;
  if (firstError !== null) throw firstError;

  failures.sort((a, b) => a.index - b.index);
  report.failureCount = failures.length;
  report.failures = failures
    .slice(0, MAX_REPORTED_FAILURES)
    .map(({ caseId, kind, detail }) => ({ caseId, kind, detail }));
  const lines = caseIds.map((caseId, i) => JSON.stringify({ id: caseId, ...results[i]!.answers }));
  return {
    predictionsJsonl: lines.length === 0 ? '' : `${lines.join('\n')}\n`,
    cases: caseIds.map((caseId, i) => ({
      caseId,
      latencyMs: results[i]!.latencyMs,
      ok: results[i]!.ok,
    })),
    report,
  };
}
