import { openAsBlob, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  ApiRequestError,
  apiTarget,
  callApi,
  formatFileIssues,
  type ApiFileIssue,
  type ApiTarget,
} from '../api-client.js';
import { CliError } from '../env.js';

// Ground truth over the REST API, as the curation page does it: upload (the worker validates the
// file and previews it), then confirm (the worker applies it). The token's account must curate
// the benchmark; the server decides, so the CLI needs no database access.

interface Upload {
  id: string;
  benchmarkSlug: string;
  trackSlug: string;
  testSetSlug: string;
  status: 'VALIDATING' | 'READY' | 'INVALID' | 'APPLYING' | 'APPLIED' | 'SUPERSEDED';
  fileName: string;
  metadataFileName: string | null;
  preview: {
    caseCount: number;
    labelBalance: { label: string; count: number }[];
    categories: { dimension: string; counts: { category: string; count: number }[] }[];
  } | null;
  error: { message: string; issues: ApiFileIssue[]; issueCount: number } | null;
  appliedVersion: number | null;
}

interface ApiOptions {
  url: string;
  token: string;
  json: boolean;
}
interface WaitOptions extends ApiOptions {
  wait: boolean;
  timeout: string;
}

const POLL_MS = 500;
const uploadPath = (id: string) =>
  `/api/v1/curation/ground-truth-uploads/${encodeURIComponent(id)}`;

async function getUpload(target: ApiTarget, id: string): Promise<Upload> {
  return (await callApi<{ upload: Upload }>(target, uploadPath(id))).body.upload;
}

