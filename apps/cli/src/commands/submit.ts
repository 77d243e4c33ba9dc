import { openAsBlob, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../env.js';

interface SubmitOptions {
  url: string;
  token: string;
  benchmark: string;
  file?: string;
  model?: string;
  endpoint?: string;
  modelName?: string;
  apiKeyEnv?: string;
  method?: string;
  track?: string;
  team?: string;
  description?: string;
  wait: boolean;
  json: boolean;
  timeout: string;
}

interface Score {
  metric: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
}
interface Submission {
  id: string;
  status: string;
  progress: number;
  error: {
    message: string;
    issues: { line?: number; column?: string; caseId?: string; message: string }[];
    issueCount: number;
  } | null;
  evaluations: {
    testSetSlug: string;
    testSetName: string;
    caseCount: number;
    scores: Score[];
    /** Facts about the scoring, e.g. a model run's inference time per case. */
    notes?: string[];
  }[];
}

const FINAL = new Set(['SCORED', 'FAILED', 'CANCELLED']);

async function api<T>(url: string, token: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, ...init.headers },
    });
  } catch (error) {
    throw new CliError(
      `cannot reach ${new URL(url).origin}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error}`,
    );
  }
  const body = (await response.json().catch(() => null)) as
    ({ error?: { message: string } } & T) | null;
  if (!response.ok)
    throw new CliError(`HTTP ${response.status}: ${body?.error?.message ?? response.statusText}`);
  return body as T;
}

function printHuman(submission: Submission): void {
  if (submission.status === 'SCORED') {
    for (const evaluation of submission.evaluations) {
      console.log(`scored on ${evaluation.testSetName} (${evaluation.caseCount} cases):`);
      for (const s of evaluation.scores) {
        const ci =
          s.ciLow !== null && s.ciHigh !== null
            ? `  95% CI [${s.ciLow.toFixed(4)}, ${s.ciHigh.toFixed(4)}]`
            : '';
        console.log(
          `  ${s.metric.padEnd(20)} ${s.value === null ? 'n/a' : s.value.toFixed(4)}${ci}`,
        );
      }
      for (const note of evaluation.notes ?? []) console.log(`  ${note}`);
    }
  } else if (submission.error) {
    console.error(`failed: ${submission.error.message}`);
    for (const issue of submission.error.issues) {
      const where = [
        issue.line !== undefined ? `line ${issue.line}` : null,
        issue.caseId ? `case ${issue.caseId}` : null,
        issue.column ?? null,
      ]
        .filter(Boolean)
        .join(', ');
      console.error(`  ${where ? `${where}: ` : ''}${issue.message}`);
    }
    if (submission.error.issueCount > submission.error.issues.length) {
      console.error(`  …and ${submission.error.issueCount - submission.error.issues.length} more`);
    }
  } else {
    console.log(`status: ${submission.status.toLowerCase()}`);
  }
}

/** The method card's fields every kind of submission sends, before the file (the server routes by them). */
function appendCard(form: FormData, options: SubmitOptions, defaultMethod: string): void {
  form.append('methodName', options.method ?? defaultMethod);
  if (options.track) form.append('track', options.track);
  if (options.team) form.append('team', options.team);
  if (options.description) form.append('description', options.description);
}

async function appendFile(form: FormData, options: SubmitOptions): Promise<void> {
  const flag = options.model === undefined ? '--file' : '--model';
  const file = (options.model ?? options.file)!;
  // The platform runs an upload as a model when its name ends in .onnx.
  if (options.model !== undefined && !/\.onnx$/i.test(file))
    throw new CliError(`--model ${file}: an ONNX model's file name ends in .onnx`, 2);
  let bytes: number;
  try {
    bytes = statSync(file).size;
  } catch {
    throw new CliError(`${flag} ${file}: no such file`, 2);
  }
  appendCard(form, options, path.basename(file).replace(/\.[^.]+$/, ''));
  // openAsBlob streams the file from disk instead of reading it into memory.
  form.append('file', await openAsBlob(file), path.basename(file));
  if (!options.json)
    console.error(`uploading ${path.basename(file)} (${bytes} bytes) to ${options.benchmark}…`);
}

