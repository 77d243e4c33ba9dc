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

export function registerSubmitCommand(program: Command): void {
  program
    .command('submit')
    .description(
      'upload a predictions file (--file) or an ONNX model (--model, for a track that runs models) to a benchmark; with --wait, follow it until it is scored or fails',
    )
    .requiredOption('--url <url>', 'MedRank base URL, e.g. http://localhost:3000')
    .requiredOption('--token <token>', 'API token (medrank token create, or the Account page)')
    .requiredOption('--benchmark <slug>')
    .option('--file <path>', 'a predictions file')
    .option(
      '--model <path>',
      "an ONNX model (.onnx): MedRank runs it on the track's test inputs and scores its outputs",
    )
    .option('--method <name>', 'method name shown on the board (defaults to the file name)')
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
      if ((options.file === undefined) === (options.model === undefined))
        throw new CliError('give either --file (a predictions file) or --model (an ONNX model)', 2);
      const flag = options.model === undefined ? '--file' : '--model';
      const file = (options.model ?? options.file)!;
      // The worker runs an upload as a model when its name ends in .onnx.
      if (options.model !== undefined && !/\.onnx$/i.test(file))
        throw new CliError(`--model ${file}: an ONNX model's file name ends in .onnx`, 2);
      let bytes: number;
      try {
        bytes = statSync(file).size;
      } catch {
        throw new CliError(`${flag} ${file}: no such file`, 2);
      }
      const form = new FormData();
      form.append('methodName', options.method ?? path.basename(file).replace(/\.[^.]+$/, ''));
      if (options.track) form.append('track', options.track);
      if (options.team) form.append('team', options.team);
      if (options.description) form.append('description', options.description);
      // openAsBlob streams the file from disk instead of reading it into memory.
      form.append('file', await openAsBlob(file), path.basename(file));
      if (!options.json)
        console.error(`uploading ${path.basename(file)} (${bytes} bytes) to ${options.benchmark}…`);
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