/** Polls until `isDone`; past the timeout, exit 3 (the work goes on on the server). */
async function waitFor(
  target: ApiTarget,
  upload: Upload,
  isDone: (u: Upload) => boolean,
  options: WaitOptions,
): Promise<Upload> {
  const deadline = Date.now() + Number(options.timeout) * 1000;
  let current = upload;
  while (!isDone(current)) {
    if (Date.now() > deadline) {
      if (options.json) console.log(JSON.stringify(current, null, 2));
      throw new CliError(
        `upload ${current.id} is still ${current.status.toLowerCase()} after ${options.timeout} s; it goes on in the background (medrank ground-truth status ${current.id})`,
        3,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    current = await getUpload(target, current.id);
  }
  return current;
}

const target = (u: Upload) => `${u.benchmarkSlug} / ${u.trackSlug} / ${u.testSetSlug}`;
const counts = (rows: { label: string; count: number }[]) =>
  rows.map((r) => `${r.label} ${r.count}`).join(', ');

/** Prints an upload for people; returns the exit code its state deserves (1 = rejected). */
function printUpload(upload: Upload, options: { url: string; token: string }): number {
  const files = `${upload.fileName}${upload.metadataFileName ? ` + ${upload.metadataFileName}` : ''}`;
  switch (upload.status) {
    case 'VALIDATING':
      console.log(
        `upload ${upload.id}: validating ${files} for ${target(upload)}; follow it with medrank ground-truth status ${upload.id}`,
      );
      return 0;
    case 'INVALID':
      console.error(`upload ${upload.id}: rejected, nothing was applied`);
      console.error(`  ${upload.error?.message ?? 'the file is not valid'}`);
      if (upload.error?.issues.length)
        console.error(
          formatFileIssues(upload.fileName, upload.error.issues, upload.error.issueCount),
        );
      return 1;
    case 'SUPERSEDED':
      console.log(`upload ${upload.id}: ${files} was replaced by a newer upload`);
      return 0;
    case 'APPLYING':
      console.log(`upload ${upload.id}: applying ${files} to ${target(upload)}…`);
      return 0;
    case 'READY':
    case 'APPLIED': {
      const preview = upload.preview;
      console.log(
        upload.status === 'APPLIED'
          ? `upload ${upload.id}: in use for ${target(upload)}${upload.appliedVersion !== null ? ` at evaluator v${upload.appliedVersion}` : ''}: ${preview?.caseCount ?? '?'} cases`
          : `upload ${upload.id}: valid, ${preview?.caseCount ?? '?'} cases for ${target(upload)}`,
      );
      if (preview?.labelBalance.length)
        console.log(`  label balance: ${counts(preview.labelBalance)}`);
      for (const d of preview?.categories ?? [])
        console.log(
          `  cases per ${d.dimension}: ${counts(d.counts.map((c) => ({ label: c.category, count: c.count })))}`,
        );
      // An apply that failed for good puts the upload back to READY with the reason.
      if (upload.status === 'READY' && upload.error) {
        console.error(`  the last apply failed: ${upload.error.message}`);
        return 1;
      }
      if (upload.status === 'READY')
        console.log(
          `confirm it with: medrank ground-truth confirm ${upload.id} --url ${options.url} --token …`,
        );
      return 0;
    }
  }
}

function report(upload: Upload, options: ApiOptions): void {
  if (options.json) {
    console.log(JSON.stringify(upload, null, 2));
    if (upload.status === 'INVALID' || (upload.status === 'READY' && upload.error))
      process.exitCode = 1;
  } else {
    process.exitCode = printUpload(upload, options);
  }
}

function fileSize(file: string, flag: string): number {
  try {
    return statSync(file).size;
  } catch {
    throw new CliError(`${flag}${file}: no such file`, 2);
  }
}

const apiOptions = (command: Command) =>
  command
    .requiredOption('--url <url>', 'MedRank base URL, e.g. http://localhost:3000')
    .requiredOption('--token <token>', 'API token of a curator of the benchmark')
    .option('--json', 'print the upload as JSON', false);

const waitOptions = (command: Command, what: string) =>
  command
    .option('--no-wait', `return at once instead of waiting until ${what}`)
    .option('--timeout <seconds>', 'give up waiting after this long (exit 3)', '300');

export function registerGroundTruthCommands(program: Command): void {
  const groundTruth = program
    .command('ground-truth')
    .description('hidden ground truth of a test set, over the API: upload, confirm, status');

  waitOptions(
    apiOptions(
      groundTruth
        .command('upload <file>')
        .description(
          'upload a ground-truth file for one test set; prints the validation result (case count and label balance, or every issue with its line and case id) and the upload id. Nothing is used until you confirm it',
        )
        .requiredOption('--benchmark <slug>')
        .requiredOption('--track <slug>')
        .requiredOption('--test-set <slug>')
        .option(
          '--metadata <file>',
          'case metadata CSV: case_id plus one column per category dimension',
        ),
    ),
    'the file is validated',
  ).action(
    async (
      file: string,
      options: WaitOptions & {
        benchmark: string;
        track: string;
        testSet: string;
        metadata?: string;
      },
    ) => {
      const api = apiTarget(options);
      const bytes = fileSize(file, '');
      if (options.metadata) fileSize(options.metadata, '--metadata ');
      const slug = encodeURIComponent(options.benchmark);
      const form = new FormData();
      form.append('track', options.track);
      form.append('testSet', options.testSet);
      if (options.metadata) {
        const metadata = new FormData();
        metadata.append(
          'file',
          await openAsBlob(options.metadata),
          path.basename(options.metadata),
        );
        const { body } = await callApi<{ key: string }>(
          api,
          `/api/v1/curation/benchmarks/${slug}/case-metadata`,
          { method: 'POST', body: metadata },
        );
        form.append('metadataKey', body.key);
        form.append('metadataFileName', path.basename(options.metadata));
      }
      // The fields go before the file (the server reads the parts in order); openAsBlob streams it.
      form.append('file', await openAsBlob(file), path.basename(file));
      if (!options.json)
        console.error(`uploading ${path.basename(file)} (${bytes} bytes) to ${options.benchmark}…`);
      const { body } = await callApi<{ upload: Upload }>(
        api,
        `/api/v1/curation/benchmarks/${slug}/ground-truth`,
        { method: 'POST', body: form },
      );
      let upload = body.upload;
      if (!options.json) console.error(`upload ${upload.id}: validating…`);
      if (options.wait)
        upload = await waitFor(api, upload, (u) => u.status !== 'VALIDATING', options);
      report(upload, options);
    },
  );

  waitOptions(
    apiOptions(
      groundTruth
        .command('confirm <uploadId>')
        .description(
          'use a validated upload as the test set’s ground truth (a first upload keeps the evaluator version; replacing truth creates the next one)',
        ),
    ),
    'it is applied',
  ).action(async (uploadId: string, options: WaitOptions) => {
    const api = apiTarget(options);
    let upload: Upload;
    try {
      upload = (
        await callApi<{ upload: Upload }>(api, `${uploadPath(uploadId)}/confirm`, {
          method: 'POST',
        })
      ).body.upload;
    } catch (error) {
      const issues = error instanceof ApiRequestError ? error.fileIssues : null;
      if (error instanceof ApiRequestError && issues) {
        const named = (error.details as { fileName?: unknown }).fileName;
        const fileName = typeof named === 'string' ? named : 'ground truth';
        throw new CliError(
          `${error.message}\n${formatFileIssues(fileName, issues.issues, issues.issueCount)}`,
          1,
        );
      }
      throw error;
    }
    if (options.wait)
      upload = await waitFor(
        api,
        upload,
        // Back to READY with an error: the apply failed for good.
        (u) => u.status !== 'APPLYING',
        options,
      );
    report(upload, options);
  });

  apiOptions(
    groundTruth
      .command('status <uploadId>')
      .description(
        'where an upload is: validating, valid (with its preview), rejected (with its issues), applied',
      ),
  ).action(async (uploadId: string, options: ApiOptions) => {
    report(await getUpload(apiTarget(options), uploadId), options);
  });
}
