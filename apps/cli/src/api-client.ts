import { CliError } from './env.js';

// The CLI's side of MedRank's REST API (/api/v1) for commands that act as a signed-in person
// with an API token: the server checks who may do what, exactly as for the browser.

export interface ApiTarget {
  /** Base URL, e.g. http://localhost:3000. */
  base: URL;
  token: string;
}

/** A line-level problem of an uploaded file, as the API reports it (never a hidden label). */
export interface ApiFileIssue {
  line?: number;
  column?: string;
  caseId?: string;
  message: string;
}

/** A refusal from the server: its HTTP status, error code and details (e.g. a file's issues). */
export class ApiRequestError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly details: unknown,
  ) {
    super(message, 1);
  }

  /** The file issues that came with the error (`error.issues.issues`), if any. */
  get fileIssues(): { issues: ApiFileIssue[]; issueCount: number } | null {
    const details = this.details as { issues?: unknown; issueCount?: unknown } | null;
    if (!details || !Array.isArray(details.issues)) return null;
    const issues = details.issues as ApiFileIssue[];
    return {
      issues,
      issueCount: typeof details.issueCount === 'number' ? details.issueCount : issues.length,
    };
  }
}

/** `--url` and `--token` as an API target; a malformed URL is a usage error (exit 2). */
export function apiTarget({ url, token }: { url: string; token: string }): ApiTarget {
  try {
    return { base: new URL(url), token };
  } catch {
    throw new CliError(`--url "${url}" is not a URL`, 2);
  }
}

/** Sends one request with the token; returns the status and JSON body, or throws ApiRequestError. */
export async function callApi<T>(
  target: ApiTarget,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T }> {
  const url = new URL(path, target.base);
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { Authorization: `Bearer ${target.token}`, ...init.headers },
    });
  } catch (error) {
    throw new CliError(
      `cannot reach ${url.origin}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`,
    );
  }
  const body = (await response.json().catch(() => null)) as
    ({ error?: { code?: string; message?: string; issues?: unknown } } & T) | null;
  if (!response.ok)
    throw new ApiRequestError(
      `HTTP ${response.status}: ${body?.error?.message ?? response.statusText}`,
      response.status,
      body?.error?.code ?? null,
      body?.error?.issues ?? null,
    );
  return { status: response.status, body: body as T };
}

/**
 * Issues as `file:line: case <id>, <column>: message`, one per line; a message that starts with
 * its own "line N:" loses it (the prefix says it).
 */
export function formatFileIssues(
  fileName: string,
  issues: readonly ApiFileIssue[],
  issueCount = issues.length,
): string {
  const lines = issues.map((i) => {
    const where = [i.caseId ? `case ${i.caseId}` : null, i.column ?? null]
      .filter(Boolean)
      .join(', ');
    const message = i.line ? i.message.replace(/^line \d+(?::|,) /, '') : i.message;
    return `  ${fileName}${i.line ? `:${i.line}` : ''}: ${where ? `${where}: ` : ''}${message}`;
  });
  if (issueCount > issues.length) lines.push(`  …and ${issueCount - issues.length} more`);
  return lines.join('\n');
}