function appendEndpoint(form: FormData, options: SubmitOptions): void {
  const endpoint = options.endpoint!;
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    throw new CliError(`--endpoint "${endpoint}" is not an http(s) URL`, 2);
  }
  if (!options.modelName)
    throw new CliError('--endpoint needs --model-name: the model name its requests ask for', 2);
  let apiKey: string | undefined;
  if (options.apiKeyEnv !== undefined) {
    apiKey = process.env[options.apiKeyEnv];
    if (!apiKey)
      throw new CliError(
        `--api-key-env ${options.apiKeyEnv}: that variable is not set or empty`,
        2,
      );
  }
  appendCard(form, options, options.modelName);
  form.append('endpointUrl', endpoint);
  form.append('endpointModel', options.modelName);
  if (apiKey) form.append('endpointApiKey', apiKey);
  if (!options.json)
    console.error(
      `registering endpoint ${endpoint} (model ${options.modelName}${apiKey ? ', with an API key' : ''}) on ${options.benchmark}…`,
    );
}

export function registerSubmitCommand(program: Command): void {
  program
    .command('submit')
    .description(
      'submit a predictions file (--file), an ONNX model (--model, for a track that runs models) or an OpenAI-compatible endpoint (--endpoint with --model-name, for a track that calls endpoints) to a benchmark; with --wait, follow it until it is scored or fails',
    )
    .requiredOption('--url <url>', 'MedRank base URL, e.g. http://localhost:3000')
    .requiredOption('--token <token>', 'API token (medrank token create, or the Account page)')
    .requiredOption('--benchmark <slug>')
    .option('--file <path>', 'a predictions file')
    .option(
      '--model <path>',
      "an ONNX model (.onnx): MedRank runs it on the track's test inputs and scores its outputs",
    )
    .option(
      '--endpoint <url>',
      "an OpenAI-compatible chat-completions endpoint (e.g. https://api.example.com/v1): MedRank's workers send it every case of the track's test inputs and score its answers",
    )
    .option('--model-name <name>', 'with --endpoint: the model name its requests ask for')
    .option(
      '--api-key-env <variable>',
      "with --endpoint: the environment variable holding the endpoint's API key (never a flag: flags end up in shell histories and process lists)",
    )
    .option(
      '--method <name>',
      'method name shown on the board (defaults to the file name, or the endpoint model name)',
    )
    .option('--track <slug>')
    .option('--team <slug>')
    .option('--description <text>')
    .option('--wait', 'wait until scored (exit 0) or failed (exit 1)', false)
    .option('--json', 'print the submission as JSON', false)
    .option('--timeout <seconds>', 'give up waiting after this long (exit 3)', '900')
    .action(async (options: SubmitOptions) => {
      let base: URL;
      try {
        base = new URL(options.url);
      } catch {
        throw new CliError(`--url "${options.url}" is not a URL`, 2);
      }
      const sources = [options.file, options.model, options.endpoint].filter(
        (v) => v !== undefined,
      );
      if (sources.length !== 1)
        throw new CliError(
          'give one of --file (a predictions file), --model (an ONNX model) or --endpoint (an OpenAI-compatible endpoint, with --model-name)',
          2,
        );
      const form = new FormData();
      if (options.endpoint !== undefined) {
        appendEndpoint(form, options);
      } else {
        if (options.modelName !== undefined || options.apiKeyEnv !== undefined)
          throw new CliError('--model-name and --api-key-env go with --endpoint', 2);
        await appendFile(form, options);
      }
      const created = await api<{ submission: Submission }>(
        new URL(
          `/api/v1/benchmarks/${encodeURIComponent(options.benchmark)}/submissions`,
          base,
        ).toString(),
        options.token,
        {
          method: 'POST',
          body: form,
        },
      );
      let submission = created.submission;
      if (!options.json)
        console.error(
          `submission ${submission.id}: ${new URL(`/submissions/${submission.id}`, base).toString()}`,
        );
      if (options.wait) {
        const deadline = Date.now() + Number(options.timeout) * 1000;
        let lastLine = '';
        while (!FINAL.has(submission.status)) {
          if (Date.now() > deadline) {
            if (options.json) console.log(JSON.stringify(submission, null, 2));
            throw new CliError(
              `still ${submission.status.toLowerCase()} after ${options.timeout} s; it goes on in the background`,
              3,
            );
          }
          await new Promise((r) => setTimeout(r, 1000));
          submission = (
            await api<{ submission: Submission }>(
              new URL(`/api/v1/submissions/${submission.id}`, base).toString(),
              options.token,
            )
          ).submission;
          const line = `${submission.status.toLowerCase()} ${submission.progress}%`;
          if (!options.json && line !== lastLine) console.error(`  ${line}`);
          lastLine = line;
        }
      }
      if (options.json) console.log(JSON.stringify(submission, null, 2));
      else printHuman(submission);
      if (submission.status === 'FAILED' || submission.status === 'CANCELLED') process.exitCode = 1;
    });
}
