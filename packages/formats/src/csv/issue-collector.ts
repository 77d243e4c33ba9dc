import type { FileIssue } from '@medrank/core';

/** Either the parsed value or the problems found, the first `maxIssues` kept plus a total count. */
export type ParseResult<T> =
  { ok: true; value: T } | { ok: false; issues: FileIssue[]; issueCount: number };

/** Keeps the first `maxIssues` issues (in file order) and counts all of them. */
export class IssueCollector {
  readonly issues: FileIssue[] = [];
  count = 0;
  constructor(private readonly maxIssues: number) {
    if (!Number.isInteger(maxIssues) || maxIssues < 1)
      throw new RangeError(`maxIssues must be a positive integer, got ${maxIssues}`);
  }
  add(issue: FileIssue): void {
    this.count++;
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
  }
  get hasIssues(): boolean {
    return this.count > 0;
  }
  fail<T>(): ParseResult<T> {
    return { ok: false, issues: this.issues, issueCount: this.count };
  }
}
