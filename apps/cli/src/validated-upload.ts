import { statSync } from 'node:fs';
import type { Command } from 'commander';
import {
  ApiRequestError,
  callApi,
  formatFileIssues,
  type ApiFileIssue,
  type ApiTarget,
} from './api-client.js';
import { CliError } from './env.js';

// The lifecycle every curator upload shares (ground truth, test inputs): the web stores the file,
// a worker validates it (VALIDATING → READY or INVALID), the curator confirms it. This module
// holds the parts of that lifecycle the commands would otherwise each write: the options, polling
// with a timeout, the confirm call with the rejected file's issues, and printing the issues.

/** What every validated upload answers with; each kind adds its own preview. */
export interface ValidatedUpload {
  id: string;
  benchmarkSlug: string;
  trackSlug: string;
  testSetSlug: string;
  status: string;
  fileName: string;
  error: { message: string; issues: ApiFileIssue[]; issueCount: number } | null;
}

export interface ApiOptions {
  url: string;
  token: string;
  json: boolean;
}
export interface WaitOptions extends ApiOptions {
  wait: boolean;
  timeout: string;
}

/** One kind of upload: where its status lives and how the CLI names its status command. */
export interface UploadKind {
  /** e.g. `/api/v1/curation/ground-truth-uploads` */
  statusPathPrefix: string;
  /** e.g. `medrank ground-truth` — used in "follow it with … status ID". */
  command: string;
}

const POLL_MS = 500;

export const uploadStatusPath = (kind: UploadKind, id: string) =>
  `${kind.statusPathPrefix}/${encodeURIComponent(id)}`;

export async function getUpload<U extends ValidatedUpload>(
  kind: UploadKind,
  target: ApiTarget,
  id: string,
): Promise<U> {
  return (await callApi<{ upload: U }>(target, uploadStatusPath(kind, id))).body.upload;
}

/** Polls until `isDone`; past the timeout, exit 3 (the work goes on on the server). */
export async function waitForUpload<U extends ValidatedUpload>(
  kind: UploadKind,
  target: ApiTarget,
  upload: U,
  isDone: (u: U) => boolean,
  options: WaitOptions,
): Promise<U> {
  const deadline = Date.now() + Number(options.timeout) * 1000;
  let current = upload;
  while (!isDone(current)) {
    if (Date.now() > deadline) {
      if (options.json) console.log(JSON.stringify(current, null, 2));
      throw new CliError(
        `upload ${current.id} is still ${current.status.toLowerCase()} after ${options.timeout} s; it goes on in the background (${kind.command} status ${current.id})`,
        3,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    current = await getUpload<U>(kind, target, current.id);
  }
  return current;
}

/**
 * POSTs the confirmation. A refusal that carries the rejected file's issues (409) becomes a
 * CliError listing them as `file:line: case id: message`.
 */
export async function confirmUpload<U extends ValidatedUpload>(
  kind: UploadKind,
  target: ApiTarget,
  id: string,
  fallbackFileName: string,
): Promise<U> {
  try {
    return (
      await callApi<{ upload: U }>(target, `${uploadStatusPath(kind, id)}/confirm`, {
        method: 'POST',
      })
    ).body.upload;
  } catch (error) {
    const issues = error instanceof ApiRequestError ? error.fileIssues : null;
    if (error instanceof ApiRequestError && issues) {
      const named = (error.details as { fileName?: unknown }).fileName;
      const fileName = typeof named === 'string' ? named : fallbackFileName;
      throw new CliError(
        `${error.message}\n${formatFileIssues(fileName, issues.issues, issues.issueCount)}`,
        1,
      );
    }
    throw error;
  }
}

/** Prints why an upload was rejected (stderr); the caller exits 1. */
export function printRejection(upload: ValidatedUpload): void {
  console.error(`upload ${upload.id}: rejected, nothing was applied`);
  console.error(`  ${upload.error?.message ?? 'the file is not valid'}`);
  if (upload.error?.issues.length)
    console.error(formatFileIssues(upload.fileName, upload.error.issues, upload.error.issueCount));
}

/**
 * Prints the upload as JSON (exit 1 when rejected or its apply failed) or for people, through
 * `printHuman`, which returns the exit code.
 */
export function reportUpload<U extends ValidatedUpload>(
  upload: U,
  options: ApiOptions,
  printHuman: (upload: U) => number,
): void {
  if (options.json) {
    console.log(JSON.stringify(upload, null, 2));
    if (upload.status === 'INVALID' || (upload.status === 'READY' && upload.error))
      process.exitCode = 1;
  } else {
    process.exitCode = printHuman(upload);
  }
}

/** The file's size in bytes; a missing file is a usage error (exit 2) before anything is sent. */
export function fileSize(file: string, flag = ''): number {
  try {
    return statSync(file).size;
  } catch {
    throw new CliError(`${flag}${file}: no such file`, 2);
  }
}

export const withApiOptions = (command: Command) =>
  command
    .requiredOption('--url <url>', 'MedRank base URL, e.g. http://localhost:3000')
    .requiredOption('--token <token>', 'API token of a curator of the benchmark')
    .option('--json', 'print the upload as JSON', false);

export const withWaitOptions = (command: Command, what: string) =>
  command
    .option('--no-wait', `return at once instead of waiting until ${what}`)
    .option('--timeout <seconds>', 'give up waiting after this long (exit 3)', '300');
