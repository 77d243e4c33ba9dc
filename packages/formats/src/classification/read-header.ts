import type { FileIssue } from '@medrank/core';

export interface HeaderColumns {
  /** Trimmed column names in file order. */
  names: string[];
  /** Column position by name (first occurrence). */
  position: Map<string, number>;
  duplicates: string[];
}

export function readHeader(fields: string[]): HeaderColumns {
  const names = fields.map((f) => f.trim());
  const position = new Map<string, number>();
  const duplicates: string[] = [];
  names.forEach((name, i) => {
    if (position.has(name)) duplicates.push(name);
    else position.set(name, i);
  });
  return { names, position, duplicates };
}

/** One issue explaining exactly which header was expected and what was found. */
export function headerIssue(
  expected: string[],
  header: HeaderColumns,
  allowed: Set<string>,
): FileIssue | null {
  const missing = expected.filter((name) => !header.position.has(name));
  const unexpected = header.names.filter((name) => !allowed.has(name));
  if (missing.length === 0 && unexpected.length === 0 && header.duplicates.length === 0)
    return null;
  const parts = [
    `expected columns ${quoteList(expected)} (any order); found ${quoteList(header.names)}`,
  ];
  if (missing.length > 0) parts.push(`missing ${quoteList(missing)}`);
  if (unexpected.length > 0) parts.push(`unexpected ${quoteList(unexpected)}`);
  if (header.duplicates.length > 0) parts.push(`repeated ${quoteList(header.duplicates)}`);
  return { line: 1, message: `header: ${parts.join('; ')}` };
}

export function quoteList(names: readonly string[], maxShown = 20): string {
  const shown = names
    .slice(0, maxShown)
    .map((n) => `"${n}"`)
    .join(', ');
  return names.length > maxShown ? `${shown} and ${names.length - maxShown} more` : shown;
}
